import Foundation
import GRDB
import ReadinessCore

/// One import, file after file and run after run of rows, inside one transaction (`InventoryDatabase.importing`):
/// everything it appends is committed together when the body returns, and nothing of it when the body
/// throws. What it reads (states, events recorded) includes what it has appended so far. In a dry run it
/// reads one snapshot of the database and appends nothing. Valid only inside the body it is given to.
public final class ImportTransaction {
    private let db: Database
    private let writeGuard: WriteGuard
    private let recordedAt: Date
    /// Whether this import writes (false: a dry run).
    public let writes: Bool
    /// Whether the ledger held events when the import began.
    public let ledgerHadEvents: Bool
    private var locks: [String: [ReviewEntry]]
    /// The imported file being written, with its id and events so far.
    private var current: (file: ImportedFile, id: Int64, events: Int)?
    /// Each holding's latest event appended (with its id), not yet kept in `holding_latest`: kept once per
    /// import, or before anything reads it, rather than once per run. The first run's, in the ledger's
    /// order, until a second run comes; then all of them by holding.
    private var firstRun: [(event: NewEvent, id: Int64)]?
    private var latest: [HoldingKey: (event: NewEvent, id: Int64)] = [:]

    /// The communes of the events appended.
    private var communes = Set<String>()

    private struct HoldingKey: Hashable {
        var commune: String, item: String
    }

    init(db: Database, writeGuard: WriteGuard, recordedAt: Date, writes: Bool) throws {
        (self.db, self.writeGuard, self.recordedAt, self.writes) = (db, writeGuard, recordedAt, writes)
        ledgerHadEvents = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? false
        locks = try InventoryDatabase.approvedPeriods(in: db)
    }

    /// Every holding on a date, this import's rows so far included.
    public func state(asOf day: Day) throws -> InventoryState {
        try keepLatest()
        return try InventoryDatabase.states(asOf: [day], communes: nil, in: db)[0]
    }

    /// What the given communes hold on a date, this import's rows so far included: only their events are read.
    public func state(asOf day: Day, communes: [String]) throws -> InventoryState {
        try keepLatest()
        return try InventoryDatabase.states(asOf: [day], communes: communes, in: db)[0]
    }

    /// Keeps the latest events appended in `holding_latest`, in that table's order (holding after holding,
    /// as the ledger orders them, so that each row lands next to the one before).
    func keepLatest() throws {
        if let firstRun {
            try InventoryDatabase.keepLatest(firstRun, db: db)
            self.firstRun = nil
        }
        guard !latest.isEmpty else { return }
        var keys = Array(latest.keys)
        keys.sort { a, b in
            let commune = LedgerOrder.compare(a.commune, b.commune)
            return commune != 0 ? commune < 0 : LedgerOrder.precedes(a.item, b.item)
        }
        try InventoryDatabase.keepLatest(keys.lazy.map { self.latest[$0]! }, db: db)
        latest.removeAll()
    }

    /// Adds a run's latest events (one per holding) to those not yet kept.
    private func addLatest(_ run: [(event: NewEvent, id: Int64)]) {
        if firstRun == nil && latest.isEmpty { firstRun = run; return }
        for entry in (firstRun ?? []) + run {
            let key = HoldingKey(commune: entry.event.communeCode, item: entry.event.item)
            // A later date, or the same (a higher id: recorded later), replaces the one held.
            if let held = latest[key], held.event.effectiveOn > entry.event.effectiveOn { continue }
            latest[key] = entry
        }
        firstRun = nil
    }

    /// For each holding and day of `events`, the last event the ledger holds for it: one seek each.
    public func lastEvents(of events: some Sequence<NewEvent>) throws -> [HoldingDay: NewEvent] {
        try InventoryDatabase.lastEvents(of: events, in: db)
    }

    /// For each holding of a commune and each day of `days`, the last event the ledger holds for it: one
    /// pass over the commune's events of those days.
    public func lastEvents(commune: String, in days: ClosedRange<Day>) throws -> [HoldingDay: NewEvent] {
        try InventoryDatabase.lastEvents(communes: [commune], in: days, in: db)
    }

