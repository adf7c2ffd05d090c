import Foundation

/// Amounts of VND as people write them (ReadinessReports writes them for people to read: `Money.format`).
public enum Money {
    /// How a typed amount reads.
    public enum Reading: Equatable, Sendable {
        case amount(Int)
        /// Written as an amount but beyond what Int holds ("99999999999999999999", "1e30").
        case tooLarge
        /// Not an amount of whole đồng ("abc", "2.5", "0x10", "+5").
        case invalid
    }

    /// "2000000000", "2e9", "2.5e9", "2.000.000.000", "2,000,000,000", "2_000_000_000", "45 000 000 đ", and
    /// any of them after "-". ASCII digits only; the exponent form is worked out exactly, in whole numbers.
    public static func read(_ raw: String) -> Reading {
        var text = raw.trimmingCharacters(in: .whitespaces)
        for suffix in ["VND", "vnd", "đồng", "đ"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        text = text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: " ", with: "")
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        func isDigits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        func signed(_ digits: String) -> Reading {
            guard let n = Int(digits) else { return .tooLarge }
            return .amount(negative ? -n : n)
        }
        if isDigits(body[...]) { return signed(body) }
        for separator: Character in [".", ","] {
            let groups = body.split(separator: separator, omittingEmptySubsequences: false)
            if groups.count > 1, (1...3).contains(groups[0].count), groups.allSatisfy(isDigits),
               groups.dropFirst().allSatisfy({ $0.count == 3 }) {
                return signed(groups.joined())
            }
        }
        // "2e9", "2.5e9": digits, an optional fraction, an exponent of digits; whole only.
        let parts = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" })
        guard parts.count == 2, isDigits(parts[1]) else { return .invalid }
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(mantissa.count), mantissa.allSatisfy(isDigits) else { return .invalid }
        var digits = String(mantissa[0]) + (mantissa.count == 2 ? String(mantissa[1]) : "")
        guard let exponent = Int(parts[1]), exponent <= 40 else { return digits.allSatisfy({ $0 == "0" }) ? .amount(0) : .tooLarge }
        let shift = exponent - (mantissa.count == 2 ? mantissa[1].count : 0)
        if shift >= 0 {
            digits += String(repeating: "0", count: shift)
        } else {
            guard digits.suffix(-shift).allSatisfy({ $0 == "0" }) else { return .invalid }   // 2.55e1: not whole
            digits = String(digits.dropLast(-shift))
        }
        let significant = digits.drop { $0 == "0" }
        return signed(significant.isEmpty ? "0" : String(significant))
    }

    /// The amount `read` finds; nil when it finds none or one beyond Int.
    public static func parse(_ raw: String) -> Int? {
        if case .amount(let n) = read(raw) { return n }
        return nil
    }
}
