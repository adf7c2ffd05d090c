import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessStore

// Managing accounts on behalf of a signed-in account: admins manage every account; province staff
// manage only the commune officers' accounts of their own province (they neither see nor touch any
// other account); commune officers manage none. Every use case here checks that scope itself.

/// A field of the account forms, and a column of an accounts file.
public enum AccountField: String, Sendable, Hashable, CaseIterable {
    case name, role, commune, province
    case fullName = "full_name"
    case contact
    /// The uploaded file as a whole.
    case file
}

/// One thing wrong with an account's input: its field, and for a file its row (as the spreadsheet numbers it).
public struct AccountProblem: Sendable, Hashable {
    public var row: Int?
    public var field: AccountField
    public var error: AccountError

    public init(row: Int? = nil, field: AccountField, error: AccountError) {
        self.row = row
        self.field = field
        self.error = error
    }
}

/// Every problem of a form or a file, found before anything was written: nothing was added.
public struct AccountProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [AccountProblem]

    public init(_ problems: [AccountProblem]) { self.problems = problems }

    public var description: String {
        problems.map { p in
            (p.row.map { "row \($0), " } ?? "") + "\(p.field.rawValue): \(p.error.description)"
        }.joined(separator: "\n")
    }
}

/// An account as a manager's list shows it: with the names of its commune and province.
public struct AccountListing: Sendable, Hashable {
    public var account: AccountSummary
    public var communeName: String?
    public var provinceName: String?
}

/// Which accounts of a manager's list to show: those holding `text`, from `offset`, at most `limit`.
public struct AccountQuery: Sendable, Hashable {
    public static let maximumLimit = 500
    public var text: String
    public var offset: Int
    public var limit: Int

    public init(text: String = "", offset: Int = 0, limit: Int = 100) {
        self.text = text
        self.offset = offset
        self.limit = limit
    }
}

/// One page of a manager's list, and how many accounts match in all.
public struct AccountListPage: Sendable, Hashable {
    public var listings: [AccountListing]
    public var total: Int
    public var offset: Int
    public var limit: Int
}

/// An uploaded accounts file: CSV text or an .xlsx workbook, with the columns commune code, full name,
/// phone or e-mail (a first row whose first cell is not a code is a header).
public struct AccountsFile: Sendable, Hashable {
    public var fileName: String
    public var bytes: [UInt8]

    public init(fileName: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.bytes = bytes
    }
}

/// What a manager may choose in the account forms.
public struct AccountChoices: Sendable {
    /// The roles this manager may give.
    public var roles: [AccountRole]
    /// The communes a new commune officer's account may be for, by name.
    public var communes: [Commune]
    /// The provinces a new province account may be for (admins only), by name.
    public var provinces: [(code: String, name: String)]
}

extension AccountService {
    public static let maximumFullNameLength = 100
    public static let maximumContactLength = 100
    public static let maximumFileRows = 1_000
    public static let maximumFileBytes = 2 * 1024 * 1024

    // MARK: Scope

    /// Whether `actor` may see and manage `account`.
    static func manages(_ actor: AccountSummary, _ account: Account) -> Bool {
        switch actor.role {
        case .admin: true
        case .province: account.role == .commune && account.provinceCode != nil && account.provinceCode == actor.provinceCode
        case .commune: false
        }
    }

    /// The account named `name` if `actor` manages it; an account out of scope is as unknown as a missing one.
    func managedAccount(named name: String, by actor: AccountSummary) async throws -> Account {
        let name = Self.normalizedName(name)
        guard actor.role != .commune else { throw AccountError.notPermitted }
        guard let account = try await database.account(named: name), Self.manages(actor, account) else {
            throw AccountError.noSuchAccount(name)
        }
        return account
    }

    // MARK: Listing

    /// The accounts `actor` manages, by name: every account for an admin, the commune officers of their
    /// province for province staff.
    public func accounts(managedBy actor: AccountSummary) async throws -> [AccountListing] {
        let rows: [AccountWithPlace]
        switch actor.role {
        case .admin: rows = try await database.accountsWithPlaces()
        case .province:
            guard let province = actor.provinceCode else { return [] }
            rows = try await database.accountsWithPlaces(provinceCode: province, role: .commune)
        case .commune: throw AccountError.notPermitted
        }
        return rows.filter { Self.manages(actor, $0.account) }
            .map { AccountListing(account: AccountSummary($0.account), communeName: $0.communeName, provinceName: $0.provinceName) }
    }

