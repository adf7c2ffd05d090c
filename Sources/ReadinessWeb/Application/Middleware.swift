import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import ReadinessApp
import ReadinessStore

// The middleware of the web app, outermost first: security headers, language, errors as pages or
// JSON, (static files), sessions (hummingbird-auth), idle expiry, the signed-in account, CSRF; then per
// route group: signed in, role.

/// A refusal the pages word per language and the API sends as `{"error": {"code", "message", "field"}}`.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var field: String?
    var message: @Sendable (WebText) -> String

    static let unauthorized = WebError(status: .unauthorized, code: "unauthorized") { $0.loginTitle }
    static let forbidden = WebError(status: .forbidden, code: "forbidden") { $0.forbidden }
    static let notFound = WebError(status: .notFound, code: "not_found") { $0.notFound }
    static let csrf = WebError(status: .forbidden, code: "csrf") { $0.formExpired }
    static let passwordChangeRequired = WebError(status: .forbidden, code: "password_change_required") { $0.setPasswordIntro }
    static let serverError = WebError(status: .internalServerError, code: "internal") { $0.serverError }

    static func from(_ error: any Error) -> WebError? {
        if let error = error as? WebError { return error }
        if let error = error as? AppError { return error.kind == .internal ? nil : WebError(error) }
        if let error = error as? any HTTPResponseError {
            switch error.status {
            case .unauthorized: return .unauthorized
            case .forbidden: return .forbidden
            case .notFound: return .notFound
            case let status where status.kind == .clientError:
                return WebError(status: status, code: "bad_request") { $0.somethingWrong }
            default: return nil
            }
        }
        return nil
    }
}

/// The JSON error body of the API.
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var field: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)  // null rather than absent
        }

        enum CodingKeys: String, CodingKey { case code, message, field }
    }

    var error: Detail

    static func response(_ error: WebError, text: WebText) -> Response {
        let body = APIErrorBody(error: Detail(code: error.code, message: error.message(text), field: error.field))
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal","message":"","field":null}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    var isAPI: Bool { uri.path == "/api" || uri.path.hasPrefix("/api/") }
}

/// The browser protections every response carries; no caching but for the static files.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[HeaderName.contentTypeOptions] = "nosniff"
        response.headers[HeaderName.frameOptions] = "DENY"
        response.headers[HeaderName.referrerPolicy] = "same-origin"
        if !request.uri.path.hasPrefix("/static/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Header names HTTPTypes does not define (each a valid token; the fallback is never used).
enum HeaderName {
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options") ?? .contentSecurityPolicy
    static let frameOptions = HTTPField.Name("X-Frame-Options") ?? .contentSecurityPolicy
    static let referrerPolicy = HTTPField.Name("Referrer-Policy") ?? .contentSecurityPolicy
    static let csrfToken = HTTPField.Name("X-CSRF-Token") ?? .authorization
}

/// Paths before anything else reads them: one holding a control character (raw or percent-encoded, like
/// `%00`) names no page or file and is refused with 400 before a file is looked up by it.
struct RequestShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let decoded = path.removingPercentEncoding ?? path
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || path.lowercased().contains("%00") {
            return Response(status: .badRequest)
        }
        return try await next(request, context)
    }
}

/// The page language: `?lang=vi|en` (remembered in the `lang` cookie), else the cookie, else Vietnamese.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var chosen: WebLanguage?
        if let asked = (try? request.query())?.get("lang").flatMap({ WebLanguage(rawValue: String($0)) }) {
            chosen = asked
            context.language = asked
        } else if let remembered = request.cookies["lang"].flatMap({ WebLanguage(rawValue: $0.value) }) {
            context.language = remembered
        }
        var response = try await next(request, context)
        if let chosen {
            response.setCookie(Cookie(name: "lang", value: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/", secure: secureCookies,
                                      httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// Turns every error into a response: JSON under /api, else an error page in the user's language.
/// Unexpected errors are logged and shown as a plain "something went wrong".
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError: WebError
            if let known = WebError.from(error) {
                webError = known
            } else {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
                webError = .serverError
            }
            if request.isAPI { return APIErrorBody.response(webError, text: context.text) }
            struct ErrorPage: Sendable { var message: String }
            return pages.render("error", title: context.text.errorTitle, content: ErrorPage(message: webError.message(context.text)),
                                request: request, context: context, status: webError.status)
        }
    }
}

