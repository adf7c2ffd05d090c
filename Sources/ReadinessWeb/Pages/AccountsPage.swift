import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// The accounts page (`users.mustache`): the accounts a manager manages, the form to add one (what was
/// typed kept, each message beside its field) and the form to add many from a file (each problem with its
/// row and column).
struct AccountsPage: Sendable {
    struct Row: Sendable {
        var name: String
        var fullName: String
        var roleName: String
        var commune: String
        var province: String
        var contact: String
        var status: String
        var lastSignIn: String
        var disabled: Bool
        /// The signed-in manager's own account (which it cannot disable).
        var isSelf: Bool
    }

    typealias Option = Choice

    /// What was typed in the add form.
    struct Typed: Sendable {
        var name = ""
        var role = "commune"
        var commune = ""
        var province = ""
        var fullName = ""
        var contact = ""
    }

    struct FileProblem: Sendable {
        var place: String
        var message: String
    }

    var intro: String
    var rows: [Row]
    /// The search as typed.
    var query: String
    /// Said when no row is shown.
    var emptyText: String
    /// "Accounts 1–100 of 3,321" (nil when there are none).
    var shown: String?
    var previousURL: String?
    var nextURL: String?
    var notice: String?
    var general: String?
    var typed: Typed
    var roles: [Option]
    /// Admins choose the role; province staff add commune officers only.
    var choosesRole: Bool
    var communes: [Option]
    var provinces: [Option]
    var errorName: String?
    var errorRole: String?
    var errorCommune: String?
    var errorProvince: String?
    var errorFullName: String?
    var errorContact: String?
    var errorFile: String?
    var fileProblems: [FileProblem]
    /// The ids describing the file input when the file was refused (nil when it was not).
    var fileDescribedBy: String?
    var addManyIntro: String
    var fileLabel: String
    var formToken: String
    var fileFormToken: String

    init(listings page: AccountListPage, query: String, choices: AccountChoices, manager: AccountSummary, text: WebText, typed: Typed = Typed(),
         problems: [AccountProblem] = [], fromFile: Bool = false, notice: String? = nil, general: String? = nil,
         formToken: String, fileFormToken: String) {
        let t = text.accounts
        intro = manager.role == .admin ? t.introAdmin : t.introProvince
        self.query = query
        emptyText = query.isEmpty ? t.noAccounts : t.noMatch
        if page.total > 0 {
            shown = t.shown.filled(["from": groupedDigits(page.offset + 1), "to": groupedDigits(page.offset + page.listings.count),
                                    "total": groupedDigits(page.total)])
        }
        let search = query.isEmpty ? "" : "&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let number = page.offset / page.limit + 1
        if page.offset > 0 { previousURL = "/admin/users?page=\(number - 1)" + search }
        if page.offset + page.listings.count < page.total { nextURL = "/admin/users?page=\(number + 1)" + search }
        rows = page.listings.map { l in
            let a = l.account
            return Row(name: a.name, fullName: a.fullName, roleName: text.roleName(a.role.rawValue),
                       commune: a.communeCode.map { code in l.communeName.map { "\($0) (\(code))" } ?? code } ?? "",
                       province: l.provinceName ?? a.provinceCode ?? "", contact: a.contact,
                       status: a.disabled ? text.statusDisabled : a.mustChangePassword ? text.statusMustChange : text.statusActive,
                       lastSignIn: a.lastSignInAt.map(VietnamTime.minute) ?? t.never, disabled: a.disabled, isSelf: a.id == manager.id)
        }
        self.notice = notice
        self.general = general
        self.typed = typed
        roles = choices.roles.map { Option(value: $0.rawValue, label: text.roleName($0.rawValue), selected: $0.rawValue == typed.role) }
        choosesRole = choices.roles.count > 1
        communes = choices.communes.map { c in
            Option(value: c.code, label: c.provinceName.isEmpty ? c.name : "\(c.name) · \(c.provinceName)", selected: false)
        }
        provinces = choices.provinces.map { Option(value: $0.code, label: $0.name, selected: $0.code == typed.province) }
        var messages: [AccountField: String] = [:]
        var fileProblems: [FileProblem] = []
        for p in problems {
            let message = t.message(for: p.error, general: text)
            if let row = p.row {
                let label = switch p.field {
                case .commune: text.commune
                case .fullName: t.fullName
                case .contact: t.contact
                default: ""
                }
                fileProblems.append(FileProblem(place: t.rowColumn.filled(["row": String(row), "column": AccountTexts.column(p.field), "field": label]),
                                                message: message))
            } else if fromFile {
                messages[.file] = message
            } else if messages[p.field] == nil {
                messages[p.field] = message
            }
        }
        self.fileProblems = fileProblems
        errorName = messages[.name]
        errorRole = messages[.role]
        errorCommune = messages[.commune]
        errorProvince = messages[.province]
        errorFullName = messages[.fullName]
        errorContact = messages[.contact]
        errorFile = messages[.file]
        if errorFile != nil || !fileProblems.isEmpty {
            fileDescribedBy = (errorFile != nil ? "file-error" : "file-problems") + " file-kept"
        }
        addManyIntro = t.addManyIntro.filled(["rows": groupedDigits(AccountService.maximumFileRows)])
        fileLabel = t.fileLabel.filled(["kb": groupedDigits(AccountService.maximumFileBytes / 1024)])
        self.formToken = formToken
        self.fileFormToken = fileFormToken
    }
}

/// The printable sheet of one-time passwords (`accounts-sheet.mustache`), shown once, as the answer to the
/// form that made them.
struct PasswordSheet: Sendable {
    struct Row: Sendable {
        var number: Int
        var fullName: String
        var place: String
        var contact: String
        var name: String
        var password: String
    }

    var notice: String
    var issuedBy: String
    var rows: [Row]

    init(_ issued: [AccountWithOneTimePassword], places: [String: String], manager: AccountSummary, issuedAt: String, notice: String,
         text: WebText) {
        self.notice = notice
        issuedBy = text.accounts.issuedBy.filled(["name": manager.name, "time": VietnamTime.minute(issuedAt)])
        rows = issued.enumerated().map { i, a in
            Row(number: i + 1, fullName: a.account.fullName, place: places[a.account.name] ?? "", contact: a.account.contact,
                name: a.account.name, password: a.oneTimePassword)
        }
    }
}
