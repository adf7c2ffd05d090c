import ReadinessCore

/// Amounts of VND as people read them, in the reader's style.
extension Money {
    /// "1.234.567 đ" or "1,234,567 VND".
    public static func format(_ amount: Int, _ language: Language) -> String {
        Phrase("\(Style.integer(amount, language)) VND").text(language)
    }

    /// "1.234,57 triệu đồng" or "1,234.57 million VND".
    public static func millions(_ amount: Int, _ language: Language) -> String {
        Phrase("\(millionsNumber(amount, language)) million VND").text(language)
    }

    /// The number of millions alone: "1.234,57" or "1,234.57".
    public static func millionsNumber(_ amount: Int, _ language: Language) -> String {
        Style.decimal(Double(amount) / 1_000_000, places: 2, language)
    }
}
