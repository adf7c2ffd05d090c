import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that the database is whole: SQLite's integrity and foreign keys, and the ledger's invariants.",
        discussion: """
            Prints each check with ok or failed: schema (a version this one knows), integrity \
            (PRAGMA integrity_check), foreign keys (PRAGMA foreign_key_check), append-only triggers (both \
            present), ledger sequence (last_id at or after every event id), imported files (each file's \
            recorded event count equals its events in the ledger), latest state (each holding's kept last event is \
            the ledger's). Changes nothing the database holds. Exits 1 when any fails.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func run() async throws {
        let result = try CheckDatabase().run(database: database.path)
        for check in result.checks { Console.say(check.phrase) }
        if !result.passed {
            let failed = Phrase.joined(result.failed.map(\.namePhrase), separator: ", ")
            throw AppError.conflict("\(result.database): \(result.failed.count) of \(result.checks.count, "check") failed: \(failed)")
        }
        Console.say("\(result.database): all \(result.checks.count, "check") ok")
    }
}
