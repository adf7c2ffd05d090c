import Foundation
import ReadinessCore
import ReadinessStore

/// A backup into a folder of backups, then the folder thinned out: the newest backup of each of the last
/// `keepDaily` days that have one, and the newest of each of the last `keepWeekly` ISO weeks, are kept; every
/// other backup this made is removed. Files of any other name in the folder are never touched, and nothing
/// is removed unless the new backup was written and passed its checks.
///
/// Backups are named `readiness-YYYY-MM-DDTHHMMSSZ.sqlite` (UTC), so that they sort by time.
public struct RotatingBackup: Sendable {
    public struct Result: Sendable {
        /// The new backup.
        public var backup: BackupDatabase.Result
        /// The backups kept, newest first (the new one among them).
        public var kept: [String]
        /// The backups removed.
        public var removed: [String]
    }

    public var clock: Clock

    public init(clock: Clock = .system) { self.clock = clock }

    /// The largest number of daily or weekly backups kept (ten years of weeks).
    public static let maximumKept = 520

    public func run(database: String, into folder: String, keepDaily: Int, keepWeekly: Int) throws(AppError) -> Result {
        guard (0...Self.maximumKept).contains(keepDaily) else { throw .input("--keep-daily must be 0 to \(Self.maximumKept)", field: "keep-daily") }
        guard (0...Self.maximumKept).contains(keepWeekly) else { throw .input("--keep-weekly must be 0 to \(Self.maximumKept)", field: "keep-weekly") }
        guard keepDaily + keepWeekly > 0 else { throw .input("keep at least one backup: --keep-daily or --keep-weekly above 0", field: "keep-daily") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("no folder \(folder) for the backups: make it first", field: "into")
        }
        let now = clock.now()
        let name = Self.fileName(at: now)
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        let backup = try BackupDatabase().run(database: database, to: path, force: false)

        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { Self.date(ofFileName: $0) != nil }
        let keep = Self.kept(names, keepDaily: keepDaily, keepWeekly: keepWeekly).union([name])
        var removed: [String] = []
        for old in names where !keep.contains(old) {
            let oldPath = URL(fileURLWithPath: folder).appendingPathComponent(old).path
            do { try FileManager.default.removeItem(atPath: oldPath) } catch {
                throw .conflict("backed up to \(path), but cannot remove the old backup \(oldPath): \(error.localizedDescription)")
            }
            removed.append(oldPath)
        }
        let kept = keep.sorted(by: >).map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
        return Result(backup: backup, kept: kept, removed: removed.sorted(by: >))
    }

    /// The name of a backup made at `date`.
    public static func fileName(at date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "readiness-%04d-%02d-%02dT%02d%02d%02dZ.sqlite",
                      c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The time in a backup's name, or nil for any other file.
    public static func date(ofFileName name: String) -> Date? {
        guard let match = name.wholeMatch(of: /readiness-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sqlite/) else { return nil }
        let components = DateComponents(year: Int(match.1), month: Int(match.2), day: Int(match.3),
                                        hour: Int(match.4), minute: Int(match.5), second: Int(match.6))
        guard let date = utc.date(from: components), fileName(at: date) == name else { return nil }
        return date
    }

    /// Of backups' names, those kept: the newest of each of the `keepDaily` most recent days, and of each of
    /// the `keepWeekly` most recent ISO weeks.
    public static func kept(_ names: [String], keepDaily: Int, keepWeekly: Int) -> Set<String> {
        let dated = names.compactMap { name in date(ofFileName: name).map { (name, $0) } }.sorted { $0.1 > $1.1 }
        var kept: Set<String> = []
        var days: Set<String> = [], weeks: Set<String> = []
        for (name, date) in dated {
            let day = utc.dateComponents([.year, .month, .day], from: date)
            let dayKey = "\(day.year ?? 0)-\(day.month ?? 0)-\(day.day ?? 0)"
            if days.count < keepDaily, days.insert(dayKey).inserted { kept.insert(name) }
            let week = utc.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            let weekKey = "\(week.yearForWeekOfYear ?? 0)-W\(week.weekOfYear ?? 0)"
            if weeks.count < keepWeekly, weeks.insert(weekKey).inserted { kept.insert(name) }
        }
        return kept
    }

    /// The ISO 8601 calendar (weeks from Monday, week 1 holding the year's first Thursday) in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
