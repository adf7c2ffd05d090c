import Foundation
import ReadinessCore

/// Attributes are stored as a JSON object: booleans and integers as JSON
/// values, dates as "YYYY-MM-DD" strings, text as strings, so that the
/// database reads well in the `sqlite3` shell too.
enum AttributeCoding {
    private struct Scalar: Codable {
        var value: AttributeValue

        init(_ value: AttributeValue) { self.value = value }

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { value = .bool(b); return }
            if let i = try? c.decode(Int.self) { value = .int(i); return }
            let s = try c.decode(String.self)
            value = Day(iso: s).map(AttributeValue.date) ?? .text(s)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch value {
            case .bool(let b): try c.encode(b)
            case .int(let i): try c.encode(i)
            case .date(let d): try c.encode(d.iso)
            case .text(let s): try c.encode(s)
            }
        }
    }

    static func encode(_ attributes: [String: AttributeValue]) -> String {
        if attributes.isEmpty { return "{}" }
        if let plain = encodePlain(attributes) { return plain }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(attributes.mapValues(Scalar.init))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Appends what `encode` gives as UTF-8 bytes; the common case (names and values with nothing
    /// to escape) without making strings: encoding every imported event's attributes as a string
    /// took a tenth of writing them.
    static func append(_ attributes: [String: AttributeValue], to bytes: inout [UInt8]) {
        if attributes.isEmpty { bytes.append(UInt8(ascii: "{")); bytes.append(UInt8(ascii: "}")); return }
        let start = bytes.count
        let keys = attributes.count == 1 ? [attributes.first!.key] : attributes.keys.sorted()
        bytes.append(UInt8(ascii: "{"))
        for (i, key) in keys.enumerated() {
            guard plain(key) else { bytes.removeSubrange(start...); bytes.append(contentsOf: encode(attributes).utf8); return }
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
            switch attributes[key]! {
            case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
            case .int(let n): bytes.append(contentsOf: String(n).utf8)
            case .date(let d):
                bytes.append(UInt8(ascii: "\""))
                d.appendISO(to: &bytes)
                bytes.append(UInt8(ascii: "\""))
            case .text(let t):
                guard plain(t) else { bytes.removeSubrange(start...); bytes.append(contentsOf: encode(attributes).utf8); return }
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: t.utf8)
                bytes.append(UInt8(ascii: "\""))
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    static func decode(_ json: String) -> [String: AttributeValue] {
        if json == "{}" || json.isEmpty { return [:] }
        if let plain = decodePlain(json) { return plain }
        let decoded = try? JSONDecoder().decode([String: Scalar].self, from: Data(json.utf8))
        return decoded?.mapValues(\.value) ?? [:]
    }

    // Fast paths for the common case — names and texts with nothing to escape — written and read
    // byte by byte: JSONEncoder/JSONDecoder per row took a tenth of a 100,000-event import and of
    // `gaps` on it. Anything else goes through Foundation's JSON, which reads what these write.

    private static func plain(_ text: String) -> Bool {
        !text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    static func encodePlain(_ attributes: [String: AttributeValue]) -> String? {
        var out = "{"
        for (i, key) in attributes.keys.sorted().enumerated() {
            guard plain(key) else { return nil }
            out += (i == 0 ? "\"" : ",\"") + key + "\":"
            switch attributes[key]! {
            case .bool(let b): out += b ? "true" : "false"
            case .int(let n): out += String(n)
            case .date(let d): out += "\"" + d.iso + "\""
            case .text(let t):
                guard plain(t) else { return nil }
                out += "\"" + t + "\""
            }
        }
        return out + "}"
    }

    static func decodePlain(_ json: String) -> [String: AttributeValue]? {
        let b = Array(json.utf8)
        var i = 0, result: [String: AttributeValue] = [:]
        func string() -> String? {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            i = start
            while i < b.count, b[i] != UInt8(ascii: "\"") {
                if b[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < b.count else { return nil }
            i += 1
            return String(decoding: b[start..<(i - 1)], as: UTF8.self)
        }
        guard b.first == UInt8(ascii: "{"), b.last == UInt8(ascii: "}") else { return nil }
        i = 1
        while i < b.count - 1 {
            guard let key = string(), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            let value: AttributeValue
            if b[i] == UInt8(ascii: "\"") {
                guard let text = string() else { return nil }
                value = Day(iso: text).map(AttributeValue.date) ?? .text(text)
            } else {
                let start = i
                while i < b.count, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "}") { i += 1 }
                switch String(decoding: b[start..<i], as: UTF8.self) {
                case "true": value = .bool(true)
                case "false": value = .bool(false)
                case let n: guard let v = Int(n) else { return nil }; value = .int(v)
                }
            }
            result[key] = value
            if b[i] == UInt8(ascii: ",") { i += 1 }
        }
        return result
    }
}
