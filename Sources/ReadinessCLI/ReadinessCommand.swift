import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// The `readiness` command.
public struct Readiness: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract: "Readiness inventory of the communes' public-service centres: equipment, checklists, gaps.",
        discussion: """
            Records the equipment of every commune public-service centre (Trung tâm Phục vụ hành chính công cấp xã), \
            checks it against a checklist with deadlines and prints the gaps the way the province reports them: \
            "42/96 địa phương chưa có Máy lấy số xếp hàng tự động".

            The database is $READINESS_DB or ~/.local/share/readiness/readiness.sqlite; on first use the default \
            one is filled with the shipped Quảng Ngãi sample. Exit codes: 0 ok, 1 a mistake in the input or the \
            call (nothing was changed), 2 an internal error.
            """,
        subcommands: [GapsCommand.self, CommuneCommand.self, ReportCommand.self, ProgressCommand.self, DeadlinesCommand.self,
                      PlanCommand.self, RecordCommand.self, HistoryCommand.self, TemplateCommand.self, ImportCommand.self,
                      ExportCommand.self, ChecklistCommand.self, CommunesCommand.self, SampleCommand.self,
                      BackupCommand.self, RestoreCommand.self, CheckCommand.self, MigrateCommand.self, ServeCommand.self, UserCommand.self]
    )
    public init() {}
}

public enum ReadinessMain {
    /// Runs the command with the process's arguments and exits with 0, 1 (user error) or 2 (internal error).
    public static func main(_ arguments: [String]? = nil) async -> Never {
        Runtime.language = Runtime.language(in: arguments ?? Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try Readiness.parseAsRoot(arguments)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            exit(finish(0))
        } catch {
            exit(finish(report(error)))
        }
    }

    /// The exit code once standard output is written: 1 instead of 0 when any of it could not be.
    static func finish(_ code: Int32) -> Int32 {
        fflush(nil)
        guard let failure = Console.finish() else { return code }
        printErr("error: \(failure)")
        return code == 0 ? 1 : code
    }

    /// Prints the error as the user should read it and gives the exit code: 1 for what the user can fix
    /// (nothing was changed), 2 for an internal error.
    static func report(_ error: Error) -> Int32 {
        if !(error is AppError) {
            let code = Readiness.exitCode(for: error)
            if code == .success {
                Console.say(verbatim: Readiness.fullMessage(for: error))
                return 0
            }
            if error is ValidationError || code == .validationFailure {
                // ArgumentParser's own "Error: " becomes the run's word for it; its usage lines stay as it writes them.
                var message = Readiness.fullMessage(for: error)
                if message.hasPrefix("Error: ") { message = Runtime.text("error: ") + message.dropFirst("Error: ".count) }
                Console.error(verbatim: message)
                return 1
            }
        }
        let failure = AppError(error)
        printErr("error: \(Readiness.worded(failure))")
        return failure.kind == .internal ? 2 : 1
    }
}

extension Readiness {
    /// A use case's refusal as the command words it: a refusal of one field's value leads with its option
    /// (`--working -1 is negative …`, `--set meets_hnth "maybe" is not yes/no …`).
    static func worded(_ failure: AppError) -> Phrase {
        guard failure.fieldUnnamed, let field = failure.field else { return failure.phrase }
        let option = field.hasPrefix("attribute.") ? "--set " + field.dropFirst("attribute.".count) : "--" + field
        return Phrase(verbatim: option + " ") + failure.phrase
    }
}

/// A message on standard error in the run's language (through `Console`, without control characters).
func printErr(_ message: Phrase) { Console.error(message) }


extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(lenient: argument) }
    public var defaultValueDescription: String { iso }
}

extension Language: ExpressibleByArgument {}

/// Options every command that reads or writes the database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $READINESS_DB, else ~/.local/share/readiness/readiness.sqlite).",
                                            valueName: "path"))
    var db: String?

    func open(_ workspace: Workspace) throws(AppError) -> InventoryDatabase {
        try workspace.openDatabase(explicit: db, environment: Runtime.environment, clock: Runtime.clock, notice: { printErr($0) })
    }

    /// The shipped files, the database, and the checklist (an id or a file; nil for the default one);
    /// with `commune`, a session over the one commune it names (code or name), for its card.
    func session(checklist: String?, commune: String? = nil) throws(AppError) -> Session {
        let workspace = try Runtime.workspace()
        let database = try open(workspace)
        Runtime.log?.mark("open database")
        guard let commune else {
            return try Session(workspace: workspace, database: database, checklist: checklist, clock: Runtime.clock, log: Runtime.log)
        }
        return try Session(workspace: workspace, database: database, checklist: checklist, commune: commune,
                           clock: Runtime.clock, log: Runtime.log)
    }
}

extension DatabaseOptions {
    /// The database path this option chooses, without opening or creating anything.
    var path: String { Workspace.databasePath(explicit: db, environment: Runtime.environment) }
}

/// "3321 communes, 2000000 events, 34 imported files"
func describe(_ c: DatabaseContents) -> Phrase {
    "\(c.communes, "commune"), \(c.events, "event"), \(c.importedFiles, "imported file")"
}

/// `--lang`, for the commands that print no report: the language of their lines and errors. Like every
/// `--lang`, it is read from the arguments before parsing (`Runtime.language(in:)`); declaring it here
/// makes the command accept it and list it in its help.
struct LanguageOption: ParsableArguments {
    @Option(help: "Language of the messages: vi or en.") var lang: Language = .vi
}

/// Options of the reports: date, checklist, language.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Report the state on this date (YYYY-MM-DD or dd/MM/yyyy; default: today).", valueName: "date"))
    var asOf: Day?

    @Option(help: ArgumentHelp("A checklist id from Checklists/ or a checklist file (default: \(Workspace.defaultChecklistID)).", valueName: "id|file"))
    var checklist: String?

    @Option(help: "Language of the report and the messages: vi or en.")
    var lang: Language = .vi

    var day: Day { asOf ?? Runtime.today }
}

/// Options of the commands that change the ledger and then say which rules became met or unmet.
struct ChangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The checklist whose rules are reported (default: \(Workspace.defaultChecklistID)).", valueName: "id|file"))
    var checklist: String?
    @Option(help: "Language of the summary and the messages: vi or en.") var lang: Language = .vi

    /// `--on` may not be after today: the ledger records what is, not what is planned.
    static func refuseFuture(_ on: Day?) throws {
        do { try RecordEvent.refuseFuture(on, today: Runtime.today) } catch { throw ValidationError(Readiness.worded(error).text(Runtime.language)) }
    }
}
