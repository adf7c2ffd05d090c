import Foundation

extension String {
    /// The text without leading and trailing whitespace and newlines (also no-break spaces).
    /// Most cells of an import have none: those are returned as they are without Foundation's
    /// `trimmingCharacters`.
    public var trimmedSpaces: String {
        let plain = utf8.withContiguousStorageIfAvailable { b in
            b.isEmpty || (b[0] > 0x20 && b[0] < 0x80 && b[b.count - 1] > 0x20 && b[b.count - 1] < 0x80)
        }
        if plain ?? (utf8.first.map { $0 > 0x20 && $0 < 0x80 } == true && utf8.last.map { $0 > 0x20 && $0 < 0x80 } == true) {
            return self
        }
        if isEmpty { return self }
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
