import ReadinessCore

/// Checked rows of a table: each row's event, its key in the ledger's order (`LedgerOrder.Keys`) and
/// the line (or sheet row) it was read from, side by side.
public struct LedgerRows: Sendable {
    /// The file and sheet the rows were read from, and the column naming their commune (0-based), for
    /// the places of problems.
    public let file: String, sheet: String?, communeColumn: Int
    public private(set) var events: [NewEvent] = []
    public private(set) var keys: [Int] = []
    public private(set) var lines: [Int] = []
    /// Whether the rows are a template's (a commune's count on one date, where a row saying what the
    /// commune holds on that date adds nothing).
    public internal(set) var fromTemplate = false

    public init(file: String, sheet: String?, communeColumn: Int) {
        (self.file, self.sheet, self.communeColumn) = (file, sheet, communeColumn)
    }

    public var isEmpty: Bool { events.isEmpty }
    public var count: Int { events.count }

    mutating func reserveCapacity(_ n: Int) {
        events.reserveCapacity(n)
        keys.reserveCapacity(n)
        lines.reserveCapacity(n)
    }

    mutating func append(_ event: NewEvent, key: Int, line: Int) {
        events.append(event)
        keys.append(key)
        lines.append(line)
    }

    /// Adds `other`'s rows after these.
    mutating func append(contentsOf other: LedgerRows) {
        events += other.events
        keys += other.keys
        lines += other.lines
    }

    /// Keeps the rows at the positions `keep` accepts, in their order.
    public mutating func keep(_ keep: (Int) -> Bool) {
        var kept = LedgerRows(file: file, sheet: sheet, communeColumn: communeColumn)
        kept.fromTemplate = fromTemplate
        kept.reserveCapacity(events.count)
        for k in events.indices where keep(k) { kept.append(events[k], key: keys[k], line: lines[k]) }
        self = kept
    }

    /// Whether the rows are in the ledger's order (keys never go down).
    public var isInKeyOrder: Bool {
        keys.withUnsafeBufferPointer { k in !k.indices.dropFirst().contains { k[$0] < k[$0 - 1] } }
    }

    /// Puts the rows in the ledger's order; rows of one holding and day keep their order. The rows are
    /// moved in place, not copied.
    public mutating func sortByKey() {
        guard !isInKeyOrder else { return }
        var pairs = [(key: Int, at: Int)]()
        pairs.reserveCapacity(keys.count)
        for (at, key) in keys.enumerated() { pairs.append((key, at)) }
        pairs.sort { $0 < $1 }
        var order = pairs.map(\.at)
        // Position k takes the row at order[k]: each cycle of the permutation by swaps (of the buffers'
        // memory: an event is moved, never copied).
        events.withUnsafeMutableBufferPointer { events in
            keys.withUnsafeMutableBufferPointer { keys in
                lines.withUnsafeMutableBufferPointer { lines in
                    for start in order.indices where order[start] != start && order[start] >= 0 {
                        var k = start
                        while order[k] != start {
                            let from = order[k]
                            events.swapAt(k, from)
                            keys.swapAt(k, from)
                            lines.swapAt(k, from)
                            order[k] = -1
                            k = from
                        }
                        order[k] = -1
                    }
                }
            }
        }
    }

    /// The problem of row `k` disagreeing with an earlier row of its holding and day (`RepeatedRows`),
    /// which is in `earlierFile`, another file of the same import, or in these rows' own file (nil).
    public func problem(_ k: Int, earlier: RepeatedRows.Earlier, earlierFile: String?, communes: CommuneDirectory) -> SourceIssue {
        let e = events[k]
        guard let earlierFile else {
            let label = communes.commune(code: e.communeCode)?.label ?? e.communeCode
            let place: Phrase = sheet == nil ? "line \(earlier.line)" : "row \(earlier.line)"
            return SourceIssue(file: file, sheet: sheet, line: lines[k], column: communeColumn + 1,
                               "\(label), \(e.item) on \(e.effectiveOn.iso) already has a different row (\(place)): keep one")
        }
        return SourceIssue(file: file, sheet: sheet, line: lines[k],
                           "\(e.communeCode), \(e.item) on \(e.effectiveOn.iso): \(earlierFile) says \(earlier.working) working, \(earlier.broken) broken; this file says \(e.working) working, \(e.broken) broken: keep one")
    }
}