    /// One page of the accounts `actor` manages whose name, full name, contact, commune (name or code) or
    /// province holds `text` (without regard to case or diacritics: "dak plo" finds "Xã Đăk Plô"), by name.
    public func accounts(managedBy actor: AccountSummary, matching query: AccountQuery) async throws -> AccountListPage {
        let all = try await accounts(managedBy: actor)
        let wanted = VietnameseText.fold(query.text.trimmingCharacters(in: .whitespaces))
        let matching = wanted.isEmpty ? all : all.filter { l in
            let a = l.account
            let haystack = [a.name, a.fullName, a.contact, a.communeCode ?? "", l.communeName ?? "", l.provinceName ?? ""].joined(separator: " ")
            return VietnameseText.fold(haystack).contains(wanted)
        }
        let limit = min(max(query.limit, 1), AccountQuery.maximumLimit)
        let offset = min(max(query.offset, 0), matching.count)
        return AccountListPage(listings: Array(matching[offset..<min(offset + limit, matching.count)]), total: matching.count,
                               offset: offset, limit: limit)
    }

    /// The roles, communes and provinces `actor` may choose from when adding an account.
    public func choices(for actor: AccountSummary) async throws -> AccountChoices {
        switch actor.role {
        case .admin:
            return AccountChoices(roles: [.commune, .province, .admin], communes: try await database.communeList(),
                                  provinces: try await database.provinces())
        case .province:
            guard let province = actor.provinceCode else { return AccountChoices(roles: [.commune], communes: [], provinces: []) }
            return AccountChoices(roles: [.commune], communes: try await database.communeList(provinceCode: province), provinces: [])
        case .commune: throw AccountError.notPermitted
        }
    }

    // MARK: Adding

    /// Adds one account for `actor`, who must manage it. Every field is checked and every problem reported
    /// together (`AccountProblems`); the full name and a phone number or e-mail address are required, the
    /// name too but for a commune officer's account (then named from the commune, as `addAccounts` does).
    public func addAccount(_ input: NewAccount, by actor: AccountSummary) async throws -> AccountWithOneTimePassword {
        guard actor.role != .commune else { throw AccountError.notPermitted }
        var problems: [AccountProblem] = []
        func note(_ field: AccountField, _ error: AccountError) { problems.append(AccountProblem(field: field, error: error)) }

        var name = Self.normalizedName(input.name)
        // A commune officer's account left unnamed is named as a file's rows are (`xa-23344`).
        let derivesName = name.isEmpty && input.role == .commune
        if !derivesName && !Self.isValidName(name) { note(.name, .invalidName(input.name)) }
        let commune = input.communeCode?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let province = input.provinceCode?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        var provinceCode: String?
        if actor.role == .province && input.role != .commune {
            note(.role, .roleNotPermitted(input.role))
        } else {
            switch input.role {
            case .admin: break
            case .province:
                if let province {
                    if try await database.provinceExists(code: province) { provinceCode = province } else {
                        note(.province, .unknownProvince(province))
                    }
                } else {
                    note(.province, .provinceRequired)
                }
            case .commune:
                if let commune {
                    if let communeProvince = try await database.provinceOfCommune(code: commune) {
                        if actor.role == .province && communeProvince != actor.provinceCode {
                            note(.commune, .communeOutOfScope(commune))
                        } else {
                            provinceCode = communeProvince.nilIfEmpty
                        }
                    } else {
                        note(.commune, .unknownCommune(commune))
                    }
                } else {
                    note(.commune, .communeRequired)
                }
            }
        }
        var fullName = "", contact = ""
        do { fullName = try Self.checkedFullName(input.fullName, required: true) } catch let e as AccountError { note(.fullName, e) }
        do { contact = try Self.checkedContact(input.contact, required: true) } catch let e as AccountError { note(.contact, e) }
        if derivesName, let commune, problems.isEmpty, let found = try await database.commune(code: commune) {
            name = Self.freeName(for: found, taken: try await database.accountNames())
        }
        if Self.isValidName(name), try await database.account(named: name) != nil { note(.name, .nameTaken(name)) }
        guard problems.isEmpty else { throw AccountProblems(problems) }

        let new = NewStoredAccount(name: name, role: input.role, communeCode: input.role == .commune ? commune : nil,
                                   provinceCode: provinceCode, fullName: fullName, contact: contact, passwordHash: "")
        let added = try await store([new])
        guard let first = added.first else { throw AccountError.noSuchAccount(name) }
        return first
    }

