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
    /// The account that imported the file the event came from (nil: recorded one by one, or not read).
    public var importedBy: String? = nil

    /// Who wrote the event into this database: the account that imported its file, else its recorder
    /// (the signed-in account for an event recorded on the web).
    public var actor: String { importedBy ?? event.recordedBy }

    /// The name a file gave as its recorder, when it is not the actor's ("declared by").
    public var declaredBy: String? {
        guard let importedBy, !event.recordedBy.isEmpty, event.recordedBy != importedBy else { return nil }
        return event.recordedBy
    }

    public subscript<T>(dynamicMember field: KeyPath<NewEvent, T>) -> T { event[keyPath: field] }
}

extension LedgerEvent {
    /// A row of the `ledger` view (its source and time filled in from the imported file).
    init(ledgerRow row: Row) {
        self.init(id: row["id"], recordedAt: row["recorded_at"], event: NewEvent(
            communeCode: row["commune_code"], item: row["item"],
            effectiveOn: Day(iso: row["effective_on"]) ?? Day(daysSinceEpoch: 0),
            working: row["working"], broken: row["broken"], attributes: AttributeCoding.decode(row["attributes"]),
            source: row["source"], recordedBy: row["recorded_by"], note: row["note"]),
            importedBy: row["imported_by"])
    }

