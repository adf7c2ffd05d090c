import Foundation
import ReadinessApp
import ReadinessCore

/// What a run of the command works with: the process's environment, the system clock, the shipped files.
enum Runtime {
    static let environment = ProcessInfo.processInfo.environment
    static let clock = Clock.system
    /// The language of every line the run prints: its `--lang`, Vietnamese when none is given. Set once,
    /// from the arguments, before they are parsed (so that a refused argument is answered in it too).
    nonisolated(unsafe) static var language: Language = .vi

    /// The `--lang vi|en` (or `--lang=en`) among the arguments, before any `--`; Vietnamese when none is.
    static func language(in arguments: [String]) -> Language {
        var found = Language.vi
        var i = 0
        while i < arguments.count, arguments[i] != "--" {
            if arguments[i] == "--lang", i + 1 < arguments.count, let l = Language(rawValue: arguments[i + 1]) {
                found = l
                i += 1
            } else if arguments[i].hasPrefix("--lang="), let l = Language(rawValue: String(arguments[i].dropFirst("--lang=".count))) {
                found = l
            }
            i += 1
        }
        return found
    }

    /// A text in the run's language.
    static func text(_ phrase: Phrase) -> String { phrase.text(language) }
    /// With READINESS_TIMINGS=1, each phase's time on standard error.
    static let log: PhaseLog? = environment["READINESS_TIMINGS"] == "1" ? PhaseLog(write: { Console.error(verbatim: $0) }) : nil
    static var today: Day { clock.today }
    /// Who runs the command, for the ledger: $USER.
    static var user: String { environment["USER"] ?? "" }

    /// The command line may see everything (`Scope.local`).
    static var scope: Scope { .local(user) }

    static func workspace() throws(AppError) -> Workspace {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return try Workspace.locate(environment: environment, executable: executable)
    }

    /// Width of the terminal tables: $COLUMNS when 40 or more, else 100.
    static var terminalWidth: Int {
        if let cols = environment["COLUMNS"].flatMap(Int.init), cols >= 40 { return cols }
        return 100
    }
}
