import Foundation
import Hummingbird
import ReadinessApp

/// `application/x-www-form-urlencoded` as the HTML standard parses it — a `+` is a space, `%XX` a byte,
/// bytes are UTF-8 — for query strings and form bodies alike. A malformed escape or invalid UTF-8 is a
/// 400: the request is not a form, whatever the handler wanted of it.
struct FormData: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    /// The largest url-encoded body read: forms carry a few short fields and notes.
    static let maximumBodyBytes = 64 * 1024

    static let malformed = WebError(status: .badRequest, code: "bad_request") { $0.somethingWrong }

    init(parsing text: String) throws(WebError) {
        for part in Substring(text).split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring, value: Substring
            if let eq = part.firstIndex(of: "=") {
                name = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                (name, value) = (part, "")
            }
            pairs.append((try Self.decode(name), try Self.decode(value)))
        }
    }

    /// The first value of `name`.
    func get(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// The first value of `name`, nil when absent or empty.
    func nonEmpty(_ name: String) -> String? { get(name).flatMap { $0.isEmpty ? nil : $0 } }

    /// One component: `+` as a space, then percent-decoding of UTF-8.
    static func decode(_ text: Substring) throws(WebError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var u = text.utf8.makeIterator()
        func hex(_ b: UInt8?) -> UInt8? {
            guard let b else { return nil }
            switch b {
            case 48...57: return b - 48
            case 65...70: return b - 55
            case 97...102: return b - 87
            default: return nil
            }
        }
        while let b = u.next() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let hi = hex(u.next()), let lo = hex(u.next()) else { throw malformed }
                bytes.append(hi << 4 | lo)
            default: bytes.append(b)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw malformed }
        return decoded
    }

    /// The form as `URLEncodedFormDecoder` reads it: every value percent-encoded again, spaces as `%20`.
    var reencoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return pairs.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }
}

extension Request {
    /// The query string, decoded as a form (`+` is a space).
    func query() throws(WebError) -> FormData { try FormData(parsing: uri.query ?? "") }

    /// A url-encoded form body, decoded as HTML does, into `type` (its fields as optional strings).
    mutating func form<T: Decodable>(_ type: T.Type, context: WebRequestContext) async throws -> T {
        let body = try await collectBody(upTo: FormData.maximumBodyBytes)
        let form = try FormData(parsing: String(decoding: body.readableBytesView, as: UTF8.self))
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: form.reencoded)
        } catch {
            throw FormData.malformed
        }
    }
}

extension Request {
    /// `form(_:context:)` on a copy of the request (handlers take theirs as constants).
    func formCopy<T: Decodable>(_ type: T.Type, context: WebRequestContext) async throws -> T {
        var request = self
        return try await request.form(type, context: context)
    }
}

/// A posted form's text fields and files, whether it came url-encoded or as multipart (a form with a file
/// input): what a handler reads its fields from.
struct PostedForm: Sendable {
    var fields: [(name: String, value: String)]
    var files: [MultipartForm.Part]

    /// The last value sent for `name` (a checkbox sends its value after its hidden "off" value).
    func last(_ name: String) -> String? { fields.last { $0.name == name }?.value }

    /// The values of the fields whose names start with `prefix`, by the rest of their names (last value wins).
    func values(prefixed prefix: String) -> [String: String] {
        var found: [String: String] = [:]
        for (name, value) in fields where name.hasPrefix(prefix) { found[String(name.dropFirst(prefix.count))] = value }
        return found
    }

    func files(_ name: String) -> [MultipartForm.Part] { files.filter { $0.name == name && !($0.fileName ?? "").isEmpty } }

    /// Reads the body: multipart up to the request's upload limit, url-encoded up to `FormData.maximumBodyBytes`.
    static func read(_ request: Request, context: WebRequestContext) async throws -> PostedForm {
        var request = request
        if let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard let form = MultipartForm(body, boundary: boundary) else { throw FormData.malformed }
            return PostedForm(fields: form.parts.filter { $0.fileName == nil }.map { ($0.name, String(decoding: $0.data, as: UTF8.self)) },
                              files: form.parts.filter { $0.fileName != nil })
        }
        let body = try await request.collectBody(upTo: FormData.maximumBodyBytes)
        return PostedForm(fields: try FormData(parsing: String(decoding: body.readableBytesView, as: UTF8.self)).pairs, files: [])
    }
}
