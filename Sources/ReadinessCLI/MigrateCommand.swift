import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// `readiness migrate`: bring a database to this version's schema, or with --check say what that would do.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database up to this version's schema, or with --check say what that would change.",
        discussion: """
            Every command brings an earlier database up to date when it opens it, after writing a backup beside \
            it; this does only that, so that an upgrade can be done, and timed, before the server starts. A \
            database written by a newer version is refused, and changed in no way. --check changes nothing: it \
            lists the migrations that would run, and exits 0 when there are none, 1 when there are some or the \
            database is newer than this version.

            Example: readiness migrate --check --db /var/lib/readiness/readiness.sqlite
            """)
    @Flag(help: "Change nothing: say which migrations would run.") var check = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func run() async throws {
        let path = database.path
        let state = try CheckMigrations().run(database: path)
        if !state.unknown.isEmpty {
            throw AppError.conflict("\(path) was written by a newer version of readiness (\(state.unknown.joined(separator: ", "))): update readiness")
        }
        if check {
            if state.pending.isEmpty {
                Console.say("\(path) is up to date: no migration to run")
                return
            }
            Console.say("\(path): \(state.pending.count, "migration") would run:")
            for name in state.pending { Console.say(Phrase(verbatim: "  " + name)) }
            throw AppError.conflict("\(path) is not up to date: readiness migrate --db \(path) brings it up to date")
        }
        if state.pending.isEmpty {
            Console.say("\(path) is up to date: no migration to run")
            return
        }
        let store = try database.open(try Runtime.workspace())
        try store.close()
        Console.say("\(path): \(state.pending.count, "migration") run")
    }
}
