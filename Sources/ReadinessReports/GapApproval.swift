import ReadinessCore

/// Which communes of a gap report have their figures approved (locked) for the report's date, so that a
/// report says which figures are final: a line "x/y approved for period P" and a mark by each approved name.
public struct GapApproval: Sendable, Hashable {
    /// The reporting period of the date ("2025-12").
    public var period: String
    /// Commune code → the approved period covering the date (a month, quarter or year).
    public var approved: [String: String]
    /// The communes of the report.
    public var total: Int

    public init(period: String, approved: [String: String], total: Int) {
        self.period = period
        self.approved = approved
        self.total = total
    }

    func line(_ language: Language) -> String {
        let phrase: Phrase = "Figures approved for \(period): \(approved.count) of \(total) communes"
        return phrase.text(language)
    }

    func mark(_ code: String, _ language: Language) -> String {
        guard approved[code] != nil else { return "" }
        return (" (approved)" as Phrase).text(language)
    }
}
