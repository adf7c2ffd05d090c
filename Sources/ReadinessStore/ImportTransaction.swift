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

    init(db: Database, writeGuard: WriteGuard, recordedAt: Date, writes: Bool) throws {
        (self.db, self.writeGuard, self.recordedAt, self.writes) = (db, writeGuard, recordedAt, writes)
        ledgerHadEvents = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? false
        locks = try InventoryDatabase.approvedPeriods(in: db)
    }

    /// Every holding on a date, this import's rows so far included.
    public func state(asOf day: Day) throws -> InventoryState {
        try InventoryDatabase.states(asOf: [day], communes: nil, in: db)[0]
    }

    /// What the given communes hold on a date, this import's rows so far included: only their events are read.
    public func state(asOf day: Day, communes: [String]) throws -> InventoryState {
        try InventoryDatabase.states(asOf: [day], communes: communes, in: db)[0]
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
        _ = try InventoryDatabase.append(events, recordedAt: recordedAt, importID: file.id, fileSource: file.file.source,
                                         inKeyOrder: inKeyOrder, in: db)
        current?.events += events.count
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
        return try write { db in
            // A bulk import outgrows SQLite's default 2 MB page cache, which would spill pages to the
            // WAL and read them back: 64 MB for this transaction only.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            let transaction = try ImportTransaction(db: db, writeGuard: writeGuard, recordedAt: recordedAt, writes: true)
            let result = try body(transaction)
            try transaction.endFile()
            return result
        }
    }

    /// The same off the caller's thread (on one of the store's own).
    public func importing<T: Sendable>(writes: Bool, recordedAt: Date = Date(), guard writeGuard: WriteGuard,
                                       _ body: @escaping @Sendable (ImportTransaction) throws -> T) async throws -> T {
        try await offThread { try self.importing(writes: writes, recordedAt: recordedAt, guard: writeGuard, body) }
    }
}
