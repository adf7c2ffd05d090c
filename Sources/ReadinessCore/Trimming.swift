import Foundation

extension String {
    /// The text without leading and trailing whitespace and newlines (also no-break spaces).
    /// Most cells of an import have none: those are returned as they are without Foundation's
    /// `trimmingCharacters`, which took a third of a 100,000-row import.
    public var trimmedSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// One holding on one day: the key under which two rows or two files must not disagree.
public struct HoldingDay: Hashable, Sendable {
    public var commune: String
    public var item: String
    public var day: Day
    public init(_ event: NewEvent) {
        commune = event.communeCode
        item = event.item
        day = event.effectiveOn
    }
}
