/// A text written in English where it is made, shown in the language asked for.
///
/// Its key is the English text with each interpolated value replaced by `{1}`, `{2}` …, in order:
/// `"working \(n) is negative"` has the key `working {1} is negative`. English shows the key itself;
/// Vietnamese looks it up in `VietnameseTexts.table`, whose entries may place the values in any order.
/// Interpolated texts and numbers are shown as they are (names, codes, paths are never translated); an
/// interpolated `Phrase` is shown in the same language; `\(n, "event")` is a count: "1 event", "2 events"
/// in English, "2 sự kiện" in Vietnamese (the noun from the table). A key without a Vietnamese entry is
/// shown in English.
public struct Phrase: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Part: Sendable, Hashable {
        /// Shown as it is.
        case value(String)
        /// A count and its noun, singular and plural in English.
        case count(Int, singular: String, plural: String)
        /// Shown in the same language.
        case phrase(Phrase)
    }

    public private(set) var key: String
    public private(set) var parts: [Part]

    public init(stringLiteral value: String) {
        key = value
        parts = []
    }

    public init(stringInterpolation: Interpolation) {
        key = stringInterpolation.key
        parts = stringInterpolation.parts
    }

    /// A text that is never translated (a name, a file's own words).
    public init(verbatim text: String) {
        key = "{1}"
        parts = [.value(text)]
    }

    public struct Interpolation: StringInterpolationProtocol {
        var key = ""
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            key.reserveCapacity(literalCapacity + 4 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { key += literal }

        public mutating func appendInterpolation(_ phrase: Phrase) { append(.phrase(phrase)) }

        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) { append(.value(value.description)) }

        /// An error of another library, in its own words.
        public mutating func appendInterpolation(_ error: any Error) { append(.value(String(describing: error))) }

        /// A count with its noun: `\(3, "event")`, `\(1, "entry", plural: "entries")`.
        public mutating func appendInterpolation(_ count: Int, _ singular: String, plural: String? = nil) {
            append(.count(count, singular: singular, plural: plural ?? singular + "s"))
        }

        private mutating func append(_ part: Part) {
            parts.append(part)
            key += "{\(parts.count)}"
        }
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        let template = language.texts[key] ?? key
        if parts.isEmpty { return template }
        return Self.fill(template, with: parts.map { $0.text(language) })
    }

    /// In English.
    public var description: String { text(.en) }

    /// Both, one after the other.
    public static func + (a: Phrase, b: Phrase) -> Phrase {
        var joined = Phrase(stringLiteral: "{1}{2}")
        joined.parts = [.phrase(a), .phrase(b)]
        return joined
    }

    /// Phrases joined by a separator that is itself translated (", ", "; ").
    public static func joined(_ phrases: [Phrase], separator: Phrase) -> Phrase {
        guard var result = phrases.first else { return "" }
        for p in phrases.dropFirst() { result = result + separator + p }
        return result
    }

    /// `template` with every `{n}` replaced by `values[n - 1]`; other braces are kept.
    static func fill(_ template: String, with values: [String]) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + values.reduce(0) { $0 + $1.utf8.count })
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               let n = Int(rest[afterOpen..<close]), n >= 1, n <= values.count {
                out += values[n - 1]
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }

    /// The placeholders a template uses, in the order they appear.
    public static func placeholders(in template: String) -> [Int] {
        var found: [Int] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let n = Int(rest[afterOpen..<close]) {
                found.append(n)
                rest = rest[rest.index(after: close)...]
            } else {
                rest = rest[afterOpen...]
            }
        }
        return found
    }
}

extension Phrase.Part {
    func text(_ language: Language) -> String {
        switch self {
        case .value(let text): text
        case .phrase(let phrase): phrase.text(language)
        case .count(let n, let singular, let plural):
            switch language {
            case .en: "\(n) \(n == 1 ? singular : plural)"
            case .vi: "\(n) \(language.texts[singular] ?? singular)"
            }
        }
    }
}

extension Language {
    /// The texts of this language by English key; English is the key itself.
    public var texts: [String: String] {
        switch self {
        case .en: [:]
        case .vi: VietnameseTexts.table
        }
    }
}
