import Foundation

/// The order of the ledger's rows: the primary key of the store's `event` table
/// (commune_code, item, effective_on, id), compared as SQLite compares it. Codes and item ids
/// compare byte by byte as SQLite's BINARY collation compares text (a text comes before any
/// longer text it starts), then days in order (their ISO text, as stored, sorts as they do),
/// then ids, which are the recording order. Events handed to the store in this order go into the
/// table in its own order, and a reader of the ledger in key order sees them in this order.
///
/// This is the one place that order is written down: the importer's row keys and the store's
/// write both use it.
public enum LedgerOrder {
    /// Whether `a` comes before `b` in the ledger's order, for texts: their UTF-8 bytes compared
    /// as SQLite's BINARY collation does. (Not `String`'s `<`, which compares canonically
    /// equivalent texts, such as a letter with a combining accent and its precomposed form, as equal.)
    @inlinable
    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// Whether `a`'s holding and day come before `b`'s. Neither comes first when both are the same
    /// holding and day: then the one recorded later (the higher id) comes after.
    @inlinable
    public static func precedes(_ a: borrowing NewEvent, _ b: borrowing NewEvent) -> Bool {
        let commune = compare(a.communeCode, b.communeCode)
        if commune != 0 { return commune < 0 }
        let item = compare(a.item, b.item)
        if item != 0 { return item < 0 }
        return a.effectiveOn < b.effectiveOn
    }

    /// Negative, zero or positive as `a` comes before, with or after `b`, byte by byte.
    @inlinable
    public static func compare(_ a: String, _ b: String) -> Int {
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let n = min(x.count, y.count)
                if n > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, n)
                    if c != 0 { return Int(c) }
                }
                return x.count - y.count
            }
        }
        if let contiguous, let order = contiguous { return order }
        // (A text not stored as contiguous UTF-8, such as one bridged from elsewhere: byte by byte.)
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// Each row's holding and day as one integer that sorts as `precedes` sorts the rows, from the
    /// ranks of a registry's codes and of a catalogue's item ids in the ledger's order.
    public struct Keys: Sendable {
        @usableFromInline let codeRanks: [Int], itemRanks: [Int]

        /// `codes` and `items` as the positions passed to `key` number them (registry and catalogue order).
        public init(codes: [String], items: [String]) {
            precondition(codes.count * items.count < 1 << 39, "more codes and items than a key holds")
            codeRanks = Self.ranks(codes)
            itemRanks = Self.ranks(items)
        }

        /// The key of the holding of the code and item at those positions on `day` (a day of the years
        /// 1 to 9999): the same for the same holding and day, and ordered as `LedgerOrder.precedes`
        /// orders two events.
        @inlinable
        public func key(commune: Int, item: Int, day: Day) -> Int {
            // Days since 0000-03-01 are positive for every year from 1; 2^24 days is past year 9999.
            let days = day.daysSinceEpoch + 719_468
            precondition((0..<(1 << 24)).contains(days), "a day outside the years 1 to 9999")
            return (codeRanks[commune] * itemRanks.count + itemRanks[item]) << 24 | days
        }

        /// For each text (by position), its rank among all of them in the ledger's order.
        static func ranks(_ texts: [String]) -> [Int] {
            var ranks = [Int](repeating: 0, count: texts.count)
            for (rank, i) in texts.indices.sorted(by: { LedgerOrder.precedes(texts[$0], texts[$1]) }).enumerated() { ranks[i] = rank }
            return ranks
        }
    }
}