    /// The ledger view's columns and the importing account (`imported_by`), for `LedgerEvent(ledgerRow:)`.
    static let selectWithImporter = """
        SELECT ledger.*, import_file.imported_by AS imported_by FROM ledger LEFT JOIN import_file ON import_file.id = ledger.import_id
        """
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
    /// current schema; a database of an earlier schema is first copied beside itself (`upgradeBackupPath`). A database already at the current schema is opened without taking the write
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
        // A new database gets 16 KB pages (SQLite's default is 4 KB): fewer, fuller pages for the
        // ledger. It only applies before the first table exists (and before WAL mode); an existing
        // database keeps its page size. Temporary storage (the statement journal of a many-row
        // INSERT, sorts) stays in memory.
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
                throw StoreError(kind: .readOnly, explained: "the database \(path) is read-only and was made by an earlier readiness: open it once where it can be written, to bring it up to date")
            }
            try writeUpgradeBackup()
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
                throw StoreError(kind: .busy, explained: "the database \(path) is busy: another import or record is writing to it; try again when it has finished")
            case .readOnly where !error.message.hasPrefix("the database"):
                throw StoreError(kind: .readOnly, explained: "the database \(path) is read-only (\(error.message)): reports work, but nothing can be recorded or imported until it can be written")
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
        try read { db in try Self.communes(withAttributes: true, in: db) }
    }

    /// Every commune in registry order, with or without its attributes.
    static func communes(withAttributes: Bool, in db: Database) throws -> [Commune] {
        // (Columns by position through a cursor: every command reads the registry.)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT code, name, type, province_code, province_name\(withAttributes ? ", attributes" : "") FROM commune ORDER BY position
            """)
        var communes: [Commune] = []
        while let row = try rows.next() {
            communes.append(Commune(code: row[0], name: row[1], type: CommuneType(rawValue: row[2]) ?? .xa, provinceCode: row[3],
                                    provinceName: row[4], attributes: withAttributes ? AttributeCoding.decode(row[5]) : [:]))
        }
        return communes
    }

    /// The commune of this code, with its attributes; nil when the registry has none.
    public func registeredCommune(code: String) throws -> Commune? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT code, name, type, province_code, province_name, attributes FROM commune WHERE code = ?",
                             arguments: [code]).map(Self.commune(from:))
        }
    }

    /// Every commune in registry order, without its attributes: enough to find one by code or name.
    public func communeNames() throws -> [Commune] {
        try read { db in try Self.communes(withAttributes: false, in: db) }
    }

    /// The attribute names and types of the whole registry: `RegistryAttributes(communes())`. Every load
    /// of the registry keeps a copy in `meta`, stamped with the registry's version; that copy is read
    /// when its stamp is the registry's current version (no change since, by the tool or by `sqlite3`),
    /// and every commune otherwise.
    public func registryAttributes() throws -> RegistryAttributes {
        try read { db in
            let version = try Int64.fetchOne(db, sql: "SELECT version FROM registry_version") ?? 0
            if let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.keptAttributesKey]),
               let kept = try? JSONDecoder().decode(KeptRegistryAttributes.self, from: Data(text.utf8)),
               kept.registryVersion == version {
                return RegistryAttributes(types: kept.types.mapValues(Set.init))
            }
            return RegistryAttributes(try Self.communes(withAttributes: true, in: db))
        }
    }

    /// The `meta` key of the registry's attribute types and the registry version they describe.
    static let keptAttributesKey = "registry_attributes"

    private struct KeptRegistryAttributes: Codable {
        var registryVersion: Int64
        var types: [String: [AttributeType]]
    }

    /// Keeps the registry's attribute types in `meta`, stamped with its version: after every change of
    /// the registry the tool makes, in the same transaction.
    static func keepRegistryAttributes(_ attributes: RegistryAttributes, in db: Database) throws {
        let version = try Int64.fetchOne(db, sql: "SELECT version FROM registry_version") ?? 0
        let types = attributes.types.mapValues { $0.sorted { $0.rawValue < $1.rawValue } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(KeptRegistryAttributes(registryVersion: version, types: types)), as: UTF8.self)
        try setMeta(keptAttributesKey, text, in: db)
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
        // Each unit's latest version goes with it (a unit loaded here holds since before anything was recorded).
        let insertVersion = try db.makeStatement(sql: """
            INSERT INTO commune_version (code, name, type, province_code, province_name, attributes) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let updateVersion = try db.makeStatement(sql: """
            UPDATE commune_version SET name = ?, type = ?, province_code = ?, province_name = ?, attributes = ?
            WHERE code = ?6 AND valid_from = (SELECT MAX(valid_from) FROM commune_version WHERE code = ?6)
            """)
        var registry = existing   // as it stands after the load
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
                try updateVersion.execute(arguments: [old.name, old.type.rawValue, old.provinceCode, old.provinceName,
                                                      AttributeCoding.encode(old.attributes), old.code])
                registry[c.code] = old
                summary.updated += 1
            } else {
                position += 1
                try insert.execute(arguments: [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName,
                                               AttributeCoding.encode(c.attributes), position])
                try insertVersion.execute(arguments: [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName,
                                                      AttributeCoding.encode(c.attributes)])
                registry[c.code] = c
                summary.added += 1
            }
        }
        try keepRegistryAttributes(RegistryAttributes(Array(registry.values)), in: db)
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
    /// `inKeyOrder`: the events are in the ledger's order already (they are then not looked over for it).
    /// `latest`, when given, is handed each holding's latest event with its id instead of their being
    /// kept in `holding_latest` now (the caller keeps them with `keepLatest(_:db:)` before the transaction
    /// ends or anything reads that table).
    static func append(_ events: [NewEvent], recordedAt: Date, importID: Int64? = nil, fileSource: String = "",
                       inKeyOrder: Bool = false, latest: ((NewEvent, Int64) -> Void)? = nil, in db: Database) throws -> Int {
        guard !events.isEmpty else { return 0 }
        var writer = LedgerWriter(db: db, recordedAt: importID == nil ? ISO8601DateFormatter().string(from: recordedAt) : "",
                                  importID: importID, fileSource: importID == nil ? nil : fileSource,
                                  lastID: try Int64.fetchOne(db, sql: "SELECT last_id FROM ledger_sequence") ?? 0)
        let firstID = writer.lastID + 1
        let order = inKeyOrder ? Array(events.indices) : ledgerOrder(events)
        try writer.write(events, in: order)
        try db.execute(sql: "UPDATE ledger_sequence SET last_id = ?", arguments: [writer.lastID])
        if let latest {
            for (index, id) in Self.latest(of: events, in: order, firstID: firstID) { latest(events[index], id) }
        } else {
            try keepLatest(events, in: order, firstID: firstID, db: db)
        }
        return events.count
    }

    /// Brings `holding_latest` up to date with events just written in `order` (the ledger's key order) with
    /// ids from `firstID` (`latest(of:in:firstID:)`, then `keepLatest(_:db:)`).
    static func keepLatest(_ events: [NewEvent], in order: [Int], firstID: Int64, db: Database) throws {
        try keepLatest(latest(of: events, in: order, firstID: firstID).map { (events[$0.index], $0.id) }, db: db)
    }

    /// For each holding of events written in `order` (the ledger's key order) with ids from `firstID`, the
    /// position in `events` and id of its latest: the last of the holding's run.
    static func latest(of events: [NewEvent], in order: [Int], firstID: Int64) -> [(index: Int, id: Int64)] {
        var latest: [(index: Int, id: Int64)] = []
        for k in order.indices {
            let e = events[order[k]]
            if k + 1 < order.count, events[order[k + 1]].communeCode == e.communeCode, events[order[k + 1]].item == e.item { continue }
            latest.append((order[k], firstID + Int64(k)))
        }
        return latest
    }

    /// Makes each event (with its id) the kept latest of its holding unless the one kept is dated later
    /// (new ids are above every old one, so a tie goes to the new): up to 50 holdings per statement,
    /// their values bound through SQLite's C API.
    static func keepLatest(_ latest: some Collection<(event: NewEvent, id: Int64)>, db: Database) throws {
        var made: [Int: Statement] = [:]
        func statement(rows: Int) throws -> Statement {
            if let known = made[rows] { return known }
            let created = try db.makeStatement(sql: """
                INSERT INTO holding_latest (commune_code, item, effective_on, id, working, broken, attributes)
                VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
                ON CONFLICT (commune_code, item) DO UPDATE SET
                    effective_on = excluded.effective_on, id = excluded.id, working = excluded.working,
                    broken = excluded.broken, attributes = excluded.attributes
                WHERE excluded.effective_on >= holding_latest.effective_on
                """)
            made[rows] = created
            return created
        }
        // Each batch's texts end to end in one buffer, bound in place (SQLITE_STATIC) until the step.
        let isStatic = unsafeBitCast(0, to: sqlite3_destructor_type.self)
        var bytes: [UInt8] = [], spans: [Range<Int>] = []
        let all = Array(latest)
        for start in stride(from: 0, to: all.count, by: LedgerWriter.batchSize) {
            let batch = all[start..<min(start + LedgerWriter.batchSize, all.count)]
            let statement = try statement(rows: batch.count)
            let sqlite = statement.sqliteStatement
            bytes.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            for entry in batch {
                var from = bytes.count
                bytes.append(contentsOf: entry.event.communeCode.utf8); spans.append(from..<bytes.count); from = bytes.count
                bytes.append(contentsOf: entry.event.item.utf8); spans.append(from..<bytes.count); from = bytes.count
                entry.event.effectiveOn.appendISO(to: &bytes); spans.append(from..<bytes.count); from = bytes.count
                AttributeCoding.append(entry.event.attributes, to: &bytes); spans.append(from..<bytes.count)
            }
            sqlite3_reset(sqlite)
            defer { sqlite3_reset(sqlite); sqlite3_clear_bindings(sqlite) }
            let code = bytes.withUnsafeBufferPointer { buffer -> Int32 in
                let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                func text(_ p: Int32, _ span: Range<Int>) { sqlite3_bind_text(sqlite, p, base + span.lowerBound, Int32(span.count), isStatic) }
                for (r, entry) in batch.enumerated() {
                    let p = Int32(7 * r), t = 4 * r
                    text(p + 1, spans[t]); text(p + 2, spans[t + 1]); text(p + 3, spans[t + 2])
                    sqlite3_bind_int64(sqlite, p + 4, entry.id)
                    sqlite3_bind_int64(sqlite, p + 5, Int64(entry.event.working))
                    sqlite3_bind_int64(sqlite, p + 6, Int64(entry.event.broken))
                    text(p + 7, spans[t + 3])
                }
                return sqlite3_step(sqlite)
            }
            guard code == SQLITE_DONE else { throw DatabaseError.step(code, of: statement, in: db) }
        }
    }

    /// The positions of `events` in the ledger's order (`LedgerOrder`), in which they are written so
    /// that each row lands next to the one before in the table. Two events of the same holding and day
    /// keep their given order, and so their ids: the later one wins.
    static func ledgerOrder(_ events: [NewEvent]) -> [Int] {
        let inOrder = events.withUnsafeBufferPointer { e in !e.indices.dropFirst().contains { LedgerOrder.precedes(e[$0], e[$0 - 1]) } }
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
        try importFiles(files, recordedAt: recordedAt, check: { _ in })
    }

    /// `check` runs first inside the transaction and may refuse the whole import.
    func importFiles(_ files: [(file: ImportedFile, events: [NewEvent])], recordedAt: Date, check: (Database) throws -> Void) throws -> Int {
        let stamp = ISO8601DateFormatter().string(from: recordedAt)
        return try write { db in
            try check(db)
            // A bulk import outgrows SQLite's default 2 MB page cache, which would spill pages to the
            // WAL and read them back: 64 MB for this transaction only.
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

    /// Whether the ledger holds any event at all (one look, whatever its size).
    public func hasEvents() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? false }
    }

    public func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    /// Every holding on a date: for each commune and item, the last event on or before it
    /// (by effective date, then by the order events were recorded).
    public func state(asOf day: Day) throws -> InventoryState {
        try states(asOf: [day])[0]
    }

    /// Every holding on each of `days` (in the order given), read together: for each holding, its last
    /// event, then its events back from the latest day still without a state.
    ///
    /// Each holding's last event is kept in `holding_latest` (one row per holding, 36,531 at national
    /// scale), so a date after it costs that one row; for an earlier date the holding's events are read
    /// back through the ledger's key (commune, item, date, id) from the latest day still without a
    /// state: only events between the earliest and the latest day are read, never every event before.
    ///
    /// The registry's communes are read in two halves side by side, each on a reader of its own; when a
    /// write came between the two reads (the ledger's last id differs), all are read again in one.
    public func states(asOf days: [Day]) throws -> [InventoryState] {
        guard !days.isEmpty else { return [] }
        let codes = try read { db in try String.fetchAll(db, sql: "SELECT code FROM commune ORDER BY code") }
        if codes.count >= 512, ProcessInfo.processInfo.activeProcessorCount > 1 {
            let halves = [Array(codes[..<(codes.count / 2)]), Array(codes[(codes.count / 2)...])]
            final class Halves: @unchecked Sendable {   // each half written by one thread, read after both end
                var first, second: Result<(lastID: Int64?, holdings: [[Holding]]), any Error>?
            }
            let results = Halves()
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let result = Result { () throws -> (lastID: Int64?, holdings: [[Holding]]) in
                    try self.read { db in
                        (try Int64.fetchOne(db, sql: "SELECT last_id FROM ledger_sequence"),
                         try Self.holdings(asOf: days, communes: halves[k], in: db))
                    }
                }
                if k == 0 { results.first = result } else { results.second = result }
            }
            if case .success(let a)? = results.first, case .success(let b)? = results.second, a.lastID == b.lastID {
                return days.indices.map { InventoryState(asOf: days[$0], holdings: a.holdings[$0] + b.holdings[$0]) }
            }
        }
        return try read { db in try Self.states(asOf: days, communes: nil, in: db) }
    }

    /// What the given communes hold on each of `days`: only their events are read (a province's dashboard reads
    /// its province, not the country).
    public func states(asOf days: [Day], communes: [String]) throws -> [InventoryState] {
        try read { db in try Self.states(asOf: days, communes: communes.sorted(), in: db) }
    }

    /// What the given communes hold on a date: only their events are read.
    public func state(asOf day: Day, communes: [String]) throws -> InventoryState {
        try read { db in try Self.states(asOf: [day], communes: communes, in: db)[0] }
    }

    static func states(asOf days: [Day], communes: [String]?, in db: Database) throws -> [InventoryState] {
        let holdings = try holdings(asOf: days, communes: communes, in: db)
        return days.indices.map { InventoryState(asOf: days[$0], holdings: holdings[$0]) }
    }

    /// The holdings of each of `days` (in the order given), of the communes given or of all.
    static func holdings(asOf days: [Day], communes: [String]?, in db: Database) throws -> [[Holding]] {
        // The days from the latest to the earliest; each holding's events are read newest first.
        let order = days.indices.sorted { days[$0] > days[$1] }
        let sorted = order.map { days[$0].iso }
        var holdings = Array(repeating: [Holding](), count: days.count)
        // `last`: each holding's last event, whatever its date, kept in `holding_latest` (of one commune).
        let last = try db.makeStatement(sql: communes == nil ? """
            SELECT commune_code, item, effective_on, working, broken, attributes FROM holding_latest
            ORDER BY commune_code DESC, item DESC
            """ : """
            SELECT commune_code, item, effective_on, working, broken, attributes FROM holding_latest
            WHERE commune_code = ?1 ORDER BY item DESC
            """)
        // `earlier`: a holding's events on or before a day, newest first.
        let earlier = try db.makeStatement(sql: """
            SELECT commune_code, item, effective_on, working, broken, attributes FROM event
            WHERE commune_code = ?1 AND item = ?2 AND effective_on <= ?3 ORDER BY effective_on DESC, id DESC
            """)
        let lastSQL = last.sqliteStatement, earlierSQL = earlier.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)   // SQLite copies the value
        defer { sqlite3_reset(lastSQL); sqlite3_reset(earlierSQL) }
        func bytes(_ s: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: sqlite3_column_text(s, column), count: Int(sqlite3_column_bytes(s, column)))
        }
        func string(_ s: OpaquePointer, _ column: Int32) -> String { String(decoding: bytes(s, column), as: UTF8.self) }
        func bindText(_ s: OpaquePointer, _ index: Int32, _ value: [UInt8]) {
            value.withUnsafeBufferPointer { b in
                _ = sqlite3_bind_text(s, index, UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: CChar.self),
                                      Int32(b.count), transient)
            }
        }
        // Assigns the current row of `s` (of the holding being read) to every remaining day on or after its date;
        // returns the index of the next day still without a state.
        func assign(_ s: OpaquePointer, from next: Int) -> Int {
            var next = next
            let date = bytes(s, 2)
            guard next < sorted.count, date.lexicographicallyPrecedes(sorted[next].utf8) || date.elementsEqual(sorted[next].utf8) else {
                return next
            }
            let holding = Holding(communeCode: string(s, 0), item: string(s, 1),
                                  working: Int(sqlite3_column_int64(s, 3)), broken: Int(sqlite3_column_int64(s, 4)),
                                  attributes: AttributeCoding.decode(string(s, 5)), since: Day(iso: string(s, 2)) ?? days[order[next]])
            while next < sorted.count, date.lexicographicallyPrecedes(sorted[next].utf8) || date.elementsEqual(sorted[next].utf8) {
                holdings[order[next]].append(holding)
                next += 1
            }
            return next
        }
        for commune in communes ?? [""] {
            sqlite3_reset(lastSQL)
            if communes != nil { _ = commune.withCString { sqlite3_bind_text(lastSQL, 1, $0, -1, transient) } }
            while true {
                let code = sqlite3_step(lastSQL)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw DatabaseError.step(code, of: last, in: db) }
                let key = (commune: Array(bytes(lastSQL, 0)), item: Array(bytes(lastSQL, 1)))
                let next = assign(lastSQL, from: 0)
                guard next < sorted.count else { continue }
                // Days before the holding's last event: read back from the latest of them, and seek
                // again to the next day still without a state once a few events in a row fall between
                // days (days weeks apart: few rows read; days months apart: a seek, not every event).
                var remaining = next, skipped = Int.max
                while remaining < sorted.count {
                    if skipped >= 4 {
                        sqlite3_reset(earlierSQL)
                        bindText(earlierSQL, 1, key.commune)
                        bindText(earlierSQL, 2, key.item)
                        _ = sorted[remaining].withCString { sqlite3_bind_text(earlierSQL, 3, $0, -1, transient) }
                        skipped = 0
                    }
                    let code = sqlite3_step(earlierSQL)
                    if code == SQLITE_DONE { break }   // nothing on or before it, nor before the earlier days
                    guard code == SQLITE_ROW else { throw DatabaseError.step(code, of: earlier, in: db) }
                    let before = remaining
                    remaining = assign(earlierSQL, from: remaining)
                    skipped = remaining == before ? skipped + 1 : 0
                }
            }
        }
        return holdings
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

    /// For each holding and day of `events`, the last event the ledger holds for it (what that day's state
    /// says), by holding and day: one seek each, for an import of a few rows onto a large ledger
    /// (`lastEvents(in:)` reads every event of the files' span of days).
    public func lastEvents(of events: [NewEvent]) throws -> [HoldingDay: NewEvent] {
        try read { db in try Self.lastEvents(of: events, in: db) }
    }

    static func lastEvents(of events: some Sequence<NewEvent>, in db: Database) throws -> [HoldingDay: NewEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT working, broken, attributes FROM event
            WHERE commune_code = ? AND item = ? AND effective_on = ? ORDER BY id DESC LIMIT 1
            """)
        var result: [HoldingDay: NewEvent] = [:]
        for e in events {
            let key = HoldingDay(e)
            if result[key] != nil { continue }
            if let row = try Row.fetchOne(statement, arguments: [e.communeCode, e.item, e.effectiveOn.iso]) {
                result[key] = NewEvent(communeCode: e.communeCode, item: e.item, effectiveOn: e.effectiveOn,
                                       working: row[0], broken: row[1], attributes: AttributeCoding.decode(row[2]))
            }
        }
        return result
    }

    /// For each holding of the communes and each day of `days`, the last event recorded that day: one pass
    /// over each commune's events (through the ledger's key), those of other days skipped.
    static func lastEvents(communes: [String], in days: ClosedRange<Day>, in db: Database) throws -> [HoldingDay: NewEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT item, effective_on, working, broken, attributes FROM event
            WHERE commune_code = ? AND effective_on BETWEEN ? AND ? ORDER BY item, effective_on, id
            """)
        var result: [HoldingDay: NewEvent] = [:]
        for code in communes {
            let rows = try Row.fetchCursor(statement, arguments: [code, days.lowerBound.iso, days.upperBound.iso])
            while let row = try rows.next() {
                guard let day = Day(iso: row[1]) else { continue }
                let e = NewEvent(communeCode: code, item: row[0], effectiveOn: day, working: row[2], broken: row[3],
                                 attributes: AttributeCoding.decode(row[4]))
                result[HoldingDay(e)] = e   // (in recording order: the last of a day wins)
            }
        }
        return result
    }

    /// A commune's events, newest first (by effective date, then recording order).
    public func events(commune: String, item: String? = nil) throws -> [LedgerEvent] {
        try read { db in
            var sql = LedgerEvent.selectWithImporter + " WHERE ledger.commune_code = ?"   // (imported events: source and time from their file)
            var args: [any DatabaseValueConvertible] = [commune]
            if let item { sql += " AND ledger.item = ?"; args.append(item) }
            sql += " ORDER BY ledger.effective_on DESC, ledger.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(LedgerEvent.init(ledgerRow:))
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

