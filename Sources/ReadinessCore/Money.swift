import Foundation

/// Amounts of VND as people write them (ReadinessReports writes them for people to read: `Money.format`).
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
}
