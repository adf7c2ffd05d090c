import Foundation
import ReadinessCore

/// Where the use cases get the time from: the system clock in the program, a fixed instant in tests.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = Clock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }

    /// A clock stopped at noon, Vietnam time, on `day`.
    public static func fixed(on day: Day) -> Clock {
        fixed(Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + 5 * 3_600)))
    }

    /// Today's date in Vietnam (UTC+7), where the people using the tool are.
    public var today: Day {
        let seconds = Int(now().timeIntervalSince1970) + 7 * 3_600
        return Day(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }
}
