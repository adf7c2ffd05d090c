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
    public var importedAt: String
    public var importedBy: String
    public var events: Int
    public init(sha256: String, name: String, kind: String, importedAt: String = "", importedBy: String = "", events: Int = 0) {
        self.sha256 = sha256
        self.name = name
        self.kind = kind
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
public final class ReadinessStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating when absent) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(pool)
    }

    // MARK: Registry

    public func communes() throws -> [Commune] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, type, province_code, province_name, attributes FROM commune ORDER BY position")
                .map(Self.commune(from:))
        }
    }

    public func communeCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commune") ?? 0 }
    }

    /// Adds new communes and updates known ones (name, type, province; attributes
    /// merged, the new values winning), all in one transaction.
    @discardableResult
    public func upsertCommunes(_ communes: [Commune]) throws -> RegistrySummary {
        try pool.write { db in try Self.upsert(communes, in: db) }
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

    /// Appends events in one transaction, through one prepared statement; returns how many.
    @discardableResult
    public func append(_ events: [NewEvent], recordedAt: Date = Date()) throws -> Int {
        try pool.write { db in try Self.append(events, recordedAt: recordedAt, in: db) }
    }

    static func append(_ events: [NewEvent], recordedAt: Date, importID: Int64? = nil, in db: Database) throws -> Int {
        let stamp = ISO8601DateFormatter().string(from: recordedAt)
        let statement = try db.makeStatement(sql: """
            INSERT INTO event (commune_code, item, effective_on, working, broken, attributes, source, recorded_by, recorded_at, note, import_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // The one prepared statement is stepped through SQLite's C API with the values bound in
        // place: GRDB's StatementArguments (an array of boxed values per row) took a tenth of a
        // 100,000-event import. Constraint errors still surface as GRDB's DatabaseError.
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite); sqlite3_clear_bindings(sqlite) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func text(_ index: Int32, _ value: String) { sqlite3_bind_text(sqlite, index, value, -1, transient) }
        for e in events {
            sqlite3_reset(sqlite)
            text(1, e.communeCode)
            text(2, e.item)
            text(3, e.effectiveOn.iso)
            sqlite3_bind_int64(sqlite, 4, Int64(e.working))
            sqlite3_bind_int64(sqlite, 5, Int64(e.broken))
            text(6, AttributeCoding.encode(e.attributes))
            text(7, e.source)
            text(8, e.recordedBy)
            text(9, stamp)
            text(10, e.note)
            if let importID { sqlite3_bind_int64(sqlite, 11, importID) } else { sqlite3_bind_null(sqlite, 11) }
            let code = sqlite3_step(sqlite)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
        }
        return events.count
    }

    // MARK: Imports

    /// A file already imported, found by its SHA-256.
    public func importedFile(sha256: String) throws -> ImportedFile? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT name, kind, imported_at, imported_by, events FROM import_file WHERE sha256 = ?",
                             arguments: [sha256]).map { row in
                ImportedFile(sha256: sha256, name: row["name"], kind: row["kind"], importedAt: row["imported_at"],
                             importedBy: row["imported_by"], events: row["events"])
            }
        }
    }

    /// Records imported files and appends their events, all in one transaction: all or nothing.
    /// A file whose hash is already recorded makes the whole import fail and nothing is written.
    @discardableResult
    public func importFiles(_ files: [(file: ImportedFile, events: [NewEvent])], recordedAt: Date = Date()) throws -> Int {
        let stamp = ISO8601DateFormatter().string(from: recordedAt)
        return try pool.write { db in
            // A bulk import outgrows SQLite's default 2 MB page cache: pages were spilled to the
            // WAL and read back (17,000 writes and 9,000 reads for 100,000 events). 64 MB for
            // this transaction only.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var total = 0
            for (file, events) in files {
                try db.execute(sql: """
                    INSERT INTO import_file (sha256, name, kind, imported_at, imported_by, events) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [file.sha256, file.name, file.kind, stamp, file.importedBy, events.count])
                total += try Self.append(events, recordedAt: recordedAt, importID: db.lastInsertedRowID, in: db)
            }
            return total
        }
    }

    /// Loads a registry and a ledger together, all or nothing.
    public func load(communes: [Commune], events: [NewEvent], meta: [String: String] = [:],
                     recordedAt: Date = Date()) throws -> (registry: RegistrySummary, events: Int) {
        try pool.write { db in
            let summary = try Self.upsert(communes, in: db)
            let count = try Self.append(events, recordedAt: recordedAt, in: db)
            for (k, v) in meta { try Self.setMeta(k, v, in: db) }
            return (summary, count)
        }
    }

    public func eventCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    /// Every holding on a date: for each commune and item, the last event on or before it
    /// (by effective date, then by the order events were recorded).
    public func state(asOf day: Day) throws -> InventoryState {
        try pool.read { db in
            // One index seek (event_by_holding) per holding: 5× faster on 100,000 events than
            // ROW_NUMBER() OVER (PARTITION BY …), which sorts them all (see docs/recording-and-import.md).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.commune_code, e.item, e.working, e.broken, e.attributes, e.effective_on
                FROM (SELECT DISTINCT commune_code, item FROM event) AS h
                JOIN event AS e ON e.id = (
                    SELECT id FROM event AS x
                    WHERE x.commune_code = h.commune_code AND x.item = h.item AND x.effective_on <= ?
                    ORDER BY x.effective_on DESC, x.id DESC LIMIT 1)
                """, arguments: [day.iso])
            var holdings: [Holding] = []
            while let row = try rows.next() {
                holdings.append(Holding(communeCode: row[0], item: row[1], working: row[2], broken: row[3],
                                        attributes: AttributeCoding.decode(row[4]), since: Day(iso: row[5]) ?? day))
            }
            return InventoryState(asOf: day, holdings: holdings)
        }
    }

    /// For each commune and item, the last event recorded on each of the given days (what that day's
    /// state says for an event dated then), by holding and day. Used to tell a repeated row from new data.
    public func lastEvents(on days: Set<Day>) throws -> [HoldingDay: NewEvent] {
        guard !days.isEmpty else { return [:] }
        return try pool.read { db in
            var result: [HoldingDay: NewEvent] = [:]
            for chunk in Array(days.map(\.iso).sorted()).chunked(500) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT commune_code, item, effective_on, working, broken, attributes FROM event
                    WHERE effective_on IN (\(marks)) ORDER BY id
                    """, arguments: StatementArguments(chunk))
                while let row = try rows.next() {
                    let e = NewEvent(communeCode: row[0], item: row[1], effectiveOn: Day(iso: row[2]) ?? Day(daysSinceEpoch: 0),
                                     working: row[3], broken: row[4], attributes: AttributeCoding.decode(row[5]))
                    result[HoldingDay(e)] = e   // later ids overwrite earlier ones: the last recorded wins
                }
            }
            return result
        }
    }

    /// A commune's events, newest first (by effective date, then recording order).
    public func events(commune: String, item: String? = nil) throws -> [LedgerEvent] {
        try pool.read { db in
            var sql = "SELECT * FROM event WHERE commune_code = ?"
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
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try pool.write { db in try Self.setMeta(key, value, in: db) }
    }

    static func setMeta(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// The journal mode SQLite reports ("wal").
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

extension Array {
    /// The array cut into pieces of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
