import Foundation
import Hummingbird
import HummingbirdAuth
import ReadinessApp

/// Signing in and out, and setting one's own password after a one-time one.
struct SignInController {
    let accounts: AccountService
    let pages: PageRenderer
    let sessionDriver: DatabaseSessionDriver
    let sessionCookieName: String
    let idleTimeout: Duration

    struct LoginContent: Sendable {
        var name: String
        var next: String?
        var error: String?
    }

    struct LoginForm: Decodable {
        var name: String?
        var password: String?
        var next: String?
    }

    struct PasswordContent: Sendable {
        var rule: String
        var error: String?
        /// The account signed in with a one-time password and must set its own.
        var firstTime: Bool
        var errorCurrent: String?
    }

    struct PasswordForm: Decodable {
        var current: String?
        var password: String?
        var confirmation: String?
    }

    /// The login page and form: for everyone.
    func addPublicRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/login", use: showLogin)
        router.post("/login", use: login)
    }

    /// Sign out and the password page: for signed-in users (also those who must still set a password).
    func addSignedInRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.post("/logout", use: logout)
        router.get("/password", use: showPassword)
        router.post("/password", use: setPassword)
    }

    @Sendable func showLogin(_ request: Request, context: WebRequestContext) async throws -> Response {
        if context.identity != nil { return .redirect(to: "/", type: .normal) }
        let next = localPath(try request.query().get("next"))
        return pages.render("login", title: context.text.loginTitle, content: LoginContent(name: "", next: next), request: request,
                            context: context)
    }

    @Sendable func login(_ request: Request, context: WebRequestContext) async throws -> Response {
        let form = try await request.formCopy(LoginForm.self, context: context)
        let name = form.name ?? ""
        let next = localPath(form.next)
        do {
            let account = try await accounts.verifyLogin(LoginAttempt(name: name, password: form.password ?? "",
                                                                      address: context.clientAddress))
            // A new session id at every sign-in; whatever session this browser had ends.
            if let old = request.cookies[sessionCookieName]?.value {
                try await sessionDriver.remove(key: old)
            }
            _ = try? await sessionDriver.database.deleteExpiredSessions()
            context.sessions.createSession(WebSession(accountID: account.id), expiresIn: idleTimeout)
            context.logger.info("signed in", metadata: ["account": "\(account.name)"])
            return .redirect(to: account.mustChangePassword ? "/password" : (next ?? "/"), type: .normal)
        } catch let error as AccountError {
            let status: HTTPResponse.Status
            if case .tooManyAttempts = error { status = .tooManyRequests } else { status = .unauthorized }
            context.logger.notice("sign-in refused", metadata: ["name": "\(AccountService.normalizedName(name))",
                                                                "address": "\(context.clientAddress)", "reason": "\(error)"])
            var response = pages.render("login", title: context.text.loginTitle,
                                        content: LoginContent(name: name, next: next, error: context.text.message(for: error)),
                                        request: request, context: context, status: status)
            if case .tooManyAttempts(let seconds) = error { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    @Sendable func logout(_ request: Request, context: WebRequestContext) async throws -> Response {
        context.sessions.clearSession()  // SessionMiddleware deletes it and expires the cookie
        return .redirect(to: "/login", type: .normal)
    }

    @Sendable func showPassword(_ request: Request, context: WebRequestContext) async throws -> Response {
        let content = passwordContent(context, error: nil)
        return pages.render("password", title: content.firstTime ? context.text.setPasswordTitle : context.text.changePasswordTitle,
                            content: content,
                     request: request, context: context)
    }

    @Sendable func setPassword(_ request: Request, context: WebRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.formCopy(PasswordForm.self, context: context)
        do {
            // Every session of the account ends, this one too; this browser gets a new one.
            _ = try await accounts.changePassword(PasswordChange(accountID: identity.account.id, currentPassword: form.current ?? "",
                                                                 newPassword: form.password ?? "", confirmation: form.confirmation ?? "",
                                                                 address: context.clientAddress))
            context.sessions.createSession(WebSession(accountID: identity.account.id), expiresIn: idleTimeout)
            context.logger.info("password set", metadata: ["account": "\(identity.account.name)"])
            return .redirect(to: "/", type: .normal)
        } catch let error as AccountError {
            let status: HTTPResponse.Status
            if case .tooManyAttempts = error { status = .tooManyRequests } else { status = .unprocessableContent }
            if case .currentPasswordWrong = error {
                context.logger.notice("password change refused", metadata: ["account": "\(identity.account.id)",
                                                                            "address": "\(context.clientAddress)"])
            }
            var content = passwordContent(context, error: nil)
            if case .currentPasswordWrong = error { content.errorCurrent = context.text.message(for: error) } else {
                content.error = context.text.message(for: error)
            }
            var response = pages.render("password", title: content.firstTime ? context.text.setPasswordTitle : context.text.changePasswordTitle,
                                        content: content, request: request, context: context, status: status)
            if case .tooManyAttempts(let seconds) = error { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    func passwordContent(_ context: WebRequestContext, error: String?) -> PasswordContent {
        PasswordContent(rule: context.text.passwordRule.replacingOccurrences(of: "{minimum}", with: String(AccountService.minimumPasswordLength)),
                        error: error, firstTime: context.identity?.account.mustChangePassword ?? false)
    }
}