    /// Adds the commune officers' accounts of a CSV or .xlsx file for `actor`: every row is checked first and
    /// every problem reported with its row and column (`AccountProblems`), and then all are added or none.
    /// Each account's name is the commune's type and code (`xa-23344`, `phuong-21010`, `dackhu-22736`),
    /// with `-2`, `-3` … when that name is taken. Returns the accounts with their one-time passwords, in the
    /// file's order.
    public func addAccounts(from file: AccountsFile, by actor: AccountSummary) async throws -> [AccountWithOneTimePassword] {
        guard actor.role != .commune else { throw AccountError.notPermitted }
        func refuse(_ error: AccountError) -> AccountProblems { AccountProblems([AccountProblem(field: .file, error: error)]) }
        guard !file.bytes.isEmpty else { throw refuse(.fileEmpty) }
        guard file.bytes.count <= Self.maximumFileBytes else { throw refuse(.fileTooLarge(maximumBytes: Self.maximumFileBytes)) }
        let rows = try Self.rows(of: file).filter { !$0.cells.allSatisfy { $0.isEmpty } }
        guard !rows.isEmpty else { throw refuse(.fileEmpty) }
        guard rows.count <= Self.maximumFileRows else { throw refuse(.fileTooManyRows(maximum: Self.maximumFileRows)) }

        let communes = try await database.communes(codes: rows.map { Self.communeCode($0.cells[safe: 0] ?? "") })
        var taken = try await database.accountNames()
        var problems: [AccountProblem] = []
        var accounts: [NewStoredAccount] = []
        for row in rows {
            func note(_ field: AccountField, _ error: AccountError) { problems.append(AccountProblem(row: row.number, field: field, error: error)) }
            let code = Self.communeCode(row.cells[safe: 0] ?? "")
            var commune: Commune?
            if code.isEmpty {
                note(.commune, .communeRequired)
            } else if let found = communes[code] {
                if actor.role == .province && found.provinceCode != actor.provinceCode { note(.commune, .communeOutOfScope(code)) } else {
                    commune = found
                }
            } else {
                note(.commune, .unknownCommune(code))
            }
            var fullName = "", contact = ""
            do { fullName = try Self.checkedFullName(row.cells[safe: 1] ?? "", required: true) } catch let e as AccountError { note(.fullName, e) }
            do { contact = try Self.checkedContact(row.cells[safe: 2] ?? "", required: true) } catch let e as AccountError { note(.contact, e) }
            guard let commune else { continue }
            let name = Self.freeName(for: commune, taken: taken)
            taken.insert(name)
            accounts.append(NewStoredAccount(name: name, role: .commune, communeCode: commune.code, provinceCode: commune.provinceCode.nilIfEmpty,
                                             fullName: fullName, contact: contact, passwordHash: ""))
        }
        guard problems.isEmpty else { throw AccountProblems(problems) }
        return try await store(accounts)
    }