/// CSRF: every POST, PUT, PATCH and DELETE must carry the token of its session (before signing in, the
/// one of the `readiness_csrf` cookie, set here on first visit), as the form field `csrf_token` or the
/// `X-CSRF-Token` header (a url-encoded or multipart form's field); else 403 and the handler never runs. Tokens are compared in constant time.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    static let formField = "csrf_token"
    static let header = HeaderName.csrfToken
    let cookieName: String
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var newCookie: Cookie?
        if let session = context.sessions.session {
            context.csrfToken = session.csrfToken
        } else if let preSession = request.cookies[cookieName]?.value, Self.isToken(preSession) {
            context.csrfToken = preSession
        } else {
            let token = Secrets.hexToken()
            context.csrfToken = token
            newCookie = Cookie(name: cookieName, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
        }
        if [.post, .put, .patch, .delete].contains(request.method) {
            var provided = request.headers[Self.header]
            if provided == nil, request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: context.maxUploadSize)
                provided = try FormData(parsing: String(buffer: body)).get(Self.formField)
            } else if provided == nil, let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
                // An upload form: its hidden csrf_token field (the body is kept for the handler).
                do {
                    let body = try await request.collectBody(upTo: context.maxUploadSize)
                    provided = MultipartForm(body, boundary: boundary)?.field(Self.formField)
                } catch is NIOTooManyBytesError where Self.showsFormWhenTooLarge(request.uri.path) {
                    // Larger than any upload: its token cannot be read, so nothing is written; the upload forms
                    // answer with themselves and the limit beside the file field (`context.uploadTooLarge`).
                    context.uploadTooLarge = true
                    var response = try await next(request, context)
                    if let newCookie { response.setCookie(newCookie) }
                    return response
                }
            }
            guard newCookie == nil, let provided, Self.constantTimeEqual(provided, context.csrfToken) else {
                context.logger.notice("refused a request without a valid CSRF token", metadata: ["path": "\(request.uri.path)"])
                throw WebError.csrf
            }
        }
        var response = try await next(request, context)
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    /// The upload forms that show themselves again when a body is larger than any upload; each of their
    /// handlers reads `context.uploadTooLarge` first and writes nothing then.
    static func showsFormWhenTooLarge(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return path == "/import" || (parts.count == 3 && parts[0] == "communes" && (parts[2] == "record" || parts[2] == "evidence"))
    }

    static func isToken(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

/// The routes of signed-in users. A page asked for without a session redirects to the login page
/// (coming back afterwards), the API answers 401; a user with a one-time password is sent to set
/// their own first. Responses are never cached.
struct RequireSignedInMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    /// Pages a user who must change their password may still reach.
    static let allowedBeforePasswordChange: Set<String> = ["/password", "/logout"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else {
            if context.sessions.session != nil {
                context.sessions.clearSession()  // its account was disabled or removed: drop the cookie too
            }
            if request.isAPI { throw WebError.unauthorized }
            var target = "/login"
            if request.method == .get || request.method == .head {
                let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                if back != "/" { target += "?next=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
            }
            return .redirect(to: target, type: .normal)
        }
        if identity.account.mustChangePassword && !Self.allowedBeforePasswordChange.contains(request.uri.path) {
            if request.isAPI { throw WebError.passwordChangeRequired }
            return .redirect(to: "/password", type: .normal)
        }
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// Routes for some roles only: anyone else gets 403.
struct RequireRoleMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let roles: Set<AccountRole>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity, roles.contains(identity.account.role) else { throw WebError.forbidden }
        return try await next(request, context)
    }
}

/// A path to go back to after signing in: only one of this site (no scheme, no `//host`).
func localPath(_ value: String?) -> String? {
    guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"),
          !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
    return value
}
