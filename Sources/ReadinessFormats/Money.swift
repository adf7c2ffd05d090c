import Foundation
import ReadinessCore

/// Amounts of VND as people write and read them.
public enum Money {
    /// "2000000000", "2e9", "2.5e9", "2.000.000.000", "2,000,000,000", "2_000_000_000", "45 000 000 đ".
    /// Nil when it is not a whole number of đồng.
    public static func parse(_ raw: String) -> Int? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        for suffix in ["VND", "vnd", "đồng", "đ"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        text = text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: " ", with: "")
        if text.isEmpty { return nil }
        if let n = Int(text) { return n }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        for separator in [".", ","] {
            let groups = body.split(separator: Character(separator), omittingEmptySubsequences: false)
            if groups.count > 1, (1...3).contains(groups[0].count),
               groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
               groups.dropFirst().allSatisfy({ $0.count == 3 }), let n = Int(groups.joined()) {
                return negative ? -n : n
            }
        }
        if text.lowercased().contains("e"), let x = Double(text), x.isFinite, x == x.rounded(), abs(x) < 9e18 { return Int(x) }
        return nil
    }

    /// "1.234.567 đ" or "1,234,567 VND".
    public static func format(_ amount: Int, _ language: Language) -> String {
        Style.integer(amount, language) + (language == .vi ? " đ" : " VND")
    }

    /// "1.234,57 triệu đồng" or "1,234.57 million VND".
    public static func millions(_ amount: Int, _ language: Language) -> String {
        Style.decimal(Double(amount) / 1_000_000, places: 2, language) + (language == .vi ? " triệu đồng" : " million VND")
    }
}
