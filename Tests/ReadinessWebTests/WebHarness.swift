import Foundation
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// A real temporary SQLite file with two communes, and the web app built on it as `readiness serve` builds it.
struct WebHarness {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = repoRoot.appendingPathComponent("Web/templates")

    let path: String
    let database: InventoryDatabase
    let accounts: AccountService

    /// bcrypt at its least cost: the tests hash many passwords.
    static let hasher = PasswordHasher(cost: 4)

    /// - Parameter sample: the shipped Quảng Ngãi sample (96 communes and their ledger) instead of two empty communes.
    init(sample: Bool = false) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-web-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("web.sqlite").path
        database = try InventoryDatabase(path: path)
        if sample {
            try Workspace(dataDirectory: Self.repoRoot).loadSample(into: database, at: Date())
            accounts = AccountService(database: database, hasher: Self.hasher)
            return
        }
        try database.upsertCommunes([
            Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, provinceCode: "51", provinceName: "Quảng Ngãi"),
            Commune(code: "21010", name: "Phường Cẩm Thành", type: .phuong, provinceCode: "51", provinceName: "Quảng Ngãi"),
        ])
        accounts = AccountService(database: database, hasher: Self.hasher)
    }

    /// "Today" in the tests of the inventory pages: the sample's last report date.
    static let today = Day(iso: "2025-12-12")!

    static func configuration(idle: Duration = .seconds(8 * 3600), secure: Bool = false, maxUpload: Int = 5 * 1024 * 1024) -> WebConfiguration {
        WebConfiguration(host: "127.0.0.1", port: 0, secureCookies: secure, sessionIdleTimeout: idle, passwordHasher: hasher,
                         logLevel: .warning, clock: .fixed(on: today), maxUploadBytes: maxUpload)
    }

    /// The app on this harness's database file; `reopen` opens the file afresh, as a restarted server does.
    func app(configuration: WebConfiguration = WebHarness.configuration(), reopen: Bool = false) async throws -> some ApplicationProtocol {
        let database = reopen ? try InventoryDatabase(path: path) : self.database
        return try await buildApplication(configuration: configuration, database: database, templatesDirectory: Self.templates)
    }

    /// An account that has set its own password (`password`), ready to sign in.
    @discardableResult
    func account(_ name: String, role: AccountRole = .commune, commune: String? = "23344", province: String? = nil,
                 password: String = "correct horse battery") async throws -> AccountSummary {
        let added = try await accounts.addAccount(NewAccount(name: name, role: role, communeCode: role == .commune ? commune : nil,
                                                             provinceCode: role == .province ? (province ?? "51") : nil))
        return try await accounts.changePassword(PasswordChange(accountID: added.account.id, currentPassword: added.oneTimePassword,
                                                                newPassword: password, confirmation: password))
    }
}

/// A browser for the test client: keeps cookies, fills in the CSRF token of the last page.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastCSRF: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(uri, method: .get, headers: headers)
    }

    /// A form POST; `csrf: nil` sends no token, the default sends the last page's.
    @discardableResult
    func post(_ uri: String, _ form: [String: String] = [:], csrf: String?? = .some(nil), headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = form
        let token: String? = switch csrf {
        case .none: nil
        case .some(.none): lastCSRF
        case .some(.some(let given)): given
        }
        if let token { fields["csrf_token"] = token }
        let body = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(Self.formEncode(key))=\(Self.formEncode(value))"
        }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A multipart/form-data POST of fields and files (name, file name, bytes); `csrf` as for `post`.
    @discardableResult
    func upload(_ uri: String, fields: [String: String] = [:], files: [(field: String, name: String, bytes: [UInt8])],
                csrf: String?? = .some(nil)) async throws -> TestResponse {
        let boundary = "----readiness-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        func add(_ text: String) { body += Array(text.utf8) }
        var all = fields
        let token: String? = switch csrf {
        case .none: nil
        case .some(.none): lastCSRF
        case .some(.some(let given)): given
        }
        if let token { all["csrf_token"] = token }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n")
            add("Content-Type: application/octet-stream\r\n\r\n")
            body += file.bytes
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        var headers = HTTPFields()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        absorb(response)
        return response
    }

    func absorb(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = parts.first, let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            let expired = parts.dropFirst().contains { attribute in
                let lower = attribute.lowercased()
                if lower == "max-age=0" { return true }
                if lower.hasPrefix("expires="), let date = Self.httpDate.date(from: String(attribute.dropFirst(8))) {
                    return date <= Date().addingTimeInterval(1)
                }
                return false
            }
            if expired { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="csrf_token" value="([0-9a-f]{64})""#, options: .regularExpression) {
            lastCSRF = String(html[range].dropFirst(#"name="csrf_token" value=""#.count).dropLast())
        }
    }

    static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Signs in through the login page; returns the response to the form.
    @discardableResult
    func signIn(_ name: String, _ password: String = "correct horse battery") async throws -> TestResponse {
        try await get("/login")
        return try await post("/login", ["name": name, "password": password])
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}

/// The text of the page's error paragraph.
func errorMessage(_ html: String) -> String? {
    guard let start = html.range(of: #"<p class="error" role="alert">"#), let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex)
    else { return nil }
    return String(html[start.upperBound..<end.lowerBound])
}
