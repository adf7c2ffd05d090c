import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessStore

extension DatabaseOptions {
    /// The database path this option chooses, without opening or creating anything.
    var path: String { Workspace.databasePath(explicit: db, environment: Runtime.environment) }
}

/// "3,321 communes, 2,000,000 events, 34 imported files"
private func describe(_ c: DatabaseContents) -> String {
    "\(c.communes) communes, \(c.events) events, \(c.importedFiles) imported files"
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database into a new file, safely while others use it; the copy is checked.",
        discussion: """
            Uses SQLite's online backup: the copy holds the ledger as it stood when the copy began, even while \
            others record or import. It is one self-contained file (no -wal beside it) and passes \
            `readiness check`, or no file is left. An existing FILE is replaced only with --force.

            Example: readiness backup /backups/readiness-2026-01-31.sqlite
            """)
    @Argument(help: ArgumentHelp("The new file.", valueName: "file")) var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let result = try BackupDatabase().run(database: database.path, to: file, force: force)
        print("backed up \(result.database) to \(result.file): \(describe(result.contents)); "
              + "\(result.checks.count) checks ok")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup, all or nothing, after checking the backup.",
        discussion: """
            FILE must be a readiness database (made by `readiness backup`, or a copy of a database) that passes \
            every check; one of an earlier version is brought up to date on the way, one of a newer version is \
            refused. The database chosen by --db then holds exactly what FILE holds; when FILE is refused or \
            anything fails, it stays as it was.

            Example: readiness restore /backups/readiness-2026-01-31.sqlite --db readiness.sqlite
            """)
    @Argument(help: ArgumentHelp("The backup to restore.", valueName: "file")) var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let workspace = try Runtime.workspace()
        let result = try RestoreDatabase().run(from: file, database: database.path) { () throws(AppError) in
            try workspace.openRestoreTarget(explicit: database.db, environment: Runtime.environment, clock: Runtime.clock,
                                            notice: printErr)
        }
        print("restored \(result.file) into \(result.database): \(describe(result.contents))")
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that the database is whole: SQLite's integrity and foreign keys, and the ledger's invariants.",
        discussion: """
            Prints each check with ok or failed: schema (a version this one knows), integrity \
            (PRAGMA integrity_check), foreign keys (PRAGMA foreign_key_check), append-only triggers (both \
            present), ledger sequence (last_id at or after every event id), imported files (each file's \
            recorded event count equals its events in the ledger). Changes nothing the database holds. Exits 1 when any fails.
            """)
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let result = try CheckDatabase().run(database: database.path)
        for check in result.checks { print(check) }
        if !result.passed {
            throw AppError.conflict("\(result.database): \(result.failed.count) of \(result.checks.count) checks failed: "
                                    + result.failed.map(\.name.rawValue).joined(separator: ", "))
        }
        print("\(result.database): all \(result.checks.count) checks ok")
    }
}
