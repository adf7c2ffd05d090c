import Foundation
import GRDB
import ReadinessCore

/// A step of a period's review.
public enum ReviewAction: String, Sendable, Hashable, CaseIterable, Codable {
    case submit, approve, `return`, reopen
}

/// One row of the review trail: who did what to a commune's figures for a period, when.
public struct ReviewEntry: Sendable, Hashable {
    public var id: Int64
    public var communeCode: String
    public var period: String
    public var firstDay: Day
    public var lastDay: Day
    public var action: ReviewAction
    /// The account's name.
    public var actor: String
    public var source: String
    public var comment: String
    /// ISO 8601, UTC.
    public var at: String
}

/// Which communes a write may touch, checked again inside the write's transaction, where the
/// registry and the review trail cannot change under it.
public struct WriteGuard: Sendable, Hashable {
    public enum Communes: Sendable, Hashable {
        case all
        case province(String)
        case commune(String)
        case none
    }

    public var communes: Communes
    public init(communes: Communes) { self.communes = communes }

    /// Any commune (the command); locked periods still refuse.
    public static let all = WriteGuard(communes: .all)
}

/// Why a guarded write was refused; nothing was written.
public enum WriteRefusal: Error, Sendable, Hashable {
    /// The commune is not one the writer may change.
    case outOfScope(commune: String)
    /// The commune's figures for the period are approved: events dated in it cannot change until it is reopened.
    case locked(commune: String, period: String, day: Day)
    /// The review is not in a state that allows the step (the current last step, nil for none).
    case reviewState(commune: String, period: String, current: ReviewAction?)
}

extension InventoryDatabase {
    private static func entry(_ row: Row) -> ReviewEntry {
        ReviewEntry(id: row["id"], communeCode: row["commune_code"], period: row["period"],
                    firstDay: Day(iso: row["first_day"]) ?? Day(daysSinceEpoch: 0), lastDay: Day(iso: row["last_day"]) ?? Day(daysSinceEpoch: 0),
                    action: ReviewAction(rawValue: row["action"]) ?? .submit, actor: row["actor"], source: row["source"],
                    comment: row["comment"], at: row["at"])
    }

    /// Refuses, inside the caller's transaction, events outside writeGuard's communes or dated in an approved period.
    static func check(_ events: some Collection<NewEvent>, against writeGuard: WriteGuard, in db: Database) throws {
        guard !events.isEmpty else { return }
        try check(events, against: writeGuard, locks: try approvedPeriods(in: db), in: db)
    }

    /// The same, with the approved periods (`approvedPeriods`) read before in the same transaction.
    static func check(_ events: some Collection<NewEvent>, against writeGuard: WriteGuard, locks: [String: [ReviewEntry]],
                      in db: Database) throws {
        guard !events.isEmpty else { return }
        if writeGuard.communes != .all {
            var touched = Set<String>()
            events.collectCommunes(into: &touched)
            for code in touched.sorted() { try checkScope(code, against: writeGuard, in: db) }
        }
        guard !locks.isEmpty else { return }
        for e in events {
            if let lock = locks[e.communeCode]?.first(where: { $0.firstDay <= e.effectiveOn && e.effectiveOn <= $0.lastDay }) {
                throw WriteRefusal.locked(commune: e.communeCode, period: lock.period, day: e.effectiveOn)
            }
        }
    }

    /// Refuses a commune outside writeGuard (its province read inside the caller's transaction).
    static func checkScope(_ code: String, against writeGuard: WriteGuard, in db: Database) throws {
        switch writeGuard.communes {
        case .all: break
        case .none: throw WriteRefusal.outOfScope(commune: code)
        case .commune(let allowed): if code != allowed { throw WriteRefusal.outOfScope(commune: code) }
        case .province(let province):
            let actual = try String.fetchOne(db, sql: "SELECT province_code FROM commune WHERE code = ?", arguments: [code])
            if actual != province { throw WriteRefusal.outOfScope(commune: code) }
        }
    }

