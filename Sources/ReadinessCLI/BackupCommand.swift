import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

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
    @OptionGroup var language: LanguageOption

    func run() async throws {
        let result = try BackupDatabase().run(database: database.path, to: file, force: force)
        Console.say("backed up \(result.database) to \(result.file): \(describe(result.contents)); \(result.checks.count, "check") ok")
    }
}
