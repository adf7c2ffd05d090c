/// Moments stored as ISO 8601 in UTC (`2025-12-12T17:30:05Z`), as people in Vietnam read them: in
/// Vietnam's time (UTC+7, no daylight saving), to the minute, the date first as Vietnamese documents
/// write it (`13/12/2025 00:30`).
public enum VietnamTime {
    /// Hours Vietnam's time is ahead of UTC.
    public static let offsetHours = 7

    /// The moment in Vietnam's time, `dd/MM/yyyy HH:mm`; a text that is not such a stamp is returned as it is.
    public static func minute(_ iso: String) -> String {
        guard let (day, minutes) = parse(iso) else { return iso }
        let local = minutes + offsetHours * 60
        let shifted = day.adding(days: local >= 24 * 60 ? 1 : 0)
        let m = local % (24 * 60)
        return "\(shifted.vietnamese) \(pad(m / 60)):\(pad(m % 60))"
    }

    /// The day in Vietnam of a stored moment (nil when the text is not such a stamp).
    public static func day(_ iso: String) -> Day? {
        guard let (day, minutes) = parse(iso) else { return nil }
        return day.adding(days: minutes + offsetHours * 60 >= 24 * 60 ? 1 : 0)
    }

    /// The UTC day and the minutes since its midnight of `YYYY-MM-DDTHH:MM…Z`.
    static func parse(_ iso: String) -> (Day, Int)? {
        let u = Array(iso.utf8.prefix(40))
        guard u.count >= 17, u.last == UInt8(ascii: "Z"), u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"),
              let day = Day(iso: String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        func two(_ i: Int) -> Int? {
            guard (48...57).contains(u[i]), (48...57).contains(u[i + 1]) else { return nil }
            return Int(u[i] - 48) * 10 + Int(u[i + 1] - 48)
        }
        guard let h = two(11), let m = two(14), h < 24, m < 60 else { return nil }
        return (day, h * 60 + m)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