    /// The approved (locked) periods of every commune, by commune: those whose last review step is an
    /// approval. One query whatever the number of communes (review steps are few).
    static func approvedPeriods(in db: Database) throws -> [String: [ReviewEntry]] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.* FROM review_event r
            WHERE r.action = 'approve'
              AND r.id = (SELECT MAX(id) FROM review_event WHERE commune_code = r.commune_code AND period = r.period)
            """)
        var result: [String: [ReviewEntry]] = [:]
        for row in rows {
            let entry = entry(row)
            result[entry.communeCode, default: []].append(entry)
        }
        return result
    }

    /// Appends events after checking writeGuard and the locks inside the same transaction.
    @discardableResult
    public func append(_ events: [NewEvent], recordedAt: Date = Date(), guard writeGuard: WriteGuard) throws -> Int {
        try write { db in
            try Self.check(events, against: writeGuard, in: db)
            return try Self.append(events, recordedAt: recordedAt, in: db)
        }
    }

    /// What `append(_:guard:)` would refuse, without writing (a dry run's check).
    public func checkWrite(_ events: some Collection<NewEvent> & Sendable, guard writeGuard: WriteGuard) throws {
        try read { db in try Self.check(events, against: writeGuard, in: db) }
    }

    /// Imports files after checking writeGuard and the locks inside the same transaction: all or nothing.
    @discardableResult
    public func importFiles(_ files: [(file: ImportedFile, events: [NewEvent])], recordedAt: Date = Date(),
                            guard writeGuard: WriteGuard) throws -> Int {
        try importFiles(files, recordedAt: recordedAt, check: { db in try Self.check(files.lazy.flatMap(\.events), against: writeGuard, in: db) })
    }

    // MARK: The review trail

    /// Appends a review step if the (commune, period)'s last step is one of `allowedAfter` (nil: no step yet)
    /// and the commune is within writeGuard, both checked inside the transaction.
    public func recordReview(commune: String, period: String, firstDay: Day, lastDay: Day, action: ReviewAction, actor: String,
                             source: String, comment: String, allowedAfter: Set<ReviewAction?>, guard writeGuard: WriteGuard,
                             at: Date = Date()) throws -> ReviewEntry {
        try write { db in
            try Self.checkScope(commune, against: writeGuard, in: db)
            let current = try String.fetchOne(db, sql: """
                SELECT action FROM review_event WHERE commune_code = ? AND period = ? ORDER BY id DESC LIMIT 1
                """, arguments: [commune, period]).flatMap(ReviewAction.init(rawValue:))
            guard allowedAfter.contains(current) else {
                throw WriteRefusal.reviewState(commune: commune, period: period, current: current)
            }
            try db.execute(sql: """
                INSERT INTO review_event (commune_code, period, first_day, last_day, action, actor, source, comment, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [commune, period, firstDay.iso, lastDay.iso, action.rawValue, actor, source, comment, StoredTime.text(at)])
            return Self.entry(try Row.fetchOne(db, sql: "SELECT * FROM review_event WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    /// The last review step of each commune for a period, by commune code.
    public func reviewStatus(period: String) throws -> [String: ReviewEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.* FROM review_event r
                WHERE r.period = ? AND r.id = (SELECT MAX(id) FROM review_event WHERE commune_code = r.commune_code AND period = r.period)
                """, arguments: [period])
            return Dictionary(rows.map { (($0["commune_code"] as String), Self.entry($0)) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The approved periods covering `day` for each commune that has one.
    public func approvedPeriods(covering day: Day) throws -> [String: ReviewEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.* FROM review_event r
                WHERE r.first_day <= ? AND r.last_day >= ? AND r.action = 'approve'
                  AND r.id = (SELECT MAX(id) FROM review_event WHERE commune_code = r.commune_code AND period = r.period)
                """, arguments: [day.iso, day.iso])
            return Dictionary(rows.map { (($0["commune_code"] as String), Self.entry($0)) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Review steps, newest first: of one commune, or of all when nil.
    public func reviewTrail(commune: String? = nil, limit: Int = 500) throws -> [ReviewEntry] {
        try read { db in
            if let commune {
                return try Row.fetchAll(db, sql: "SELECT * FROM review_event WHERE commune_code = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [commune, limit]).map(Self.entry)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM review_event ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.entry)
        }
    }

    /// The last events recorded (newest first), of the given communes or of all.
    public func recentEvents(communes: Set<String>?, limit: Int = 500) throws -> [LedgerEvent] {
        try read { db in
            var sql = LedgerEvent.selectWithImporter
            var args: [any DatabaseValueConvertible] = []
            if let communes {
                guard !communes.isEmpty else { return [] }
                sql += " WHERE ledger.commune_code IN (" + communes.map { _ in "?" }.joined(separator: ", ") + ")"
                args += communes.sorted()
            }
            sql += " ORDER BY ledger.id DESC LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(LedgerEvent.init(ledgerRow:))
        }
    }

    // MARK: What changed

    /// The counters that move whenever the ledger, the review trail or the registry changes; equal
    /// stamps mean the same figures. One read.
    public func dataStamp() throws -> DataStamp {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT last_id FROM ledger_sequence), (SELECT COALESCE(MAX(id), 0) FROM review_event),
                       (SELECT version FROM registry_version)
                """)
            return DataStamp(ledger: row?[0] ?? 0, reviews: row?[1] ?? 0, registry: row?[2] ?? 0)
        }
    }
}

/// See `InventoryDatabase.dataStamp()`.
public struct DataStamp: Sendable, Hashable {
    /// The ledger's last event id.
    public var ledger: Int64
    /// The review trail's last step id.
    public var reviews: Int64
    /// Moved by every change of the commune registry.
    public var registry: Int64

    public init(ledger: Int64, reviews: Int64, registry: Int64) {
        self.ledger = ledger
        self.reviews = reviews
        self.registry = registry
    }
}