    /// Gives each account a one-time password and stores them all in one transaction.
    private func store(_ accounts: [NewStoredAccount]) async throws -> [AccountWithOneTimePassword] {
        let passwords = accounts.map { _ in Secrets.oneTimePassword() }
        // bcrypt on every core at once: a file of a few hundred rows is hashed in seconds, not minutes.
        let hashes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, password) in passwords.enumerated() {
                group.addTask { (i, try await hasher.hash(password)) }
            }
            var hashes = Array(repeating: "", count: passwords.count)
            for try await (i, hash) in group { hashes[i] = hash }
            return hashes
        }
        var hashed = accounts
        for i in hashed.indices { hashed[i].passwordHash = hashes[i] }
        let added: [Account]
        do {
            added = try await database.addAccounts(hashed, mustChangePassword: true)
        } catch AccountStoreError.nameTaken(let name) {
            // (Taken between the check and the write, by another manager: nothing was added.)
            throw AccountProblems([AccountProblem(field: .name, error: .nameTaken(name))])
        }
        return zip(added, passwords).map { AccountWithOneTimePassword(account: AccountSummary($0), oneTimePassword: $1) }
    }

    /// A name for a new account of `commune` that is not in `taken`.
    static func freeName(for commune: Commune, taken: Set<String>) -> String {
        let kind = switch commune.type {
        case .xa: "xa"
        case .phuong: "phuong"
        case .dacKhu: "dackhu"
        }
        let safeCode = String(commune.code.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40))
        let base = kind + "-" + (safeCode.isEmpty ? "0" : safeCode)
        if !taken.contains(base) { return base }
        var n = 2
        while taken.contains("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }

    /// A commune code as a file gives it: trimmed; a workbook's number of fewer than five digits gets back
    /// the leading zeros a spreadsheet drops (`4` is commune `00004`).
    static func communeCode(_ text: String) -> String {
        let code = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !code.isEmpty, code.count < 5, code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return String(repeating: "0", count: 5 - code.count) + code
        }
        return code
    }

    struct FileRow {
        var number: Int
        var cells: [String]
    }

    /// The rows of an accounts file (its first sheet for a workbook), a header row left out.
    static func rows(of file: AccountsFile) throws -> [FileRow] {
        let data = Data(file.bytes)
        var rows: [FileRow]
        if XlsxReader.looksLikeZip(data) {
            guard let sheet = try? XlsxReader.read(data).first else {
                throw AccountProblems([AccountProblem(field: .file, error: .fileUnreadable)])
            }
            rows = sheet.rows.map { entry in
                let width = (entry.cells.keys.max() ?? -1) + 1
                return FileRow(number: entry.row, cells: (0..<min(width, 16)).map { column in
                    guard let cell = entry.cells[column] else { return "" }
                    // A phone number typed as a number loses its leading zero: 912345678 is 0912345678.
                    if column == 2, cell.isNumber, (9...10).contains(cell.text.count), cell.text.allSatisfy({ $0.isASCII && $0.isNumber }),
                       !cell.text.hasPrefix("0") {
                        return "0" + cell.text
                    }
                    return cell.text
                })
            }
        } else {
            guard let text = CSV.text(data), let records = try? CSV.parse(text) else {
                throw AccountProblems([AccountProblem(field: .file, error: .fileUnreadable)])
            }
            rows = records.map { FileRow(number: $0.line, cells: $0.fields) }
        }
        if let first = rows.first(where: { !$0.cells.allSatisfy { $0.isEmpty } }) {
            let code = (first.cells.first ?? "").trimmingCharacters(in: .whitespaces)
            if !code.isEmpty, !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                rows.removeAll { $0.number == first.number }
            }
        }
        return rows
    }

    // MARK: Checking typed values

    /// A full name as stored: spaces trimmed and runs of them made one.
    static func checkedFullName(_ text: String, required: Bool) throws -> String {
        let name = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw AccountError.controlCharacters }
        if name.isEmpty && required { throw AccountError.fullNameMissing }
        guard name.count <= maximumFullNameLength else { throw AccountError.fullNameTooLong(maximum: maximumFullNameLength) }
        return name
    }

    /// A phone number (9 to 15 digits, with spaces, dots, dashes, brackets or a leading +) or an e-mail
    /// address (`name@domain.tld`), trimmed.
    static func checkedContact(_ text: String, required: Bool) throws -> String {
        let contact = text.trimmingCharacters(in: .whitespaces)
        if contact.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw AccountError.controlCharacters }
        if contact.isEmpty {
            if required { throw AccountError.contactMissing }
            return ""
        }
        guard contact.count <= maximumContactLength else { throw AccountError.contactTooLong(maximum: maximumContactLength) }
        if contact.contains("@") {
            let parts = contact.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
                  !contact.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }) else {
                throw AccountError.contactInvalid(contact)
            }
            return contact
        }
        let allowed = Set("0123456789 .-()+")
        let digits = contact.filter { $0.isASCII && $0.isNumber }.count
        guard contact.allSatisfy({ allowed.contains($0) }), !contact.dropFirst().contains("+"), (9...15).contains(digits) else {
            throw AccountError.contactInvalid(contact)
        }
        return contact
    }

    // MARK: Disabling, enabling, resetting

    /// Disables (or enables again) an account `actor` manages; disabling ends its sessions. An account
    /// cannot disable itself.
    public func setDisabled(_ disabled: Bool, name: String, by actor: AccountSummary) async throws -> AccountSummary {
        let account = try await managedAccount(named: name, by: actor)
        if disabled && account.id == actor.id { throw AccountError.cannotDisableSelf }
        return AccountSummary(try await database.setDisabled(disabled, name: account.name))
    }

    /// A new one-time password for an account `actor` manages (its sessions end).
    public func resetPassword(name: String, by actor: AccountSummary) async throws -> AccountWithOneTimePassword {
        let account = try await managedAccount(named: name, by: actor)
        return try await resetPassword(name: account.name)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
