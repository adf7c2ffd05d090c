import Foundation

extension String {
    /// The text without leading and trailing whitespace and newlines (also no-break spaces), as
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` gives it. A text whose first and
    /// last characters are not white (most cells of an import, Vietnamese ones too) is returned as it
    /// is, after a look at those two only.
    public var trimmedSpaces: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !Self.isWhite(first) && !Self.isWhite(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let white = CharacterSet.whitespacesAndNewlines

    /// Whether `trimmingCharacters` may take the scalar off (any ASCII control or space may: Foundation decides).
    private static func isWhite(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar.value <= 0x20 : white.contains(scalar)
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
