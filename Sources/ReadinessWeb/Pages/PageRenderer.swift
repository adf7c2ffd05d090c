import Foundation
import Hummingbird
import Mustache
import ReadinessApp

/// The signed-in user as the layout shows them.
struct UserView: Sendable {
    var name: String
    var roleName: String
    var communeCode: String?
    var provinceCode: String?
    var isAdmin: Bool

    init(_ account: AccountSummary, text: WebText) {
        name = account.name
        roleName = text.roleName(account.role.rawValue)
        communeCode = account.communeCode
        provinceCode = account.provinceCode
        isAdmin = account.role == .admin
    }
}

/// What every template sees: the texts (`t`), the language, the CSRF token for its forms, the user
/// (when signed in), the page title and the page's own `content`.
struct PageView<Content: Sendable>: Sendable {
    var t: WebText
    var lang: String
    var csrfToken: String
    var user: UserView?
    var title: String
    /// The same page in the other language.
    var otherLanguageURL: String
    var content: Content
}

/// The mustache templates of `Web/templates`, loaded once at start. Each page template fills the
/// `main` block of `layout.mustache`; mustache escapes every `{{value}}` as HTML (the templates never use
/// `{{{…}}}`).
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    public static let requiredTemplates = ["layout", "login", "password", "users", "error", "dashboard", "gaps", "commune", "import", "audit", "plan"]

    public init(templatesDirectory: URL) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory.path)
        let missing = Self.requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else {
            throw WebSetupError("\(templatesDirectory.path) lacks the templates \(missing.map { $0 + ".mustache" }.joined(separator: ", "))")
        }
    }

    func render<Content: Sendable>(_ template: String, title: String, content: Content, request: Request,
                                   context: WebRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        let text = context.text
        let view = PageView(t: text, lang: text.languageCode, csrfToken: context.csrfToken,
                            user: context.identity.map { UserView($0.account, text: text) }, title: title,
                            otherLanguageURL: request.uri.path + "?lang=" + text.otherLanguageCode, content: content)
        let html = library.render(view, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The web app cannot start: templates or static files missing.
public struct WebSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
