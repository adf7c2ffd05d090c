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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(attributes.mapValues(Scalar.init))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String) -> [String: AttributeValue] {
        if json == "{}" || json.isEmpty { return [:] }
        let decoded = try? JSONDecoder().decode([String: Scalar].self, from: Data(json.utf8))
        return decoded?.mapValues(\.value) ?? [:]
    }
}
