import Foundation

/// A calendar day (no time, no time zone): the unit of every date in the ledger,
/// checklists and reports. Stored as days since 1970-01-01 so that comparison
/// and arithmetic are exact.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// A day from its parts; nil when the parts do not name a real day (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year),
              (1...9999).contains(year) else { return nil }
        self.daysSinceEpoch = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date).
    public init?(iso text: String) {
        // On the string's UTF-8 bytes in place, with no allocation: an import parses one date per row.
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ Day(isoBytes: $0) }) {
            guard let parsed else { return nil }
            self = parsed
        } else {
            // (A string without contiguous UTF-8, e.g. bridged: copied once.)
            var copy = text
            copy.makeContiguousUTF8()
            self.init(iso: copy)
        }
    }

    /// Parses `YYYY-MM-DD` from its UTF-8 bytes.
    public init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i]) - 48
            }
            return v
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses the dates people type: `YYYY-MM-DD` or Vietnamese `dd/MM/yyyy` (also `d/M/yyyy`, `dd-MM-yyyy`, `dd.MM.yyyy`).
    public init?(lenient text: String) {
        let t = text.trimmedSpaces
        if let d = Day(iso: t) { self = d; return }
        for sep: Character in ["/", "-", "."] {
            let parts = t.split(separator: sep, omittingEmptySubsequences: false)
            if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
               let d = Numerals.whole(parts[0]), let m = Numerals.whole(parts[1]), let y = Numerals.whole(parts[2]), d >= 0, m >= 0, y >= 0,
               let day = Day(year: y, month: m, day: d) {
                self = day; return
            }
        }
        return nil
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(daysSinceEpoch) }

    /// `2025-09-15`
    public var iso: String {
        // Ten bytes written in place (a small string, no allocation): every event stored writes one.
        guard (0...9999).contains(components.year) else {
            let c = components
            return "\(Day.pad(c.year, 4))-\(Day.pad(c.month, 2))-\(Day.pad(c.day, 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { writeISO(into: $0); return 10 }
    }

    /// Appends the ISO form (`2025-09-15`) as UTF-8 bytes, without making a string.
    public func appendISO(to bytes: inout [UInt8]) {
        guard (0...9999).contains(components.year) else { bytes.append(contentsOf: iso.utf8); return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 10))
        bytes.withUnsafeMutableBufferPointer { writeISO(into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
    }

    /// The ten bytes of `YYYY-MM-DD`, for a year from 0 to 9999.
    private func writeISO(into out: UnsafeMutableBufferPointer<UInt8>) {
        let c = components
        var y = c.year
        for i in (0..<4).reversed() { out[i] = UInt8(48 + y % 10); y /= 10 }
        out[4] = UInt8(ascii: "-"); out[5] = UInt8(48 + c.month / 10); out[6] = UInt8(48 + c.month % 10)
        out[7] = UInt8(ascii: "-"); out[8] = UInt8(48 + c.day / 10); out[9] = UInt8(48 + c.day % 10)
    }

    /// `15/09/2025`, as Vietnamese documents write dates.
    public var vietnamese: String {
        let c = components
        return "\(Day.pad(c.day, 2))/\(Day.pad(c.month, 2))/\(Day.pad(c.year, 4))"
    }

    public var description: String { iso }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }
    public func days(until other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
