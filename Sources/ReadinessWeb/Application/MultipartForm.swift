import Foundation
import NIOCore

/// A `multipart/form-data` body (RFC 7578) read whole: its fields and files. Hummingbird has no
/// multipart decoder of its own; this one is small, strict and only for what the forms send
/// (one level, no nested mixed parts), which spares the app a dependency for one form.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        /// Set for a file input.
        var fileName: String?
        var contentType: String?
        var data: [UInt8]
    }

    var parts: [Part]

    /// The boundary of a `multipart/form-data; boundary=…` content type, nil for any other type.
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
        let bytes = Array(body.readableBytesView)
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var at = Self.find(delimiter, in: bytes, from: 0) else { return nil }
        at += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if bytes.count >= at + 2, bytes[at] == 45, bytes[at + 1] == 45 { break }
            guard bytes.count >= at + 2, bytes[at] == 13, bytes[at + 1] == 10 else { return nil }
            at += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: bytes, from: at) else { return nil }
            let headers = String(decoding: bytes[at..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: bytes, from: contentStart) else { return nil }
            var name: String?, fileName: String?, contentType: String?
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = Self.parameter("name", in: line)
                    fileName = Self.parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { return nil }
            parts.append(Part(name: name, fileName: fileName, contentType: contentType, data: Array(bytes[contentStart..<next])))
            at = next + 2 + delimiter.count
        }
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

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