    /// Begins a file: the events appended until the next `beginFile` are its. Its kind may be given
    /// when it ends (`endFile(kind:)`).
    public func beginFile(_ file: ImportedFile) throws {
        try endFile()
        guard writes else { return }
        try db.execute(sql: """
            INSERT INTO import_file (sha256, name, kind, source, imported_at, imported_by, events) VALUES (?, ?, ?, ?, ?, ?, 0)
            """, arguments: [file.sha256, file.name, file.kind, file.source, ISO8601DateFormatter().string(from: recordedAt), file.importedBy])
        current = (file, db.lastInsertedRowID, 0)
    }

    /// Refuses events outside the guard or in a locked (approved) period, as a write of them would;
    /// appends them to the current file when this import writes. `inKeyOrder`: the events are in the
    /// ledger's order (`LedgerOrder`), and are written as they are.
    public func append(_ events: [NewEvent], inKeyOrder: Bool) throws {
        guard !events.isEmpty else { return }
        try InventoryDatabase.check(events, against: writeGuard, locks: locks, in: db)
        guard writes else { return }
        guard let file = current else { preconditionFailure("append before beginFile") }
        var run: [(event: NewEvent, id: Int64)] = []
        _ = try InventoryDatabase.append(events, recordedAt: recordedAt, importID: file.id, fileSource: file.file.source,
                                         inKeyOrder: inKeyOrder, latest: { run.append(($0, $1)) }, in: db)
        addLatest(run)
        current?.events += events.count
        events.collectCommunes(into: &communes)
    }

    /// Refuses the import, as SQLite's foreign-key check would, when a commune it wrote is not in the registry.
    func checkCommunes() throws {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM commune WHERE code = ?")
        for code in communes.sorted() where try Int.fetchOne(statement, arguments: [code]) == nil {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "FOREIGN KEY constraint failed: no commune \(code)")
        }
    }

    /// A split's successors whose holdings this import records have had their transfer file: they are judged again.
    func markTransferred() throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM awaiting_transfer") ?? 0 > 0 else { return }
        for code in communes.sorted() { try db.execute(sql: "DELETE FROM awaiting_transfer WHERE code = ?", arguments: [code]) }
    }

    /// Ends the current file, recording its number of events and, when given, its kind.
    public func endFile(kind: String? = nil) throws {
        guard let file = current else { return }
        try db.execute(sql: "UPDATE import_file SET events = ?, kind = ? WHERE id = ?",
                       arguments: [file.events, kind ?? file.file.kind, file.id])
        current = nil
    }

    /// How many events the current file has had appended.
    public var appendedToFile: Int { current?.events ?? 0 }
}

extension InventoryDatabase {
    /// Runs `body` with an import inside one transaction that waits for the write lock first (IMMEDIATE):
    /// all of what it appends, or (when it throws) none. With `writes` false, a dry run: one read
    /// snapshot, nothing appended. Locked periods and the guard refuse events as `append(_:guard:)` does.
    public func importing<T>(writes: Bool, recordedAt: Date = Date(), guard writeGuard: WriteGuard,
                             _ body: (ImportTransaction) throws -> T) throws -> T {
        guard writes else {
            return try read { db in try body(try ImportTransaction(db: db, writeGuard: writeGuard, recordedAt: recordedAt, writes: false)) }
        }
        return try writeOutsideTransaction { db in
            // A bulk import outgrows SQLite's default 2 MB page cache, which would spill pages to the
            // WAL and read them back: 32 MB for this transaction only.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // SQLite's foreign-key checks would look up each event's commune and file: the import checks
            // each commune it wrote once, at the end, instead (its file is the one it has just recorded).
            // (The pragma holds outside transactions only.)
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer {
                try? db.execute(sql: "PRAGMA foreign_keys = ON")
                try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
            }
            var result: T?
            try db.inTransaction(.immediate) {
                let transaction = try ImportTransaction(db: db, writeGuard: writeGuard, recordedAt: recordedAt, writes: true)
                result = try body(transaction)
                try transaction.endFile()
                try transaction.keepLatest()
                try transaction.checkCommunes()
                try transaction.markTransferred()
                return .commit
            }
            return result!
        }
    }

    /// The same off the caller's thread (on one of the store's own).
    public func importing<T: Sendable>(writes: Bool, recordedAt: Date = Date(), guard writeGuard: WriteGuard,
                                       _ body: @escaping @Sendable (ImportTransaction) throws -> T) async throws -> T {
        try await offThread { try self.importing(writes: writes, recordedAt: recordedAt, guard: writeGuard, body) }
    }
}
