import Foundation
import GRDB
import GRDBSQLite
import ReadinessCore

/// An event as stored: the event that was recorded, with its row id and when it was recorded.
/// Its fields read as the event's (`e.communeCode`, `e.working`, …).
@dynamicMemberLookup
public struct LedgerEvent: Sendable, Hashable {
    public var id: Int64
    public var recordedAt: String
    public var event: NewEvent

    public subscript<T>(dynamicMember field: KeyPath<NewEvent, T>) -> T { event[keyPath: field] }
}

/// A file imported into the ledger.
public struct ImportedFile: Sendable, Hashable {
    public var sha256: String
    public var name: String
    public var kind: String
    /// The source of its events unless a row names its own (stored once, with the file).
    public var source: String
    public var importedAt: String
    public var importedBy: String
    public var events: Int
    public init(sha256: String, name: String, kind: String, source: String = "", importedAt: String = "", importedBy: String = "",
                events: Int = 0) {
        self.sha256 = sha256
        self.name = name
        self.kind = kind
        self.source = source
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.events = events
    }
}

/// What loading a registry changed.
public struct RegistrySummary: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// The inventory database: the commune registry and the append-only ledger,
/// in one SQLite file in WAL mode.
///
/// Several processes may use it at once (imports, `record`, the web app): readers never wait, and a
/// writer waits its turn for up to `busyTimeout` seconds while another one writes; past that, the
/// write fails with `StoreError.busy` and nothing of it is written (every write is one IMMEDIATE
/// transaction, which takes the write lock before it reads anything).
public final class InventoryDatabase: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Opened read-only (`Access`): every write fails with `StoreError.readOnly`.
    public let isReadOnly: Bool

    /// How long a writer waits for another one to finish: 60 seconds (an import of 100,000 events writes for 2).
    public static let defaultBusyTimeout: TimeInterval = 60

    public enum Access: Sendable {
        /// Read-only when the file, or its folder, cannot be written (or has no write permission at
        /// all, so that `chmod a-w` is honoured even for root); else read and write.
        case automatic
        case readWrite
        case readOnly
    }

    /// Opens (creating when absent, unless read-only) the database at `path` and migrates it to the
    /// current schema. A database already at the current schema is opened without taking the write
    /// lock, so opening never waits for another writer.
    public init(path: String, busyTimeout: TimeInterval = InventoryDatabase.defaultBusyTimeout, access: Access = .automatic) throws {
        self.path = path
        let readOnly: Bool
        switch access {
        case .automatic: readOnly = Self.cannotWrite(path)
        case .readWrite: readOnly = false
        case .readOnly: readOnly = true
        }
        isReadOnly = readOnly
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.readonly = readOnly
        // A new database gets 16 KB pages (SQLite's default is 4 KB): fewer, fuller pages for a
        // ledger of 100,000 events, whose import wrote 15% faster. It only applies before the first
        // table exists (and before WAL mode); an existing database keeps its page size.
        // Temporary storage (the statement journal of a many-row INSERT, sorts) stays in memory:
        // it went to a file under /var/tmp, written through and thrown away, for every import.
        config.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA page_size = 16384") }
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        // A read-only database in a folder that cannot be written, without its write-ahead log's files
        // (closed cleanly, the log is in the file), cannot get them, and SQLite will not read it in WAL
        // mode without: opened as immutable (a URI filename), it is read as the file it is. Nobody can
        // be writing to it, since a writer would need those files in that folder.
        var openPath = path
        if readOnly, !FileManager.default.fileExists(atPath: path + "-wal"), !FileManager.default.fileExists(atPath: path + "-shm"),
           Self.unwritable(URL(fileURLWithPath: path).deletingLastPathComponent().path),
           let encoded = URL(fileURLWithPath: path).path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) {
            openPath = "file:" + encoded + "?immutable=1"
        }
        pool = try Self.describing(path) { try DatabasePool(path: openPath, configuration: config) }
        let writer = self.pool
        let current = try Self.describing(path) { try writer.read { db in try Schema.migrator.hasCompletedMigrations(db) } }
        if !current {
            if readOnly {
                throw StoreError(kind: .readOnly, message: "the database \(path) is read-only and was made by an earlier readiness: "
                                 + "open it once where it can be written, to bring it up to date")
            }
            try Self.describing(path) { try Schema.migrator.migrate(writer) }
        }
    }

    /// Can the database at `path` (when it exists) not be written, by permissions or by its folder's?
    static func cannotWrite(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return unwritable(path) || unwritable(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// A file or folder that this process may not write, or that has no write permission for anyone.
    static func unwritable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return access(path, W_OK) != 0 || info.st_mode & 0o222 == 0
    }

    /// Runs `body`, its errors as store errors that name the database when it is busy or read-only.
    static func describing<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try StoreError.wrapping(body) } catch let error as StoreError {
            switch error.kind {
            case .busy:
                throw StoreError(kind: .busy, message: "the database \(path) is busy: another import or record is writing to it; "
                                 + "try again when it has finished")
            case .readOnly where !error.message.hasPrefix("the database"):
                throw StoreError(kind: .readOnly, message: "the database \(path) is read-only (\(error.message)): reports work, "
                                 + "but nothing can be recorded or imported until it can be written")
            default: throw error
            }
        }
    }

    /// Closes the database (checkpointing its write-ahead log into the file); nothing can be read or
    /// written through this store afterwards.
    public func close() throws {
        // Readers first (releaseMemory closes idle ones): the last connection to close is the one that
        // checkpoints the log into the file and removes it, and GRDB's close() takes the writer first.
        pool.releaseMemory()
        try StoreError.wrapping { try pool.close() }
    }

    // MARK: Registry

    public func communes() throws -> [Commune] {
        try read { db in
            // (Columns by position through a cursor: every command reads the registry, 3,321 communes
            // for the national list, and rows fetched whole and read by column name took twice as long.)
            let rows = try Row.fetchCursor(db, sql: "SELECT code, name, type, province_code, province_name, attributes FROM commune ORDER BY position")
            var communes: [Commune] = []
            while let row = try rows.next() {
                communes.append(Commune(code: row[0], name: row[1], type: CommuneType(rawValue: row[2]) ?? .xa,
                                        provinceCode: row[3], provinceName: row[4], attributes: AttributeCoding.decode(row[5])))
            }
            return communes
        }
    }

    public func communeCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commune") ?? 0 }
    }

    /// Adds new communes and updates known ones (name, type, province; attributes
    /// merged, the new values winning), all in one transaction.
    @discardableResult
    public func upsertCommunes(_ communes: [Commune]) throws -> RegistrySummary {
        try write { db in try Self.upsert(communes, in: db) }
    }

    static func upsert(_ communes: [Commune], in db: Database) throws -> RegistrySummary {
        var summary = RegistrySummary()
        var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM commune") ?? 0
        let existing = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name, type, province_code, province_name, attributes FROM commune")
            .map { row in (row["code"] as String, commune(from: row)) })
        let insert = try db.makeStatement(sql: """
            INSERT INTO commune (code, name, type, province_code, province_name, attributes, position) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let update = try db.makeStatement(sql: """
            UPDATE commune SET name = ?, type = ?, province_code = ?, province_name = ?, attributes = ? WHERE code = ?
            """)
        for c in communes {
            if var old = existing[c.code] {
                var merged = c
                merged.attributes = old.attributes.merging(c.attributes) { _, new in new }
                if merged.provinceCode.isEmpty { merged.provinceCode = old.provinceCode }
                if merged.provinceName.isEmpty { merged.provinceName = old.provinceName }
                if merged == old { summary.unchanged += 1; continue }
                old = merged
                try update.execute(arguments: [old.name, old.type.rawValue, old.provinceCode, old.provinceName,
                                               AttributeCoding.encode(old.attributes), old.code])
                summary.updated += 1
            } else {
                position += 1
                try insert.execute(arguments: [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName,
                                               AttributeCoding.encode(c.attributes), position])
                summary.added += 1
            }
        }
        return summary
    }

    static func commune(from row: Row) -> Commune {
        Commune(code: row["code"], name: row["name"], type: CommuneType(rawValue: row["type"]) ?? .xa,
                provinceCode: row["province_code"], provinceName: row["province_name"],
                attributes: AttributeCoding.decode(row["attributes"]))
    }

    // MARK: Ledger

    /// Appends events in one transaction; returns how many.
    @discardableResult
    public func append(_ events: [NewEvent], recordedAt: Date = Date()) throws -> Int {
        try write { db in try Self.append(events, recordedAt: recordedAt, in: db) }
    }

    /// With `importID`, the events are a file's: their time is the file's, and so is their source when it
    /// is `fileSource` (both are then stored once, with the file, and read back through it).
    static func append(_ events: [NewEvent], recordedAt: Date, importID: Int64? = nil, fileSource: String = "",
                       in db: Database) throws -> Int {
        guard !events.isEmpty else { return 0 }
        var writer = LedgerWriter(db: db, recordedAt: importID == nil ? ISO8601DateFormatter().string(from: recordedAt) : "",
                                  importID: importID, fileSource: importID == nil ? nil : fileSource,
                                  lastID: try Int64.fetchOne(db, sql: "SELECT last_id FROM ledger_sequence") ?? 0)
        try writer.write(events, in: ledgerOrder(events))
        try db.execute(sql: "UPDATE ledger_sequence SET last_id = ?", arguments: [writer.lastID])
        return events.count
    }

    /// The positions of `events` in the ledger's order (`LedgerOrder`), in which they are written so
    /// that each row lands next to the one before in the table. Two events of the same holding and day
    /// keep their given order, and so their ids: the later one wins.
    static func ledgerOrder(_ events: [NewEvent]) -> [Int] {
        let inOrder = events.indices.dropFirst().allSatisfy { !LedgerOrder.precedes(events[$0], events[$0 - 1]) }
        if inOrder { return Array(events.indices) }   // what an import hands over: one look, no sort
        return events.indices.sorted { i, j in
            LedgerOrder.precedes(events[i], events[j]) || (!LedgerOrder.precedes(events[j], events[i]) && i < j)
        }
    }

    // MARK: Imports

    /// A file already imported, found by its SHA-256.
    public func importedFile(sha256: String) throws -> ImportedFile? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT name, kind, source, imported_at, imported_by, events FROM import_file WHERE sha256 = ?",
                             arguments: [sha256]).map { row in
                ImportedFile(sha256: sha256, name: row["name"], kind: row["kind"], source: row["source"], importedAt: row["imported_at"],
                             importedBy: row["imported_by"], events: row["events"])
            }
        }
    }

    /// Records imported files and appends their events, all in one transaction: all or nothing.
    /// A file whose hash is already recorded makes the whole import fail and nothing is written.
    @discardableResult
    public func importFiles(_ files: [(file: ImportedFile, events: [NewEvent])], recordedAt: Date = Date()) throws -> Int {
        let stamp = ISO8601DateFormatter().string(from: recordedAt)
        return try write { db in
            // A bulk import outgrows SQLite's default 2 MB page cache: pages were spilled to the
            // WAL and read back (17,000 writes and 9,000 reads for 100,000 events). 64 MB for
            // this transaction only.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var total = 0
            for (file, events) in files {
                try db.execute(sql: """
                    INSERT INTO import_file (sha256, name, kind, source, imported_at, imported_by, events) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [file.sha256, file.name, file.kind, file.source, stamp, file.importedBy, events.count])
                total += try Self.append(events, recordedAt: recordedAt, importID: db.lastInsertedRowID, fileSource: file.source, in: db)
            }
            return total
        }
    }

    /// Loads a registry and a ledger together, all or nothing.
    public func load(communes: [Commune], events: [NewEvent], meta: [String: String] = [:],
                     recordedAt: Date = Date()) throws -> (registry: RegistrySummary, events: Int) {
        try write { db in
            let summary = try Self.upsert(communes, in: db)
            let count = try Self.append(events, recordedAt: recordedAt, in: db)
            for (k, v) in meta { try Self.setMeta(k, v, in: db) }
            return (summary, count)
        }
    }

    public func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    /// Every holding on a date: for each commune and item, the last event on or before it
    /// (by effective date, then by the order events were recorded).
    public func state(asOf day: Day) throws -> InventoryState {
        try read { db in
            // The table is kept in (commune, item, date, id) order: read backwards, the first row of
            // each holding is its state; the rest of the holding is skipped by comparing the key
            // columns' bytes only. One pass over the ledger: 100,000 events in 0.02 s, against 0.09 s
            // for one seek per holding (sqlite3 .timer on the bench ledger).
            let statement = try db.makeStatement(sql: """
                SELECT commune_code, item, working, broken, attributes, effective_on FROM event
                WHERE effective_on <= ?
                ORDER BY commune_code DESC, item DESC, effective_on DESC, id DESC
                """)
            try statement.setArguments([day.iso])
            let sqlite = statement.sqliteStatement
            defer { sqlite3_reset(sqlite) }
            var holdings: [Holding] = []
            var previous: (commune: [UInt8], item: [UInt8]) = ([], [])
            func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(start: sqlite3_column_text(sqlite, column), count: Int(sqlite3_column_bytes(sqlite, column)))
            }
            func string(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }
            while true {
                let code = sqlite3_step(sqlite)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
                }
                let commune = bytes(0), item = bytes(1)
                if commune.elementsEqual(previous.commune) && item.elementsEqual(previous.item) { continue }
                previous = (Array(commune), Array(item))
                holdings.append(Holding(communeCode: string(0), item: string(1),
                                        working: Int(sqlite3_column_int64(sqlite, 2)), broken: Int(sqlite3_column_int64(sqlite, 3)),
                                        attributes: AttributeCoding.decode(string(4)), since: Day(iso: string(5)) ?? day))
            }
            return InventoryState(asOf: day, holdings: holdings)
        }
    }

    /// For each commune and item, the last event recorded on each day of a span (what that day's
    /// state says for an event dated then), by holding and day. Used to tell a repeated row from new data.
    public func lastEvents(in days: ClosedRange<Day>) throws -> [HoldingDay: NewEvent] {
        try read { db in
            // One pass over the span (the ledger has no index by date: see Schema v3); in key order,
            // so that of two events of a holding on one day the later recorded comes last and wins.
            var result: [HoldingDay: NewEvent] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT commune_code, item, effective_on, working, broken, attributes FROM event
                WHERE effective_on BETWEEN ? AND ? ORDER BY commune_code, item, effective_on, id
                """, arguments: [days.lowerBound.iso, days.upperBound.iso])
            while let row = try rows.next() {
                guard let day = Day(iso: row[2]) else { continue }
                let e = NewEvent(communeCode: row[0], item: row[1], effectiveOn: day,
                                 working: row[3], broken: row[4], attributes: AttributeCoding.decode(row[5]))
                result[HoldingDay(e)] = e
            }
            return result
        }
    }

    /// A commune's events, newest first (by effective date, then recording order).
    public func events(commune: String, item: String? = nil) throws -> [LedgerEvent] {
        try read { db in
            var sql = "SELECT * FROM ledger WHERE commune_code = ?"   // (imported events: source and time from their file)
            var args: [any DatabaseValueConvertible] = [commune]
            if let item { sql += " AND item = ?"; args.append(item) }
            sql += " ORDER BY effective_on DESC, id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                LedgerEvent(id: row["id"], recordedAt: row["recorded_at"], event: NewEvent(
                    communeCode: row["commune_code"], item: row["item"],
                    effectiveOn: Day(iso: row["effective_on"]) ?? Day(daysSinceEpoch: 0),
                    working: row["working"], broken: row["broken"], attributes: AttributeCoding.decode(row["attributes"]),
                    source: row["source"], recordedBy: row["recorded_by"], note: row["note"]))
            }
        }
    }

    // MARK: Meta

    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { db in try Self.setMeta(key, value, in: db) }
    }

    static func setMeta(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// The journal mode SQLite reports ("wal").
    public func journalMode() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

