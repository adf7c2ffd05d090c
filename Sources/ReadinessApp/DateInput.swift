import Foundation
import ReadinessCore

/// The dates a person gives a use case (a report's date, the date of an event): `YYYY-MM-DD` or
/// `dd/MM/yyyy`, within the ledger's dates (`Limits.ledgerDays`, 2000-01-01 to 2100-12-31). A refusal is
/// an input error naming the field; its message does not repeat the field's name, which each front end
/// words itself (an option on the command line, a label on a page).
public enum DateInput {
    /// The day `text` names, checked; `field` names the input ("as-of", "since", "on").
    public static func parse(_ text: String, field: String) throws(AppError) -> Day {
        guard let day = Day(lenient: text) else {
            throw .field(field, "\"\(Echo.short(text))\" is not a date: give it as YYYY-MM-DD or dd/MM/yyyy")
        }
        try check(day, field: field)
        return day
    }

    /// Refuses a day outside the ledger's dates.
    public static func check(_ day: Day, field: String) throws(AppError) {
        guard Limits.ledgerDays.contains(day) else {
            throw .field(field, "the date \(day.vietnamese) is out of range: give a date from \(Limits.ledgerDays.lowerBound.vietnamese) to \(Limits.ledgerDays.upperBound.vietnamese)")
        }
    }
}

/// A value a person typed, as a message may repeat it: its first characters, without control characters.
public enum Echo {
    public static func short(_ text: some StringProtocol, limit: Int = 40) -> String {
        var out = ""
        var count = 0
        for ch in text {
            if count == limit { out += "…"; break }
            let isControl = ch.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                || $0.properties.generalCategory == .surrogate || $0.properties.generalCategory == .unassigned }
            out.append(isControl ? "\u{FFFD}" : ch)
            count += 1
        }
        return out
    }
}

extension CommuneType {
    /// A commune type as a filter gives it (`xã`, `phường`, `đặc khu`); nil for empty; an unknown one is refused.
    public static func filter(_ text: String?, field: String = "type") throws(AppError) -> CommuneType? {
        guard let text = text?.trimmedSpaces, !text.isEmpty else { return nil }
        guard let type = CommuneType(rawValue: text) ?? CommuneType(rawValue: text.precomposedStringWithCanonicalMapping) else {
            throw .field(field, "no commune type \"\(Echo.short(text))\"; the types are: \(CommuneType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }
}

/// Free text a person types (a note, a comment): line ends as `\n`, tabs as spaces, and no control
/// character or code point HTML forbids (they are dropped, whatever sent them); at most `limit` characters.
public enum TextInput {
    /// A note on an event, a review's comment: a few sentences.
    public static let noteLimit = 2_000

    public static func clean(_ text: String, field: String, limit: Int = noteLimit) throws(AppError) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousCR: continue
            case 0x0D, 0x0A: out.append("\n")
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: continue
            case let v where v & 0xFFFE == 0xFFFE: continue  // U+xFFFE and U+xFFFF of every plane
            default: out.append(scalar)
            }
        }
        let cleaned = String(out)
        guard cleaned.count <= limit else {
            throw .field(field, "the text has \(cleaned.count) characters; at most \(Limits.grouped(limit))")
        }
        return cleaned
    }
}
