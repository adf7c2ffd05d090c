import ReadinessCore

/// Amounts of VND as people read them, in the reader's style.
extension Money {
    /// "1.234.567 đ" or "1,234,567 VND".
    public static func format(_ amount: Int, _ language: Language) -> String {
        Style.integer(amount, language) + (language == .vi ? " đ" : " VND")
    }

    /// "1.234,57 triệu đồng" or "1,234.57 million VND".
    public static func millions(_ amount: Int, _ language: Language) -> String {
        Style.decimal(Double(amount) / 1_000_000, places: 2, language) + (language == .vi ? " triệu đồng" : " million VND")
    }
}
