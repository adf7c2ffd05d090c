import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessStore

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
    @OptionGroup var language: LanguageOption

    func run() async throws {
        let workspace = try Runtime.workspace()
        let result = try RestoreDatabase().run(from: file, database: database.path) { () throws(AppError) in
            try workspace.openRestoreTarget(explicit: database.db, environment: Runtime.environment, clock: Runtime.clock,
                                            notice: { printErr($0) })
        }
        Console.say("restored \(result.file) into \(result.database): \(describe(result.contents))")
    }
}
