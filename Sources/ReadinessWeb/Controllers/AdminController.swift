import Foundation
import Hummingbird
import HummingbirdAuth
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// The accounts pages, for admins (every account) and province staff (their province's commune officers):
/// the list, adding one or many (from a CSV or .xlsx file) with a printable sheet of one-time passwords,
/// disabling, enabling, resetting a password. Each handler parses, calls one `AccountService` use case
/// (which checks the scope), and renders.
struct AdminController {
    let accounts: AccountService
    let pages: PageRenderer
    /// The add forms' answers by form token: a form sent twice (a double click) adds its accounts once, and
    /// both sendings show the same sheet.
    let submitted = SubmittedAccountForms()

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/users", use: list)
        router.post("/users", use: addOne)
        router.post("/users/import", use: addMany)
        router.post("/users/:name/disable") { try await setDisabled(true, $0, $1) }
        router.post("/users/:name/enable") { try await setDisabled(false, $0, $1) }
        router.post("/users/:name/password", use: resetPassword)
        // The language link of a form's answer (its address is the form's action): back to the list.
        router.get("/users/import") { _, _ in Response.redirect(to: "/admin/users", type: .normal) }
        router.get("/users/:name/:action") { _, _ in Response.redirect(to: "/admin/users", type: .normal) }
    }

    static let notices: Set<String> = ["disabled", "enabled"]

    @Sendable func list(_ request: Request, context: WebRequestContext) async throws -> Response {
        let query = try request.query()
        var notice: String?
        // (Said only of an account the manager sees in that state: a crafted link cannot claim otherwise.)
        if let done = query.get("done"), Self.notices.contains(done), let name = query.nonEmpty("name"), name.count <= 64,
           let account = try? await accounts.accounts(managedBy: try context.requireIdentity().account).first(where: { $0.account.name == name }),
           account.account.disabled == (done == "disabled") {
            let t = context.text.accounts
            notice = (done == "disabled" ? t.disabledDone : t.enabledDone).filled(["name": name])
        }
        let text = query.get("q") ?? ""
        guard text.count <= 100 else { return try await page(request, context: context, notice: notice) }
        var number = 1
        if let given = query.nonEmpty("page") {
            guard let n = Int(given), (1...Self.maximumPage).contains(n) else {
                throw WebError(status: .unprocessableContent, code: "invalid", field: "page") {
                    $0.accounts.pageOutOfRange.filled(["maximum": groupedDigits(Self.maximumPage)])
                }
            }
            number = n
        }
        return try await page(request, context: context, query: text, pageNumber: number, notice: notice)
    }

    static let pageSize = 100
    static let maximumPage = 100_000

    func page(_ request: Request, context: WebRequestContext, query: String = "", pageNumber: Int = 1,
              typed: AccountsPage.Typed = .init(), problems: [AccountProblem] = [],
              fromFile: Bool = false, notice: String? = nil, general: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let manager = try context.requireIdentity().account
        do {
            let listed = try await accounts.accounts(managedBy: manager, matching: AccountQuery(text: query, offset: (pageNumber - 1) * Self.pageSize,
                                                                                                limit: Self.pageSize))
            let content = AccountsPage(listings: listed, query: query, choices: try await accounts.choices(for: manager),
                                       manager: manager, text: context.text, typed: typed, problems: problems, fromFile: fromFile,
                                       notice: notice, general: general, formToken: Secrets.hexToken(bytes: 16),
                                       fileFormToken: Secrets.hexToken(bytes: 16))
            return pages.render("users", title: context.text.usersTitle, content: content, request: request, context: context, status: status)
        } catch AccountError.notPermitted {
            throw WebError.forbidden
        }
    }

    @Sendable func addOne(_ request: Request, context: WebRequestContext) async throws -> Response {
        let manager = try context.requireIdentity().account
        let form = try await PostedForm.read(request, context: context)
        var typed = AccountsPage.Typed()
        typed.name = form.last("name") ?? ""
        typed.role = form.last("role") ?? "commune"
        typed.commune = form.last("commune") ?? ""
        typed.province = form.last("province") ?? ""
        typed.fullName = form.last("full_name") ?? ""
        typed.contact = form.last("contact") ?? ""
        guard let role = AccountRole(rawValue: typed.role) else {
            return try await page(request, context: context, typed: typed, problems: [AccountProblem(field: .role, error: .roleNotPermitted(.admin))],
                                  status: .unprocessableContent)
        }
        let input = NewAccount(name: typed.name, role: role, communeCode: role == .commune ? typed.commune : nil,
                               provinceCode: role == .province ? typed.province : nil, fullName: typed.fullName, contact: typed.contact)
        do {
            let issued = try await submitted.once(form.last("form_token"), account: manager.id) {
                [try await accounts.addAccount(input, by: manager)]
            }
            return try await sheet(issued, request: request, context: context,
                                   notice: context.text.accounts.addedCount.filled(["count": String(issued.count)]))
        } catch let problems as AccountProblems {
            return try await page(request, context: context, typed: typed, problems: problems.problems, status: .unprocessableContent)
        } catch AccountError.notPermitted {
            throw WebError.forbidden
        }
    }

    @Sendable func addMany(_ request: Request, context: WebRequestContext) async throws -> Response {
        let manager = try context.requireIdentity().account
        let form = try await PostedForm.read(request, context: context)
        // (No file chosen is an empty file: refused as one.)
        let part = form.files("file").first
        let file = AccountsFile(fileName: part?.fileName ?? "", bytes: part?.data ?? [])
        do {
            let issued = try await submitted.once(form.last("form_token"), account: manager.id) {
                try await accounts.addAccounts(from: file, by: manager)
            }
            return try await sheet(issued, request: request, context: context,
                                   notice: context.text.accounts.addedCount.filled(["count": String(issued.count)]))
        } catch let problems as AccountProblems {
            return try await page(request, context: context, problems: problems.problems, fromFile: true, status: .unprocessableContent)
        } catch AccountError.notPermitted {
            throw WebError.forbidden
        }
    }

    func setDisabled(_ disabled: Bool, _ request: Request, _ context: WebRequestContext) async throws -> Response {
        let manager = try context.requireIdentity().account
        let name = try context.parameters.require("name")
        do {
            let account = try await accounts.setDisabled(disabled, name: name, by: manager)
            context.logger.info(disabled ? "account disabled" : "account enabled", metadata: ["account": "\(account.name)", "by": "\(manager.name)"])
            return .redirect(to: "/admin/users?done=\(disabled ? "disabled" : "enabled")&name=\(account.name)", type: .normal)
        } catch AccountError.notPermitted {
            throw WebError.forbidden
        } catch AccountError.noSuchAccount {
            throw WebError.notFound
        } catch let error as AccountError {
            return try await page(request, context: context, general: context.text.accounts.message(for: error, general: context.text),
                                  status: .conflict)
        }
    }

    @Sendable func resetPassword(_ request: Request, context: WebRequestContext) async throws -> Response {
        let manager = try context.requireIdentity().account
        let name = try context.parameters.require("name")
        do {
            let reset = try await accounts.resetPassword(name: name, by: manager)
            context.logger.info("one-time password given", metadata: ["account": "\(reset.account.name)", "by": "\(manager.name)"])
            return try await sheet([reset], request: request, context: context,
                                   notice: context.text.accounts.resetDone.filled(["name": reset.account.name]))
        } catch AccountError.notPermitted {
            throw WebError.forbidden
        } catch AccountError.noSuchAccount {
            throw WebError.notFound
        }
    }

    /// The printable sheet of the accounts just given one-time passwords.
    func sheet(_ issued: [AccountWithOneTimePassword], request: Request, context: WebRequestContext, notice: String) async throws -> Response {
        let manager = try context.requireIdentity().account
        let names = Set(issued.map(\.account.name))
        var places: [String: String] = [:]
        for listing in try await accounts.accounts(managedBy: manager) where names.contains(listing.account.name) {
            let a = listing.account
            places[a.name] = [a.communeCode.map { code in listing.communeName.map { "\($0) (\(code))" } ?? code }, listing.provinceName]
                .compactMap { $0 }.joined(separator: ", ")
        }
        context.logger.info("one-time passwords issued", metadata: ["accounts": "\(issued.count)", "by": "\(manager.name)"])
        let content = PasswordSheet(issued, places: places, manager: manager,
                                    issuedAt: Date().formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)),
                                    notice: notice, text: context.text)
        return pages.render("accounts-sheet", title: context.text.accounts.sheetTitle, content: content, request: request, context: context)
    }
}

/// The answers of the account forms by their form token, for ten minutes: the first sending of a form runs
/// its use case; a second sending of the same form (same token, same account) waits for that run and gets
/// its answer instead of adding the accounts again. At most `capacity` answers are kept.
actor SubmittedAccountForms {
    static let capacity = 1_000
    static let lifetime: TimeInterval = 10 * 60

    private var runs: [String: (at: Date, task: Task<[AccountWithOneTimePassword], any Error>)] = [:]

    func once(_ token: String?, account: Int64,
              _ work: @escaping @Sendable () async throws -> [AccountWithOneTimePassword]) async throws -> [AccountWithOneTimePassword] {
        guard let token, (16...128).contains(token.utf8.count) else { return try await work() }
        let now = Date()
        runs = runs.filter { now.timeIntervalSince($0.value.at) < Self.lifetime }
        let key = "\(account):\(token)"
        if let run = runs[key] { return try await run.task.value }
        if runs.count >= Self.capacity { runs.removeAll() }
        let task = Task { try await work() }
        runs[key] = (now, task)
        do {
            return try await task.value
        } catch {
            runs[key] = nil  // a refused form is sent again corrected, under a new token; nothing to keep
            throw error
        }
    }
}
