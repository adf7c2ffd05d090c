import Foundation
import Hummingbird
import Mustache
import ReadinessApp
import ReadinessStore

/// The signed-in user as the layout shows them.
struct UserView: Sendable {
    var name: String
    var roleName: String
    var communeCode: String?
    var provinceCode: String?
    var isAdmin: Bool
    /// Admins and province staff manage accounts (province staff their province's commune officers').
    var managesAccounts: Bool

    init(_ account: AccountSummary, text: WebText) {
        name = account.name
        roleName = text.roleName(account.role.rawValue)
        communeCode = account.communeCode
        provinceCode = account.provinceCode
        isAdmin = account.role == .admin
        managesAccounts = account.role != .commune
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
    let rendered = RenderedPages()

    public static let requiredTemplates = ["layout", "login", "password", "users", "error", "dashboard", "gaps", "commune", "import", "audit", "plan",
                                           "communes", "accounts-sheet"]

    public init(templatesDirectory: URL) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory.path)
        let missing = Self.requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else {
            throw WebSetupError("\(templatesDirectory.path) lacks the templates \(missing.map { $0 + ".mustache" }.joined(separator: ", "))")
        }
    }

    /// The page; with `stamp` (the data it shows) and `key` (what else it depends on beyond its address), the
    /// same page for the same session, address, language and data is rendered once and then served as it was.
    // (Not inlined: inlined into the dashboard's handler, swift 6's optimizer (CopyPropagation) crashed.)
    @inline(never)
    func render<Content: Sendable>(_ template: String, title: String, content: Content, request: Request,
                                   context: WebRequestContext, status: HTTPResponse.Status = .ok,
                                   stamp: DataStamp? = nil, key: String = "") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        var cacheKey: String?
        if let s = stamp {
            var user = ""
            if let account = context.identity?.account { user = "\(account.id) \(account.name) \(account.role.rawValue)" }
            cacheKey = [template, key, request.uri.description, context.text.languageCode, context.csrfToken, user,
                        "\(status.code) \(s.ledger) \(s.reviews) \(s.registry)"].joined(separator: "\u{1F}")
        }
        if let cacheKey, let page = rendered.page(cacheKey) {
            return Response(status: status, headers: headers, body: .init(byteBuffer: page))
        }
        let page = html(template, title: title, content: content, request: request, context: context)
        if let cacheKey { rendered.keep(page, for: cacheKey) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: page))
    }

    /// The address of the page a response shows: the request's own for a GET; for a form's answer (a POST
    /// to an action such as `/communes/X/record`), the page the form is on.
    static func pagePath(of request: Request) -> String {
        let path = request.uri.path
        guard request.method != .get, request.method != .head else { return path }
        for action in ["/record", "/review", "/evidence", "/confirm"] where path.hasSuffix(action) {
            return String(path.dropLast(action.count))
        }
        return path
    }

    private func html<Content: Sendable>(_ template: String, title: String, content: Content, request: Request,
                                         context: WebRequestContext) -> ByteBuffer {
        let text = context.text
        let view = PageView(t: text, lang: text.languageCode, csrfToken: context.csrfToken,
                            user: context.identity.map { UserView($0.account, text: text) }, title: title,
                            otherLanguageURL: Self.pagePath(of: request) + "?lang=" + text.otherLanguageCode, content: content)
        return ByteBuffer(string: Self.printable(library.render(view, withTemplate: template) ?? ""))
    }

    /// The page without the code points HTML forbids in a document — controls other than tab, line feed, form
    /// feed and carriage return, U+007F to U+009F, noncharacters — whatever put them there (a value typed into
    /// a form and shown back, a note stored before notes were cleaned).
    static func printable(_ page: String) -> String {
        func forbidden(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09, 0x0A, 0x0C, 0x0D: false
            case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: true
            default: s.value & 0xFFFE == 0xFFFE
            }
        }
        guard page.unicodeScalars.contains(where: forbidden) else { return page }
        var kept = String.UnicodeScalarView()
        for scalar in page.unicodeScalars where !forbidden(scalar) { kept.append(scalar) }
        return String(kept)
    }
}

/// Pages already rendered, by everything they depend on (see `PageRenderer.render`); at most `capacity`
/// of them, all dropped beyond it.
final class RenderedPages: @unchecked Sendable {
    static let capacity = 512
    // (`pages` is only touched with `lock` held.)
    private let lock = NSLock()
    private var pages: [String: ByteBuffer] = [:]

    func page(_ key: String) -> ByteBuffer? {
        lock.lock()
        defer { lock.unlock() }
        return pages[key]
    }

    func keep(_ page: ByteBuffer, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        if pages.count >= Self.capacity { pages.removeAll() }
        pages[key] = page
    }
}

/// The web app cannot start: templates or static files missing.
public struct WebSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
