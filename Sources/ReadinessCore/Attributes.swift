import Foundation

/// The types an item's or a commune's attribute can have.
public enum AttributeType: String, Sendable, Hashable, CaseIterable, Codable {
    case bool, int, date, text
}

/// A typed attribute value: `meets_hnth: true`, `bandwidth_mbps: 100`,
/// `expires_on: 2027-03-01`, `former_province: Kon Tum`.
public enum AttributeValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case date(Day)
    case text(String)

    public var type: AttributeType {
        switch self {
        case .bool: .bool
        case .int: .int
        case .date: .date
        case .text: .text
        }
    }

    /// The canonical text form, as stored in the database and written to CSV.
    public var description: String {
        switch self {
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .date(let d): d.iso
        case .text(let s): s
        }
    }

    /// Parses a value typed by a person as the given type. Accepts yes/no in
    /// English and Vietnamese for booleans (có/không), ISO or dd/MM/yyyy for dates, whole numbers in
    /// ASCII decimal digits only ("0x10", "+5", "1e3" are not whole numbers).
    public static func parse(_ raw: String, as type: AttributeType) -> AttributeValue? {
        let text = raw.trimmedSpaces
        switch type {
        case .bool:
            if text == "true" { return .bool(true) }     // what exchange files write: no folding needed
            if text == "false" { return .bool(false) }
            switch VietnameseText.fold(text) {
            case "true", "yes", "y", "1", "co", "x", "dat": return .bool(true)
            case "false", "no", "n", "0", "khong", "chua": return .bool(false)
            default: return nil
            }
        case .int:
            guard let i = Numerals.whole(text) else { return nil }
            return .int(i)
        case .date:
            return Day(lenient: text).map(AttributeValue.date)
        case .text:
            return text.isEmpty ? nil : .text(text)
        }
    }

    /// Infers the type of a value in a registry file: a whole number (ASCII decimal digits), true/false, an ISO date, or text.
    public static func infer(_ raw: String) -> AttributeValue? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if let i = Numerals.whole(text) { return .int(i) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let d = Day(iso: text) { return .date(d) }
        return .text(text)
    }
}

extension AttributeValue {
    /// Why a value read for a commune or a holding is out of range, naming `name` and the value: a whole
    /// number outside `Limits.wholeAttribute` (no count, size or speed is negative), a date outside
    /// `Limits.ledgerDays`. Nil when it is in range.
    public func rangeProblem(_ name: String) -> Phrase? {
        switch self {
        case .int(let n) where !Limits.wholeAttribute.contains(n):
            return "\(name) \(n) is out of range: give a whole number from \(Limits.describe(Limits.wholeAttribute))"
        case .date(let d) where !Limits.ledgerDays.contains(d):
            return "\(name) \(d.iso) is out of range: give a date from \(Limits.describe(Limits.ledgerDays))"
        default:
            return nil
        }
    }
}
