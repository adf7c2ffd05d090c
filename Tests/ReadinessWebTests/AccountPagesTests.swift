import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// The accounts pages, on `AccountAdministrationTests`'s fixture (two provinces, an admin, staff of each, officers).
@Suite struct AccountPagesTests {
    static let threeOfficers = """
        commune code,full name,phone or e-mail
        23344,Nguyễn Văn An,0912345678
        21010,Trần Thị Bình,binh@quangngai.gov.vn
        23344,Lê Văn Cường,0905 111 222

        """

    /// The one-time passwords a sheet shows.
    static func passwords(_ html: String) -> [String] {
        html.matches(of: /<code class="otp">([a-z0-9-]{19})<\/code>/).map { String($0.1) }
    }

    @Test("an admin adds three accounts from a CSV and gets a printable sheet of their one-time passwords, each of which signs in")
    func adminAddsThreeFromCSV() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let page = try await admin.get("/admin/users?lang=en")
            #expect(page.status == .ok)
            let sheet = try await admin.upload("/admin/users/import", files: [("file", "officers.csv", Array(Self.threeOfficers.utf8))])
            #expect(sheet.status == .ok)
            #expect(sheet.text.contains("One-time passwords"))
            #expect(sheet.text.contains("Xã Đăk Plô (23344), Quảng Ngãi"))
            #expect(sheet.text.contains("xa-23344-2"))
            #expect(sheet.text.contains(#"href="/static/print.css" media="print""#))
            #expect(sheet.headers[.cacheControl] == "no-store")
            let passwords = Self.passwords(sheet.text)
            #expect(passwords.count == 3)
            for (name, password) in zip(["xa-23344", "phuong-21010", "xa-23344-2"], passwords) {
                let officer = Browser(client)
                #expect(try await officer.signIn(name, password).location == "/password")
            }
        }
        #expect(try await f.harness.database.accountCount() == 8)
    }

    @Test("a file with one bad row adds nothing; the page names the row and column, in Vietnamese")
    func badRowAddsNothing() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            try await admin.get("/admin/users")
            let csv = "23344,Nguyễn Văn An,0912345678\n21010,Trần Thị Bình,gọi tôi\n"
            let page = try await admin.upload("/admin/users/import", files: [("file", "officers.csv", Array(csv.utf8))])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Chưa thêm tài khoản nào"))
            #expect(page.text.contains("Dòng 2, cột C (Điện thoại hoặc e-mail):"))
            #expect(page.text.contains("“gọi tôi” không phải số điện thoại"))
            #expect(!page.text.contains("otp"))
        }
        #expect(try await f.harness.database.accountCount() == 5)
    }

    @Test("a refused add form comes back with what was typed and each message beside its field")
    func addFormKeepsTyped() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            try await admin.get("/admin/users?lang=en")
            let page = try await admin.post("/admin/users", ["name": "Bad Name!", "role": "commune", "commune": "99999",
                                                             "full_name": "Nguyễn Văn An", "contact": "nope"])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains(#"value="Bad Name!""#))
            #expect(page.text.contains(#"value="Nguyễn Văn An""#))
            #expect(page.text.contains(#"value="nope""#))
            #expect(page.text.contains(#"id="name-error" role="alert">Use 3 to 64 characters"#))
            #expect(page.text.contains(#"id="commune-error" role="alert">The registry has no commune with code 99999."#))
            #expect(page.text.contains(#"id="contact-error" role="alert">“nope” is neither"#))
            #expect(!page.text.contains("full_name-error"))
        }
        #expect(try await f.harness.database.accountCount() == 5)
    }

    @Test("one added account gets its sheet; the same form sent twice adds it once and shows the same password")
    func addOneOnce() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let form = try await admin.get("/admin/users")
            let token = try #require(form.text.firstMatch(of: /name="form_token" value="([0-9a-f]{32})"/)?.1)
            let fields = ["name": "tinh-qn-2", "role": "province", "province": "51", "full_name": "Võ Văn Em", "contact": "em@qn.gov.vn",
                          "form_token": String(token)]
            let first = try await admin.post("/admin/users", fields)
            let second = try await admin.post("/admin/users", fields)
            #expect(first.status == .ok && second.status == .ok)
            #expect(Self.passwords(first.text).count == 1)
            #expect(Self.passwords(first.text) == Self.passwords(second.text))
        }
        #expect(try await f.harness.database.accountCount() == 6)
    }

    @Test("province staff see and manage only their province's officers: other accounts are neither listed nor reachable")
    func provinceStaffScope() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let page = try await staff.get("/admin/users")
            #expect(page.status == .ok)
            #expect(page.text.contains("xa-dakplo"))
            for hidden in ["hn-ba-dinh", "tinh-hn", ">admin<", "Phường Ba Đình"] { #expect(!page.text.contains(hidden), "\(hidden)") }
            #expect(!page.text.contains(#"id="role""#))
            for name in ["hn-ba-dinh", "admin", "tinh-hn"] {
                #expect(try await staff.post("/admin/users/\(name)/disable").status == .notFound)
                #expect(try await staff.post("/admin/users/\(name)/password").status == .notFound)
            }
            let outside = try await staff.upload("/admin/users/import", files: [("file", "a.csv", Array("00004,A B,0912345678\n".utf8))])
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("Xã, phường mã 00004 không thuộc tỉnh của bạn."))
            // Their own officer: disabled, then enabled again (post/redirect/get), then a new one-time password.
            let disabled = try await staff.post("/admin/users/xa-dakplo/disable")
            #expect(disabled.location == "/admin/users?done=disabled&name=xa-dakplo")
            #expect(try await staff.get(disabled.location ?? "").text.contains("Đã khóa xa-dakplo"))
            #expect(try await staff.post("/admin/users/xa-dakplo/enable").status == .seeOther)
            let reset = try await staff.post("/admin/users/xa-dakplo/password")
            #expect(reset.status == .ok)
            #expect(Self.passwords(reset.text).count == 1)
        }
        for account in try await f.harness.database.accounts() where account.name != "xa-dakplo" {
            #expect(!account.disabled && !account.mustChangePassword, "\(account.name)")
        }
    }

    @Test("a commune officer gets 403 on the accounts pages and sees no link to them; a post without the CSRF token changes nothing")
    func officerAndCSRF() async throws {
        let f = try await AccountAdministrationTests.fixture()
        try await f.harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            #expect(try await officer.get("/admin/users").status == .forbidden)
            #expect(!(try await officer.get("/").text.contains("/admin/users")))
            #expect(try await officer.post("/admin/users/xa-dakplo/disable").status == .forbidden)
            let admin = Browser(client)
            try await admin.signIn("admin")
            #expect(try await admin.get("/").text.contains(#"href="/admin/users""#))
            #expect(try await admin.post("/admin/users/xa-dakplo/disable", csrf: .none).status == .forbidden)
            #expect(try await admin.upload("/admin/users/import", files: [("file", "a.csv", Array("23344,A B,0912345678\n".utf8))],
                                           csrf: .none).status == .forbidden)
        }
        #expect(try await f.harness.database.accountCount() == 5)
        #expect(try await f.harness.database.account(named: "xa-dakplo")?.disabled == false)
    }

    @Test("the accounts page shows names of communes and provinces and the last sign-in in Vietnam time")
    func listShowsNamesAndLastSignIn() async throws {
        let f = try await AccountAdministrationTests.fixture()
        let officer = try #require(try await f.harness.database.account(named: "xa-dakplo"))
        try await f.harness.database.recordSignIn(accountID: officer.id, now: Date(timeIntervalSince1970: 1_765_560_600))  // 2025-12-12T17:30:00Z
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let page = try await admin.get("/admin/users")
            #expect(page.text.contains("Xã Đăk Plô (23344)"))
            #expect(page.text.contains("Hà Nội"))
            #expect(page.text.contains("13/12/2025 00:30"))
            #expect(page.text.contains("Chưa đăng nhập"))
            // Its own account has no disable button.
            #expect(!page.text.contains("/admin/users/admin/disable"))
        }
    }

    @Test("the list is searched without diacritics and shown a hundred at a time; a page number out of range is refused")
    func searchAndPages() async throws {
        let f = try await AccountAdministrationTests.fixture()
        let rows = (1...105).map { "23344,Cán bộ \($0),0912345678" }.joined(separator: "\n")
        _ = try await f.service.addAccounts(from: AccountAdministrationTests.csv(rows), by: f.admin)
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let first = try await admin.get("/admin/users?lang=en")
            #expect(first.text.contains("Accounts 1–100 of 110"))
            #expect(first.text.contains(#"href="/admin/users?page=2" rel="next""#))
            let second = try await admin.get("/admin/users?page=2")
            #expect(second.text.contains("Accounts 101–110 of 110"))
            #expect(second.text.contains(#"href="/admin/users?page=1" rel="prev""#))
            let found = try await admin.get("/admin/users?q=ba+dinh")
            #expect(found.text.contains("<td>hn-ba-dinh</td>"))
            #expect(found.text.contains("Accounts 1–1 of 1"))
            #expect(try await admin.get("/admin/users?q=nobody+at+all").text.contains("No account matches the search."))
            for bad in ["0", "-1", "x", "100001"] {
                let refused = try await admin.get("/admin/users?page=\(bad)")
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("from 1 to 100.000"))
            }
        }
    }

    @Test("the Vietnamese accounts pages, their refusals and the sheet hold no English text and no command-line words")
    func vietnameseOnly() async throws {
        let f = try await AccountAdministrationTests.fixture()
        // Every English text of the account pages' table, with its placeholders cut out.
        let english = Mirror(reflecting: AccountTexts.en).children.compactMap { $0.value as? String }
            .flatMap { $0.split(separator: "{").map { String($0.split(separator: "}").last ?? "") } }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
            .filter { $0.split(separator: " ").count >= 2 }
        #expect(english.count > 40)
        try await f.harness.app().test(.router) { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            var pages = [try await admin.get("/admin/users").text]
            pages.append(try await admin.post("/admin/users", ["name": "X", "role": "province", "province": "99", "full_name": "\u{7}",
                                                              "contact": "12"]).text)
            pages.append(try await admin.upload("/admin/users/import", files: [("file", "a.csv", Array("99999,,x\n23344,A,\n".utf8))]).text)
            pages.append(try await admin.upload("/admin/users/import", files: [("file", "a.bin", [0xFF, 0x00, 0xC3])]).text)
            pages.append(try await admin.upload("/admin/users/import", files: [("file", "a.csv", Array("23344,Nguyễn Văn An,0912345678\n".utf8))]).text)
            pages.append(try await admin.post("/admin/users/xa-dakplo/password").text)
            pages.append(try await admin.post("/admin/users/admin/disable").text)
            pages.append(try await admin.get("/admin/users?page=0").text)
            for page in pages {
                for phrase in english { #expect(!page.contains(phrase), "\(phrase)") }
                for word in ["--commune", "--province", "readiness user", "contact_invalid", "fileEmpty"] {
                    #expect(!page.contains(word), "\(word)")
                }
            }
        }
    }
}
