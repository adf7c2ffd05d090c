import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (RFC 7578) read whole: its fields and files, as multipart-kit's parser
/// finds its parts. A body that is not well formed (a syntax error, a part left open at the end, no part)
/// is no form.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        /// Set for a file input.
        var fileName: String?
        var contentType: String?
        var data: [UInt8]
    }

    var parts: [Part]

    /// The boundary of a `multipart/form-data; boundary=…` content type (1 to 70 bytes), nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix("boundary=") else { continue }
            var value = String(pair.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }

    /// Nil when the body is not a well-formed multipart body for `boundary`.
    init?(_ body: ByteBuffer, boundary: String) {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(name: String, value: String)] = []
        var data: [UInt8] = []
        var open = false
        var malformed = false
        parser.onHeader = { name, value in
            headers.append((name, value))
            open = true
        }
        parser.onBody = { buffer in
            data += buffer.readableBytesView
            open = true
        }
        parser.onPartComplete = {
            var name: String?, fileName: String?, contentType: String?
            for (header, value) in headers {
                switch header.lowercased() {
                case "content-disposition":
                    name = Self.parameter("name", in: value)
                    fileName = Self.parameter("filename", in: value)
                case "content-type": contentType = value.trimmingCharacters(in: .whitespaces)
                default: break
                }
            }
            if let name { parts.append(Part(name: name, fileName: fileName, contentType: contentType, data: data)) } else { malformed = true }
            headers = []
            data = []
            open = false
        }
        do { try parser.execute(body) } catch { return nil }
        guard !open, !malformed, !parts.isEmpty else { return nil }
        self.parts = parts
    }

    /// The first text field of that name.
    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    /// The files sent under that name (an empty file input sends a part with an empty file name: left out).
    func files(_ name: String) -> [Part] {
        parts.filter { $0.name == name && !($0.fileName ?? "").isEmpty }
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // Browsers send a file's path or name; only its last component is kept.
            return value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? value
        }
        return nil
    }
}
