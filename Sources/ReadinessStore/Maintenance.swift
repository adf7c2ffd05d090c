import Foundation
import GRDB
import ReadinessCore

/// One check of a database, by name, with what it found.
public struct DatabaseCheck: Sendable, Equatable, CustomStringConvertible {
    public enum Name: String, Sendable, CaseIterable {
        /// Every migration applied is one this version knows.
        case schema
        /// `PRAGMA integrity_check` says ok.
        case integrity
        /// `PRAGMA foreign_key_check` finds no dangling reference.
        case foreignKeys = "foreign keys"
        /// Both triggers that refuse to change or delete an event are there.
        case appendOnly = "append-only triggers"
        /// `ledger_sequence.last_id` is at or after every event id: a new event never takes an old id.
        case sequence = "ledger sequence"
        /// Every imported file's recorded event count is the number of its events in the ledger.
        case importedFiles = "imported files"
        /// The kept last event of each holding is the one the ledger gives.
        case latestState = "latest state"
        /// Every unit has versions that follow one another without overlap, its last one as the `commune` table
        /// holds it.
        case registryVersions = "registry versions"
    }

    public var name: Name
    public var passed: Bool
    /// What was found, in a few words ("ok", "2 events reference no commune", …), in either language.
    public var found: Phrase

    public init(_ name: Name, passed: Bool, _ detail: Phrase) {
        self.name = name
        self.passed = passed
        self.found = detail
    }

    /// What was found, in English.
    public var detail: String { found.text(.en) }

    /// The check's name, in either language (the English is the name itself).
    public var namePhrase: Phrase { Phrase(stringLiteral: name.rawValue) }

    /// "ok      integrity: ok" / "failed  ledger sequence: …", in either language.
    public var phrase: Phrase {
        passed ? "ok      \(namePhrase): \(found)" : "failed  \(namePhrase): \(found)"
    }

    /// "ok      integrity: ok" / "failed  ledger sequence: last_id 3 is behind event id 4"
    public var description: String { (passed ? "ok    " : "failed") + "  \(name.rawValue): \(detail)" }
}

/// What a database holds, in the figures a restore reports.
public struct DatabaseContents: Sendable, Equatable {
    public var communes: Int
    public var events: Int
    public var importedFiles: Int

    public init(communes: Int, events: Int, importedFiles: Int) {
        self.communes = communes
        self.events = events
        self.importedFiles = importedFiles
    }
}

/// Why a file cannot be restored.
public enum RestoreRefusal: Error, Sendable, Equatable {
    /// No such file, or a folder.
    case unreadable(String)
    /// Not an SQLite database at all (its first bytes are not SQLite's).
    case notSQLite
    /// An SQLite database without the readiness schema: another program's.
    case notReadiness
    /// Written by a newer version of the tool: these migrations are unknown here.
    case newerSchema([String])
    /// A readiness database that fails these checks.
    case failedChecks([DatabaseCheck])
}

/// A checked, up-to-date temporary copy of a file to restore; removed when no longer referenced.
public final class RestoreCandidate: Sendable {
    public let path: String
    public let contents: DatabaseContents
    public let checks: [DatabaseCheck]

    init(path: String, contents: DatabaseContents, checks: [DatabaseCheck]) {
        self.path = path
        self.contents = contents
        self.checks = checks
    }

    deinit { InventoryDatabase.removeDatabaseFiles(path) }
}

/// Keeping the data: online backups, restores all or nothing, and the checks that say a database is whole.
extension InventoryDatabase {
    /// The triggers that keep the ledger append-only.
    static let appendOnlyTriggers = ["event_is_never_updated", "event_is_never_deleted"]

