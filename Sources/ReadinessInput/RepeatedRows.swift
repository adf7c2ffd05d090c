import ReadinessCore

/// Which rows give a holding and day that an earlier row gave, and whether the two agree: the one
/// record, across the rows of a file and across the files of an import, that an identical repeat adds
/// nothing and that two rows disagreeing are a problem. Rows are told apart by their key in the ledger's
/// order (`LedgerOrder.Keys`); what each says (counts and attributes) is kept exactly, in 16 bytes
/// with its file and line, so that memory grows with the rows seen and nothing else.
public struct RepeatedRows: Sendable {
    /// Where an earlier row was, and what it said.
    public struct Earlier: Sendable, Equatable {
        /// The file's number, as given to `check`.
        public var file: Int
        public var line: Int
        public var working: Int
        public var broken: Int

        public init(file: Int, line: Int, working: Int, broken: Int) {
            (self.file, self.line, self.working, self.broken) = (file, line, working, broken)
        }
    }

    public enum Verdict: Sendable, Equatable {
        /// The first row of its holding and day.
        case first
        /// The same counts and attributes as the earlier row: it adds nothing.
        case same(Earlier)
        /// Different ones: a problem, the two must be reconciled.
        case different(Earlier)
    }

    private struct Entry {
        /// working (17 bits) | broken (17 bits) | attributes' number (30 bits).
        var says: UInt64
        var file: UInt32
        var line: UInt32
    }

    private var seen: [Int: Entry] = [:]
    /// Each distinct set of attribute values seen, numbered from 1 (0: none).
    private var attributeNumbers: [[String: AttributeValue]: UInt64] = [:]

    /// `expectedRows`: about how many rows will be checked (room for them is made at once).
    public init(expectedRows: Int = 0) {
        seen.reserveCapacity(max(0, min(expectedRows, 1 << 28)))
    }

    /// Records the row (its key, what it says, its file and line) unless its holding and day were seen,
    /// and says whether they were and whether the earlier row agrees. Counts are those `Limits.units`
    /// allows (they fit in 17 bits).
    public mutating func check(key: Int, _ event: borrowing NewEvent, file: Int, line: Int) -> Verdict {
        let says = fingerprint(event)
        let entry = Entry(says: says, file: UInt32(clamping: file), line: UInt32(clamping: line))
        guard let earlier = seen.updateValue(entry, forKey: key) else { return .first }
        seen[key] = earlier   // the first row stays the one later rows are compared with
        let place = Earlier(file: Int(earlier.file), line: Int(earlier.line),
                            working: Int(earlier.says >> 47), broken: Int(earlier.says >> 30 & 0x1_FFFF))
        return earlier.says == says ? .same(place) : .different(place)
    }

    /// Checks each of `rows` (of file number `file`) and leaves out those whose holding and day were seen.
    /// Returns how many were the same as the earlier row, and the problem of each that disagrees with it
    /// (`fileName` names an earlier file by its number).
    public mutating func leaveOutRepeats(of rows: inout LedgerRows, file: Int, communes: CommuneDirectory,
                                         fileName: (Int) -> String) -> (same: Int, problems: [SourceIssue]) {
        var same = 0, problems: [SourceIssue] = [], keep: [Bool]?
        rows.events.withUnsafeBufferPointer { events in
            for k in events.indices {
                switch check(key: rows.keys[k], events[k], file: file, line: rows.lines[k]) {
                case .first: continue
                case .same: same += 1
                case .different(let earlier):
                    problems.append(rows.problem(k, earlier: earlier, earlierFile: earlier.file == file ? nil : fileName(earlier.file),
                                                 communes: communes))
                }
                if keep == nil { keep = [Bool](repeating: true, count: events.count) }
                keep![k] = false
            }
        }
        if let keep { rows.keep { keep[$0] } }
        return (same, problems)
    }

    private mutating func fingerprint(_ e: borrowing NewEvent) -> UInt64 {
        precondition(Limits.units.contains(e.working) && Limits.units.contains(e.broken) && Limits.units.upperBound < 1 << 17,
                     "counts outside Limits.units")
        var attributes: UInt64 = 0
        if !e.attributes.isEmpty {
            if let known = attributeNumbers[e.attributes] { attributes = known } else {
                attributes = UInt64(attributeNumbers.count + 1)
                precondition(attributes < 1 << 30, "more distinct attribute values than a row's record holds")
                attributeNumbers[e.attributes] = attributes
            }
        }
        return UInt64(e.working) << 47 | UInt64(e.broken) << 30 | attributes
    }
}
