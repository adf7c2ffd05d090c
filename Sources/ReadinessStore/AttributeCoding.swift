import ReadinessCore

/// Attributes are stored as a JSON object, its keys sorted: booleans and integers as JSON values,
/// dates as "YYYY-MM-DD" strings, text as strings, so that the database reads well in the `sqlite3`
/// shell too. A text that reads as a date ("2025-12-01") is stored as `{"text": "2025-12-01"}`, so
/// that it comes back as text. One writer (`append`) and one reader (`decode`), which also reads
/// what earlier versions wrote (Foundation's JSONEncoder: the same values, any escapes, any spaces).
enum AttributeCoding {
    static func encode(_ attributes: [String: AttributeValue]) -> String {
        var bytes: [UInt8] = []
        append(attributes, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends what `encode` gives, as UTF-8 bytes.
    static func append(_ attributes: [String: AttributeValue], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        if attributes.count == 1, let (key, value) = attributes.first {
            member(key, value, to: &bytes)
        } else {
            for (i, key) in attributes.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                member(key, attributes[key]!, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static func member(_ key: String, _ value: AttributeValue, to bytes: inout [UInt8]) {
        string(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        switch value {
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let n): bytes.append(contentsOf: String(n).utf8)
        case .date(let d):
            bytes.append(UInt8(ascii: "\""))
            d.appendISO(to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .text(let t) where Day(iso: t) != nil:
            bytes.append(contentsOf: #"{"text":"#.utf8)
            string(t, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .text(let t): string(t, to: &bytes)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private static func string(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
        } else {
            let hex = Array("0123456789abcdef".utf8)
            for b in text.utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                case ..<0x20: bytes.append(contentsOf: #"\u00"#.utf8 + [hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The attributes stored as `json`; none when it is not an object of such values.
    static func decode(_ json: String) -> [String: AttributeValue] {
        var json = json
        return json.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let attributes = reader.object(), reader.atEnd else { return [:] }
            return attributes
        }
    }

    /// Reads JSON from UTF-8 bytes, as far as attributes need: an object of booleans, integers,
    /// strings and `{"text": …}`.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool {
            mutating get { skipSpace(); return i == bytes.count }
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

        mutating func skipSpace() {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        }

        /// Steps over `c` (after any spaces) when it comes next.
        mutating func take(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: c) else { return false }
            i += 1
            return true
        }

        mutating func object() -> [String: AttributeValue]? {
            guard take("{") else { return nil }
            var result: [String: AttributeValue] = [:]
            if take("}") { return result }
            repeat {
                guard let key = string(), take(":"), let value = value() else { return nil }
                result[key] = value
            } while take(",")
            return take("}") ? result : nil
        }

        mutating func value() -> AttributeValue? {
            skipSpace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let text = string() else { return nil }
                return Day(iso: text).map(AttributeValue.date) ?? .text(text)
            case UInt8(ascii: "{"):
                // A text that reads as a date: {"text": "2025-12-01"}.
                guard take("{"), string() == "text", take(":"), let text = string(), take("}") else { return nil }
                return .text(text)
            default:
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), !Self.isSpace(bytes[i]) { i += 1 }
                switch String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case let number: return Int(number).map(AttributeValue.int)
                }
            }
        }

        /// A JSON string, its escapes resolved.
        mutating func string() -> String? {
            guard take("\"") else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self)
            }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).unicodeScalars)
            var pending: [UInt8] = []   // unescaped bytes since the last escape
            func flush() {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll()
            }
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") { flush(); return String(scalars) }
                guard b == UInt8(ascii: "\\") else { pending.append(b); continue }
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): pending.append(e)
                case UInt8(ascii: "n"): pending.append(0x0A)
                case UInt8(ascii: "r"): pending.append(0x0D)
                case UInt8(ascii: "t"): pending.append(0x09)
                case UInt8(ascii: "b"): pending.append(0x08)
                case UInt8(ascii: "f"): pending.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {   // a surrogate pair: \uD83D\uDE00
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    flush()
                    scalars.append(scalar)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count,
                  let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + 4)]), as: UTF8.self), radix: 16)
            else { return nil }
            i += 4
            return v
        }
    }
}