    /// Copies the database into a new file at `path` through SQLite's online backup, from one read
    /// snapshot: writes by others go on meanwhile and the copy holds the ledger as it was when the copy
    /// began. The copy is one self-contained file (no write-ahead log beside it) and passes every check,
    /// or nothing is left at `path`. An existing file at `path` is replaced only with `replacing`; it stays
    /// as it was when the copy fails.
    public func backup(to path: String, replacing: Bool = false) throws -> (contents: DatabaseContents, checks: [DatabaseCheck]) {
        let fm = FileManager.default
        if !replacing && fm.fileExists(atPath: path) { throw StoreError(kind: .refused, message: "\(path) exists") }
        let partial = URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).partial-\(UUID().uuidString)").path
        defer { Self.removeDatabaseFiles(partial) }
        let result: (DatabaseContents, [DatabaseCheck]) = try StoreError.wrapping {
            let fresh = try DatabaseQueue(path: partial)
            try pool.backup(to: fresh)
            try fresh.close()
            // The copied header says WAL, as the source's does: reopened, the copy goes back to a
            // rollback journal, so that it is one file.
            let copy = try DatabaseQueue(path: partial)
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            let checks = try copy.read { db in try Self.checks(db) }
            let contents = try copy.read(Self.contents)
            try copy.close()
            return (contents, checks)
        }
        if let failed = result.1.first(where: { !$0.passed }) {
            throw StoreError(kind: .other, message: "the copy fails the check: \(failed)")
        }
        if !replacing && fm.fileExists(atPath: path) { throw StoreError(kind: .refused, message: "\(path) exists") }
        guard rename(partial, path) == 0 else {
            throw StoreError(kind: .readOnly, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return result
    }

    /// The checks of this database, every one run.
    public func checks() throws -> [DatabaseCheck] {
        try read { db in try Self.checks(db) }
    }

    /// The checks of the database at `path`, without changing what it holds (no migration, nothing created).
    public static func checks(atPath path: String) throws -> [DatabaseCheck] {
        try StoreError.wrapping { try reading(path) { queue in try queue.read { db in try checks(db) } } }
    }

    /// Runs `body` on a connection to the database at `path` that never changes what it holds: read-only,
    /// unless the database needs recovering after a process was killed while writing (a hot rollback
    /// journal, a write-ahead log without its index), which SQLite does for any connection allowed to write.
    static func reading<T>(_ path: String, _ body: (DatabaseQueue) throws -> T) throws -> T {
        func open(readonly: Bool) throws -> DatabaseQueue {
            var config = Configuration()
            config.readonly = readonly
            config.busyMode = .timeout(10)
            return try DatabaseQueue(path: path, configuration: config)
        }
        do {
            let queue = try open(readonly: true)
            defer { try? queue.close() }
            return try body(queue)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            let queue = try open(readonly: false)
            defer { try? queue.close() }
            return try body(queue)
        }
    }

    /// Communes, events and imported files.
    public func contents() throws -> DatabaseContents { try read(Self.contents) }

    /// The page size a new database gets (see `init(path:)`).
    public static let newDatabasePageSize = 16384

    /// The page size of the database file at `path` (from its header), or nil when there is none.
    public static func pageSize(ofFileAt path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 18))
        guard head.count == 18, head.starts(with: Array("SQLite format 3\0".utf8)) else { return nil }
        let size = Int(head[16]) << 8 | Int(head[17])
        return size == 1 ? 65536 : size
    }

    /// Checks the readiness database at `path` for a restore and makes a temporary copy of it, brought up to
    /// date and of the given page size (a database in WAL mode only takes a copy of its own page size). The
    /// file itself is never changed. Refused with a `RestoreRefusal` when it is not an SQLite database, not a
    /// readiness one, written by a newer version, or fails a check.
    public static func prepareRestore(from path: String, pageSize: Int) throws -> RestoreCandidate {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw RestoreRefusal.unreadable("no such file") }
        guard !isDirectory.boolValue else { throw RestoreRefusal.unreadable("is a folder, not a database file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw RestoreRefusal.unreadable("cannot be read") }
        let head = handle.readData(ofLength: 16)
        try? handle.close()
        guard head == Data("SQLite format 3\0".utf8) else { throw RestoreRefusal.notSQLite }
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("readiness-restore-\(UUID().uuidString).sqlite").path
        /// The original checked for what can be told before copying, then copied by the backup API.
        func copyChecked(_ original: DatabaseQueue) throws {
            try original.read { db in
                let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                let applied = tables.contains("grdb_migrations") ? try Schema.migrator.appliedIdentifiers(db) : []
                guard tables.isSuperset(of: ["commune", "event", "meta"]), applied.contains(Schema.migrator.migrations[0]) else {
                    throw RestoreRefusal.notReadiness
                }
                let unknown = applied.subtracting(Schema.migrator.migrations)
                if !unknown.isEmpty { throw RestoreRefusal.newerSchema(unknown.sorted()) }
                // A damaged file is refused before anything is copied or migrated.
                let integrity = try integrityCheck(db)
                if !integrity.passed { throw RestoreRefusal.failedChecks([integrity]) }
            }
            let fresh = try DatabaseQueue(path: temporary)
            try original.backup(to: fresh)
            try fresh.close()
        }
        /// The copy brought to the page size and schema asked for, and checked.
        func candidate() throws -> RestoreCandidate {
            // Reopened: the copied header may say WAL, as the original's does; the copy goes back to a
            // rollback journal, then takes the page size asked for.
            let copy = try DatabaseQueue(path: temporary)
            try copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                if try Int.fetchOne(db, sql: "PRAGMA page_size") != pageSize {
                    try db.execute(sql: "PRAGMA page_size = \(pageSize); VACUUM")
                }
            }
            try Schema.migrator.migrate(copy)
            let checks = try copy.read { db in try Self.checks(db) }
            let contents = try copy.read(Self.contents)
            try copy.close()
            let failed = checks.filter { !$0.passed }
            if !failed.isEmpty { throw RestoreRefusal.failedChecks(failed) }
            return RestoreCandidate(path: temporary, contents: contents, checks: checks)
        }
        do {
            return try StoreError.wrapping {
                try reading(path) { original in try copyChecked(original) }
                return try candidate()
            }
        } catch let error as StoreError where error.kind == .notADatabase {
            removeDatabaseFiles(temporary)
            throw RestoreRefusal.notSQLite
        } catch {
            removeDatabaseFiles(temporary)
            throw error
        }
    }

    /// Replaces everything this database holds with the prepared copy, in one write through SQLite's
    /// backup: afterwards it holds exactly that copy's registry and ledger or, when anything fails, what it
    /// held before.
    public func restore(_ candidate: RestoreCandidate) throws -> DatabaseContents {
        try StoreError.wrapping {
            let source = try DatabaseQueue(path: candidate.path)
            defer { try? source.close() }
            try source.backup(to: pool)
            return try read(Self.contents)
        }
    }

    static func contents(_ db: Database) throws -> DatabaseContents {
        DatabaseContents(communes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commune") ?? 0,
                         events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0,
                         importedFiles: try db.tableExists("import_file") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_file") ?? 0 : 0)
    }

    static func integrityCheck(_ db: Database) throws -> DatabaseCheck {
        let found = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        return found == ["ok"] ? DatabaseCheck(.integrity, passed: true, "ok")
            : DatabaseCheck(.integrity, passed: false, Phrase(verbatim: found.prefix(3).joined(separator: "; ") + (found.count > 3 ? "; …" : "")))
    }

    /// Every check, on the schema the database has (a table an earlier schema lacks is not asked for).
    static func checks(_ db: Database) throws -> [DatabaseCheck] {
        var checks: [DatabaseCheck] = []
        let applied = try Schema.migrator.appliedIdentifiers(db)
        let unknown = applied.subtracting(Schema.migrator.migrations)
        let completed = try Schema.migrator.completedMigrations(db)
        if !unknown.isEmpty {
            checks.append(DatabaseCheck(.schema, passed: false, "written by a newer version: unknown migrations \(unknown.sorted().joined(separator: ", "))"))
        } else if completed.isEmpty {
            checks.append(DatabaseCheck(.schema, passed: false, "no readiness schema: not a readiness database"))
            return checks
        } else {
            let version = completed.last!.split(separator: ":").first.map(String.init) ?? completed.last!
            checks.append(DatabaseCheck(.schema, passed: true, completed.count == Schema.migrator.migrations.count
                                        ? "\(version), the current one" : "\(version), brought up to date when next opened"))
        }
        checks.append(try integrityCheck(db))

        let dangling = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        if dangling.isEmpty {
            checks.append(DatabaseCheck(.foreignKeys, passed: true, "ok"))
        } else {
            let tables = Dictionary(grouping: dangling, by: { $0[0] as String? ?? "?" })
                .map { "\($1.count) rows of \($0) reference nothing" }.sorted()
            checks.append(DatabaseCheck(.foreignKeys, passed: false, Phrase(verbatim: tables.joined(separator: ", "))))
        }

        let triggers = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
        let missing = appendOnlyTriggers.filter { !triggers.contains($0) }
        checks.append(missing.isEmpty ? DatabaseCheck(.appendOnly, passed: true, "ok")
                      : DatabaseCheck(.appendOnly, passed: false, "missing \(missing.joined(separator: ", ")): events could be changed or deleted"))

        let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event")
        if try db.tableExists("ledger_sequence") {
            let sequence = try Int64.fetchAll(db, sql: "SELECT last_id FROM ledger_sequence")
            if sequence.count != 1 {
                checks.append(DatabaseCheck(.sequence, passed: false, "ledger_sequence has \(sequence.count) rows, not 1"))
            } else if let maxID, sequence[0] < maxID {
                checks.append(DatabaseCheck(.sequence, passed: false,
                                            "last_id \(sequence[0]) is behind event id \(maxID): new events would reuse ids"))
            } else {
                checks.append(DatabaseCheck(.sequence, passed: true, "ok (last id \(sequence[0]))"))
            }
        } else {
            checks.append(DatabaseCheck(.sequence, passed: true, "ok (ids by the table itself before schema v3)"))
        }

        if try db.tableExists("import_file") {
            let recorded = try Row.fetchAll(db, sql: "SELECT id, name, events FROM import_file")
            var inLedger: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT import_id, COUNT(*) FROM event WHERE import_id IS NOT NULL GROUP BY import_id") {
                inLedger[row[0]] = row[1]
            }
            var wrong: [Phrase] = []
            for row in recorded {
                let id: Int64 = row[0], name: String = row[1], events: Int = row[2]
                let found = inLedger.removeValue(forKey: id) ?? 0
                if found != events { wrong.append("\(name) records \(events, "event"), the ledger holds \(found)") }
            }
            checks.append(wrong.isEmpty ? DatabaseCheck(.importedFiles, passed: true, "ok (\(recorded.count, "file"))")
                          : DatabaseCheck(.importedFiles, passed: false, Phrase.joined(Array(wrong.prefix(3)), separator: "; ") + (wrong.count > 3 ? "; …" : "")))
        } else {
            checks.append(DatabaseCheck(.importedFiles, passed: true, "ok (no imports before schema v2)"))
        }

        if try db.tableExists("holding_latest") {
            let columns = "commune_code, item, effective_on, id, working, broken, attributes"
            let differing = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (
                  SELECT commune_code, item FROM (\(Schema.latestOfEachHolding) EXCEPT SELECT \(columns) FROM holding_latest)
                  UNION
                  SELECT commune_code, item FROM (SELECT \(columns) FROM holding_latest EXCEPT \(Schema.latestOfEachHolding)))
                """) ?? 0
            checks.append(differing == 0 ? DatabaseCheck(.latestState, passed: true, "ok")
                          : DatabaseCheck(.latestState, passed: false, "\(differing) holdings' kept last event differs from the ledger's"))
        } else {
            checks.append(DatabaseCheck(.latestState, passed: true, "ok (kept from schema latest-state-per-holding on)"))
        }

        if try db.tableExists("commune_version") {
            let missing = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM commune AS c WHERE NOT EXISTS (SELECT 1 FROM commune_version AS v WHERE v.code = c.code)
                """) ?? 0
            // Consecutive versions of a unit: each ends where the next begins.
            let gaps = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM commune_version AS a JOIN commune_version AS b
                  ON b.code = a.code AND b.valid_from = (SELECT MIN(valid_from) FROM commune_version WHERE code = a.code AND valid_from > a.valid_from)
                WHERE a.valid_until = '' OR a.valid_until > b.valid_from
                """) ?? 0
            let latest = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM commune AS c JOIN commune_version AS v
                  ON v.code = c.code AND v.valid_from = (SELECT MAX(valid_from) FROM commune_version WHERE code = c.code)
                WHERE (v.name, v.type, v.province_code, v.province_name, v.attributes) IS NOT (c.name, c.type, c.province_code, c.province_name, c.attributes)
                """) ?? 0
            let wrong = missing + gaps + latest
            checks.append(wrong == 0 ? DatabaseCheck(.registryVersions, passed: true, "ok")
                          : DatabaseCheck(.registryVersions, passed: false,
                                          "\(missing, "unit") without a version, \(gaps) overlapping, \(latest) whose last version differs from the registry"))
        } else {
            checks.append(DatabaseCheck(.registryVersions, passed: true, "ok (kept from schema registry-history on)"))
        }
        return checks
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
