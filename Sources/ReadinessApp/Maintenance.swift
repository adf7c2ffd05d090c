import Foundation
import ReadinessCore
import ReadinessStore

extension Workspace {
    /// The path of the database chosen by `--db`, else `$READINESS_DB`, else the default one (see
    /// `openDatabase`), without opening or creating anything.
    public static func databasePath(explicit: String?, environment: [String: String]) -> String {
        explicit ?? environment["READINESS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDatabasePath(environment: environment)
    }

    /// The database a restore replaces, opened as `openDatabase` opens it, except that a missing default
    /// database is made empty: it is about to be replaced, so the sample is not loaded into it first.
    public func openRestoreTarget(explicit: String?, environment: [String: String], clock: Clock,
                                  notice: (Phrase) -> Void) throws(AppError) -> InventoryDatabase {
        let path = Workspace.databasePath(explicit: explicit, environment: environment)
        let isDefault = path == Workspace.defaultDatabasePath(environment: environment)
        if isDefault && !FileManager.default.fileExists(atPath: path) {
            return try AppError.wrap {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                return try InventoryDatabase(path: path)
            }
        }
        return try openDatabase(explicit: explicit, environment: environment, clock: clock, notice: notice)
    }
}

/// An existing database file, or the reason to refuse it: a command that keeps data never makes a new one
/// behind the user's back.
private func existingDatabase(_ path: String) throws(AppError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .notFound("no database at \(path): give the database with --db PATH", field: "db")
    }
    if isDirectory.boolValue { throw .input("database path \(path) is a folder, not a database file", field: "db") }
}

/// Copies the database into a new file through SQLite's online backup: safe while others read and write
/// it; the copy is one self-contained file holding the ledger as it stood when the copy began, and it
/// passes every check, or no file is left.
public struct BackupDatabase: Sendable {
    public struct Result: Sendable {
        public var database: String
        public var file: String
        public var contents: DatabaseContents
        public var checks: [DatabaseCheck]
    }

    public init() {}

    /// - Parameters:
    ///   - database: the path of the database to copy, which must exist.
    ///   - file: the new file; an existing one is replaced only with `force`.
    public func run(database: String, to file: String, force: Bool) throws(AppError) -> Result {
        try existingDatabase(database)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: file, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .input("\(file) is a folder: give the backup a file name such as \(file)/readiness-backup.sqlite") }
            if Self.sameFile(file, database) { throw .input("\(file) is the database itself: give the backup another name") }
            if !force { throw .input("\(file) already exists: give another name, or --force to replace it") }
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        guard fm.fileExists(atPath: folder) else { throw .input("cannot write \(file): the folder \(folder) does not exist") }
        let store = try AppError.wrap { try InventoryDatabase(path: database) }
        let copied = try AppError.wrap { try store.backup(to: file, replacing: force) }
        return Result(database: database, file: file, contents: copied.contents, checks: copied.checks)
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).resolvingSymlinksInPath().path == URL(fileURLWithPath: b).resolvingSymlinksInPath().path
    }
}

/// Replaces the database with a backup, all or nothing. The file is checked first — an SQLite file, the
/// readiness schema of this version or an earlier one, every check passed — and a refused file leaves the
/// database exactly as it was (and makes none where there was none).
public struct RestoreDatabase: Sendable {
    public struct Result: Sendable {
        public var file: String
        public var database: String
        /// What the database holds now: the backup's communes, events and imported files.
        public var contents: DatabaseContents
    }

    public init() {}

    /// - Parameters:
    ///   - file: the backup to restore.
    ///   - database: the path of the database to replace (made when it does not exist yet).
    ///   - open: opens that database, once the file is known to be right.
    public func run(from file: String, database: String, open: () throws(AppError) -> InventoryDatabase) throws(AppError) -> Result {
        if BackupDatabase.sameFile(file, database) { throw .input("\(file) is the database itself: nothing to restore") }
        let pageSize = InventoryDatabase.pageSize(ofFileAt: database) ?? InventoryDatabase.newDatabasePageSize
        let candidate: RestoreCandidate
        do { candidate = try InventoryDatabase.prepareRestore(from: file, pageSize: pageSize) } catch let refusal as RestoreRefusal {
            throw Self.error(refusal, file: file)
        } catch { throw AppError(error) }
        let store = try open()
        let contents = try AppError.wrap { try store.restore(candidate) }
        return Result(file: file, database: store.path, contents: contents)
    }

    static func error(_ refusal: RestoreRefusal, file: String) -> AppError {
        let nothing: Phrase = "; nothing was restored"
        switch refusal {
        case .unreadable(let why):
            return .notFound("cannot restore \(file): \(why)", field: "file")
        case .notSQLite:
            return .input("\(file) is not a readiness database: it is not an SQLite database at all" + nothing)
        case .notReadiness:
            return .input("\(file) is not a readiness database: an SQLite database without the readiness tables (another program's?)" + nothing)
        case .newerSchema(let unknown):
            return .input("\(file) was written by a newer version of readiness (schema \(unknown.joined(separator: ", "))): update readiness to restore it" + nothing)
        case .failedChecks(let failed):
            let checks = Phrase.joined(failed.map { "\($0.namePhrase): \($0.found)" }, separator: "; ")
            return .input("\(file) fails the check (\(checks))" + nothing)
        }
    }
}

/// The checks that say a database is whole: SQLite's integrity and foreign keys, and the ledger's own
/// invariants (append-only triggers, the id sequence, imported files' counts). Changes nothing the database holds.
public struct CheckDatabase: Sendable {
    public struct Result: Sendable {
        public var database: String
        public var checks: [DatabaseCheck]
        public var passed: Bool { checks.allSatisfy(\.passed) }
        public var failed: [DatabaseCheck] { checks.filter { !$0.passed } }
    }

    public init() {}

    public func run(database: String) throws(AppError) -> Result {
        try existingDatabase(database)
        do {
            return Result(database: database, checks: try InventoryDatabase.checks(atPath: database))
        } catch let error as StoreError where error.kind == .notADatabase {
            throw .input("\(database) is not a readiness database: \(error.message)")
        } catch {
            throw AppError(error)
        }
    }
}
