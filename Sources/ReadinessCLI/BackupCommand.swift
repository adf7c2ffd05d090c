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

            With --into FOLDER instead of FILE, the copy is named for the time (readiness-YYYY-MM-DDTHHMMSSZ.sqlite, \
            UTC) and the folder is thinned out: the newest backup of each of the last --keep-daily days and of each \
            of the last --keep-weekly weeks stay, older ones of that name go (other files are never touched).

            Examples: readiness backup /backups/readiness-2026-01-31.sqlite
                      readiness backup --into /var/backups/readiness --keep-daily 14 --keep-weekly 8
            """)
    @Argument(help: ArgumentHelp("The new file.", valueName: "file")) var file: String?
    @Flag(help: "Replace FILE if it exists.") var force = false
    @Option(help: ArgumentHelp("A folder of dated backups to add to and thin out, instead of FILE.", valueName: "folder"))
    var into: String?
    @Option(help: "With --into: how many days keep their newest backup.") var keepDaily = 14
    @Option(help: "With --into: how many weeks keep their newest backup.") var keepWeekly = 8
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if file == nil && into == nil { throw ValidationError(Runtime.text("give the backup's FILE, or --into FOLDER")) }
        if file != nil && into != nil { throw ValidationError(Runtime.text("give either FILE or --into FOLDER, not both")) }
    }

    func run() async throws {
        if let into {
            let result = try RotatingBackup(clock: Runtime.clock).run(database: database.path, into: into,
                                                                      keepDaily: keepDaily, keepWeekly: keepWeekly)
            let backup = result.backup
            Console.say("backed up \(backup.database) to \(backup.file): \(describe(backup.contents)); \(backup.checks.count, "check") ok")
            Console.say("\(result.kept.count, "backup") kept in \(into), \(result.removed.count) removed")
            return
        }
        guard let file else { return }
        let result = try BackupDatabase().run(database: database.path, to: file, force: force)
        Console.say("backed up \(result.database) to \(result.file): \(describe(result.contents)); \(result.checks.count, "check") ok")
    }
}
