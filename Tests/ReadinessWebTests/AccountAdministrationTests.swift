import Foundation
@testable import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport
@testable import ReadinessWeb

/// The account use cases as a manager calls them: communes 23344 and 21010 of Quảng Ngãi (51), and 00004
/// of Hà Nội (01). Admin `admin`; province staff `tinh-qn` (51) and `tinh-hn` (01); officers `xa-dakplo`
/// (23344) and `hn-ba-dinh` (00004).
@Suite struct AccountAdministrationTests {
    struct Fixture {
        let harness: WebHarness
        let admin: AccountSummary
        let quangNgai: AccountSummary
        let haNoi: AccountSummary
        let officer: AccountSummary
        var service: AccountService { harness.accounts }
    }

    static func fixture() async throws -> Fixture {
        let harness = try await WebHarness()
        try harness.database.upsertCommunes([
            Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, provinceCode: "51", provinceName: "Quảng Ngãi"),
            Commune(code: "21010", name: "Phường Cẩm Thành", type: .phuong, provinceCode: "51", provinceName: "Quảng Ngãi"),
            Commune(code: "00004", name: "Phường Ba Đình", type: .phuong, provinceCode: "01", provinceName: "Hà Nội"),
        ])
        let admin = try await harness.account("admin", role: .admin)
        let quangNgai = try await harness.account("tinh-qn", role: .province, province: "51")
        let haNoi = try await harness.account("tinh-hn", role: .province, province: "01")
        let officer = try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.account("hn-ba-dinh", role: .commune, commune: "00004")
        return Fixture(harness: harness, admin: admin, quangNgai: quangNgai, haNoi: haNoi, officer: officer)
    }

    static func csv(_ rows: String) -> AccountsFile { AccountsFile(fileName: "accounts.csv", bytes: Array(rows.utf8)) }

    @Test("an admin sees every account with its commune's and province's names and its last sign-in")
    func adminListsAll() async throws {
        let f = try await Self.fixture()
        _ = try await f.service.verifyLogin(LoginAttempt(name: "xa-dakplo", password: "correct horse battery", address: ""))
        let listed = try await f.service.accounts(managedBy: f.admin)
        #expect(listed.map(\.account.name) == ["admin", "hn-ba-dinh", "tinh-hn", "tinh-qn", "xa-dakplo"])
        let officer = try #require(listed.first { $0.account.name == "xa-dakplo" })
        #expect(officer.communeName == "Xã Đăk Plô")
        #expect(officer.provinceName == "Quảng Ngãi")
        #expect(officer.account.lastSignInAt != nil)
        let staff = try #require(listed.first { $0.account.name == "tinh-hn" })
        #expect(staff.communeName == nil)
        #expect(staff.provinceName == "Hà Nội")
        #expect(listed.first { $0.account.name == "hn-ba-dinh" }?.account.lastSignInAt == nil)
    }

    @Test("province staff see only their own province's commune officers, never another province's or any admin or staff account")
    func provinceSeesOwnOfficers() async throws {
        let f = try await Self.fixture()
        #expect(try await f.service.accounts(managedBy: f.quangNgai).map(\.account.name) == ["xa-dakplo"])
        #expect(try await f.service.accounts(managedBy: f.haNoi).map(\.account.name) == ["hn-ba-dinh"])
        #expect(try await f.service.choices(for: f.quangNgai).communes.map(\.code).sorted() == ["21010", "23344"])
        #expect(try await f.service.choices(for: f.quangNgai).roles == [.commune])
    }

    @Test("province staff cannot disable, enable or reset another province's officer, an admin or a staff account")
    func provinceCannotTouchOthers() async throws {
        let f = try await Self.fixture()
        for name in ["hn-ba-dinh", "admin", "tinh-hn", "tinh-qn"] {
            await #expect(throws: AccountError.noSuchAccount(name)) { try await f.service.setDisabled(true, name: name, by: f.quangNgai) }
            await #expect(throws: AccountError.noSuchAccount(name)) { try await f.service.setDisabled(false, name: name, by: f.quangNgai) }
            await #expect(throws: AccountError.noSuchAccount(name)) { try await f.service.resetPassword(name: name, by: f.quangNgai) }
        }
        for account in try await f.harness.database.accounts() {
            #expect(!account.disabled && !account.mustChangePassword, "\(account.name)")
        }
    }

    @Test("province staff add commune officers of their own province only")
    func provinceAddsOwnOfficersOnly() async throws {
        let f = try await Self.fixture()
        let elsewhere = NewAccount(name: "hn-2", role: .commune, communeCode: "00004", fullName: "Nguyễn Văn A", contact: "0912345678")
        await #expect(throws: AccountProblems([AccountProblem(field: .commune, error: .communeOutOfScope("00004"))])) {
            try await f.service.addAccount(elsewhere, by: f.quangNgai)
        }
        let admin = NewAccount(name: "boss", role: .admin, fullName: "Nguyễn Văn B", contact: "b@example.vn")
        await #expect(throws: AccountProblems([AccountProblem(field: .role, error: .roleNotPermitted(.admin))])) {
            try await f.service.addAccount(admin, by: f.quangNgai)
        }
        let file = Self.csv("00004,Nguyễn Văn C,0912345678\n")
        await #expect(throws: AccountProblems([AccountProblem(row: 1, field: .commune, error: .communeOutOfScope("00004"))])) {
            try await f.service.addAccounts(from: file, by: f.quangNgai)
        }
        let own = try await f.service.addAccount(NewAccount(name: "cam-thanh", role: .commune, communeCode: "21010", fullName: "Trần Thị D",
                                                            contact: "0905 123 456"), by: f.quangNgai)
        #expect(own.account.provinceCode == "51")
        #expect(try await f.harness.database.accountCount() == 6)
    }

    @Test("a commune officer manages no account")
    func officerManagesNone() async throws {
        let f = try await Self.fixture()
        await #expect(throws: AccountError.notPermitted) { try await f.service.accounts(managedBy: f.officer) }
        await #expect(throws: AccountError.notPermitted) { try await f.service.setDisabled(true, name: "xa-dakplo", by: f.officer) }
        await #expect(throws: AccountError.notPermitted) { try await f.service.addAccounts(from: Self.csv("23344,A B,0912345678\n"), by: f.officer) }
    }

    @Test("adding one account reports every wrong field at once and adds nothing")
    func addOneReportsEveryField() async throws {
        let f = try await Self.fixture()
        let input = NewAccount(name: "X", role: .commune, communeCode: "99999", fullName: "  ", contact: "call me")
        await #expect(throws: AccountProblems([
            AccountProblem(field: .name, error: .invalidName("X")),
            AccountProblem(field: .commune, error: .unknownCommune("99999")),
            AccountProblem(field: .fullName, error: .fullNameMissing),
            AccountProblem(field: .contact, error: .contactInvalid("call me")),
        ])) { try await f.service.addAccount(input, by: f.admin) }
        #expect(try await f.harness.database.accountCount() == 5)
    }

    @Test("a commune officer's account added without a name is named from its commune")
    func addOneNamedFromCommune() async throws {
        let f = try await Self.fixture()
        let input = NewAccount(name: " ", role: .commune, communeCode: "23344", fullName: "Nguyễn Văn An", contact: "0912345678")
        #expect(try await f.service.addAccount(input, by: f.quangNgai).account.name == "xa-23344")
        #expect(try await f.service.addAccount(input, by: f.quangNgai).account.name == "xa-23344-2")
    }

    @Test("a phone number or an e-mail address is a contact; other text is not", arguments: [
        ("0912 345 678", true), ("+84 912-345-678", true), ("(0255) 3822.123", true), ("a.b@quangngai.gov.vn", true),
        ("12345", false), ("09123456789012345", false), ("a@b", false), ("a@@b.vn", false), ("x y@b.vn", false), ("0912\u{7}345678", false),
    ])
    func contacts(text: String, valid: Bool) {
        #expect(((try? AccountService.checkedContact(text, required: true)) != nil) == valid)
    }

    @Test("a CSV of three officers adds three accounts named from their communes, each with a one-time password that signs in")
    func bulkFromCSV() async throws {
        let f = try await Self.fixture()
        let file = Self.csv("""
            Mã xã,Họ và tên,Điện thoại hoặc e-mail
            23344,Nguyễn Văn An,0912345678
            21010,Trần Thị Bình,binh@quangngai.gov.vn
            23344,Lê Văn Cường,0905 111 222

            """)
        let added = try await f.service.addAccounts(from: file, by: f.quangNgai)
        #expect(added.map(\.account.name) == ["xa-23344", "phuong-21010", "xa-23344-2"])
        #expect(added.map(\.account.fullName) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])
        #expect(added.map(\.account.contact) == ["0912345678", "binh@quangngai.gov.vn", "0905 111 222"])
        #expect(Set(added.map(\.oneTimePassword)).count == 3)
        for a in added {
            #expect(a.account.mustChangePassword && a.account.role == .commune && a.account.provinceCode == "51")
            let signedIn = try await f.service.verifyLogin(LoginAttempt(name: a.account.name, password: a.oneTimePassword, address: ""))
            #expect(signedIn.mustChangePassword)
        }
    }

    @Test("a file with one bad row adds nothing and names each problem's row and column")
    func bulkAllOrNothing() async throws {
        let f = try await Self.fixture()
        let file = Self.csv("""
            23344,Nguyễn Văn An,0912345678
            21010,Trần Thị Bình,not a phone
            99999,,0912345678
            """)
        await #expect(throws: AccountProblems([
            AccountProblem(row: 2, field: .contact, error: .contactInvalid("not a phone")),
            AccountProblem(row: 3, field: .commune, error: .unknownCommune("99999")),
            AccountProblem(row: 3, field: .fullName, error: .fullNameMissing),
        ])) { try await f.service.addAccounts(from: file, by: f.admin) }
        #expect(try await f.harness.database.accountCount() == 5)
    }

    @Test("a workbook adds its rows too; a commune code or a phone number stored as a number gets its leading zeros back")
    func bulkFromXlsx() async throws {
        let f = try await Self.fixture()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accounts-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try HostileFiles.workbook(at: url, sheet: """
            <?xml version="1.0" encoding="UTF-8"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Mã xã</t></is></c><c r="B1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="C1" t="inlineStr"><is><t>Liên hệ</t></is></c></row>
            <row r="2"><c r="A2"><v>4</v></c><c r="B2" t="inlineStr"><is><t>Phạm Thị Dung</t></is></c><c r="C2"><v>912345678</v></c></row>
            </sheetData></worksheet>
            """)
        let added = try await f.service.addAccounts(from: AccountsFile(fileName: "a.xlsx", bytes: Array(try Data(contentsOf: url))), by: f.admin)
        #expect(added.map(\.account.name) == ["phuong-00004"])
        #expect(added.first?.account.communeCode == "00004")
        #expect(added.first?.account.contact == "0912345678")
    }

    @Test("a file that is neither CSV nor a workbook, or has no rows, is refused as a whole")
    func bulkUnreadable() async throws {
        let f = try await Self.fixture()
        await #expect(throws: AccountProblems([AccountProblem(field: .file, error: .fileUnreadable)])) {
            try await f.service.addAccounts(from: AccountsFile(fileName: "x.csv", bytes: [0xFF, 0x00, 0xC3, 0x28]), by: f.admin)
        }
        await #expect(throws: AccountProblems([AccountProblem(field: .file, error: .fileEmpty)])) {
            try await f.service.addAccounts(from: Self.csv("Mã xã,Họ và tên,Liên hệ\n\n"), by: f.admin)
        }
        let tooMany = (0...AccountService.maximumFileRows).map { _ in "23344,A B,0912345678" }.joined(separator: "\n")
        await #expect(throws: AccountProblems([AccountProblem(field: .file, error: .fileTooManyRows(maximum: AccountService.maximumFileRows))])) {
            try await f.service.addAccounts(from: Self.csv(tooMany), by: f.admin)
        }
    }

    @Test("a disabled account cannot sign in until it is enabled again; nobody disables their own account")
    func disableAndEnable() async throws {
        let f = try await Self.fixture()
        let login = LoginAttempt(name: "xa-dakplo", password: "correct horse battery", address: "")
        #expect(try await f.service.setDisabled(true, name: "xa-dakplo", by: f.quangNgai).disabled)
        await #expect(throws: AccountError.invalidCredentials) { try await f.service.verifyLogin(login) }
        #expect(try await f.service.setDisabled(false, name: "xa-dakplo", by: f.quangNgai).disabled == false)
        #expect(try await f.service.verifyLogin(login).name == "xa-dakplo")
        await #expect(throws: AccountError.cannotDisableSelf) { try await f.service.setDisabled(true, name: "admin", by: f.admin) }
        #expect(try await f.service.enableAccount(name: "xa-dakplo").disabled == false)
    }

    @Test("a reset by province staff gives a new one-time password; the old password stops working")
    func resetByStaff() async throws {
        let f = try await Self.fixture()
        let reset = try await f.service.resetPassword(name: "xa-dakplo", by: f.quangNgai)
        await #expect(throws: AccountError.invalidCredentials) {
            try await f.service.verifyLogin(LoginAttempt(name: "xa-dakplo", password: "correct horse battery", address: ""))
        }
        #expect(try await f.service.verifyLogin(LoginAttempt(name: "xa-dakplo", password: reset.oneTimePassword, address: "")).mustChangePassword)
    }
}
