import ArgumentParser
import ReadinessStore
import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import GRDB

/// The `readiness` command.
public struct Readiness: ParsableCommand {
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
        subcommands: [Gaps.self, CommuneCommand.self, ReportCommand.self, ProgressCommand.self, DeadlinesCommand.self,
                      PlanCommand.self, RecordCommand.self, HistoryCommand.self, TemplateCommand.self, ImportCommand.self,
                      ChecklistCommand.self, CommunesCommand.self, SampleCommand.self]
    )
    public init() {}
}

public enum ReadinessMain {
    /// Runs the command with the process's arguments and exits with 0, 1 (user error) or 2 (internal error).
    public static func main(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try Readiness.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            exit(report(error))
        }
    }

    static func report(_ error: Error) -> Int32 {
        switch error {
        case let e as UserError: return fail(e.description)
        case let e as InputProblems: return fail(e.description)
        case let e as ResolveError: return fail(e.description)
        case let e as CSVError: return fail(e.description)
        case let e as AttributeInputError: return fail(e.description)
        case let e as DatabaseError:
            return fail("database: \(e.message ?? e.description)", code: e.resultCode == .SQLITE_NOTADB ? 1 : 2)
        default:
            let code = Readiness.exitCode(for: error)
            if code == .success {
                print(Readiness.fullMessage(for: error))
                return 0
            }
            if error is ValidationError || code == .validationFailure {
                FileHandle.standardError.write(Data((Readiness.fullMessage(for: error) + "\n").utf8))
                return 1
            }
            return fail("internal error: \(error)", code: 2)
        }
    }

    static func fail(_ message: String, code: Int32 = 1) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return code
    }
}

func printErr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(lenient: argument) }
    public var defaultValueDescription: String { iso }
}

extension Language: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// Options every command that reads or writes the database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $READINESS_DB, else ~/.local/share/readiness/readiness.sqlite).",
                                            valueName: "path"))
    var db: String?

    func open(_ workspace: Workspace) throws -> InventoryDatabase {
        try workspace.openDatabase(explicit: db, notice: printErr)
    }
}




/// Options of the reports: date, checklist, language.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Report the state on this date (YYYY-MM-DD or dd/MM/yyyy; default: today).", valueName: "date"))
    var asOf: Day?

    @Option(help: ArgumentHelp("A checklist id from Checklists/ or a checklist file (default: \(Workspace.defaultChecklistID)).", valueName: "id|file"))
    var checklist: String?

    @Option(help: "Language of the report: vi or en.")
    var lang: Language = .vi

    var day: Day { asOf ?? Today.day }
}

enum Today {
    /// Today's date in Vietnam (UTC+7), where the people using the tool are.
    static var day: Day {
        let seconds = Int(Date().timeIntervalSince1970) + 7 * 3600
        return Day(daysSinceEpoch: Int((Double(seconds) / 86400).rounded(.down)))
    }
}

/// Evaluates the chosen checklist on the chosen date: the one path both `gaps` and `commune` take.
struct Context {
    let workspace: Workspace
    let store: InventoryDatabase
    let catalog: Catalog
    let checklist: Checklist
    let communes: [Commune]

    init(database: DatabaseOptions, report: ReportOptions) throws {
        try self.init(database: database, checklist: report.checklist)
    }

    init(database: DatabaseOptions, checklist id: String?) throws {
        Timings.mark("start")
        workspace = try Workspace.locate()
        catalog = try workspace.catalog()
        checklist = try workspace.checklist(id, catalog: catalog)
        Timings.mark("catalog and checklist")
        store = try database.open(workspace)
        Timings.mark("open database")
        communes = try store.communes()
        Timings.mark("communes")
        if communes.isEmpty {
            throw UserError("the database \(store.path) has no communes yet: load a list with `readiness communes load FILE`"
                            + " (or the shipped sample with `readiness sample load --db \(store.path)`)")
        }
    }

    func evaluate(on day: Day) throws -> Evaluation {
        let state = try store.state(asOf: day)
        Timings.mark("state")
        defer { Timings.mark("evaluate") }
        return Evaluator.evaluate(checklist, communes: communes, state: state, domainOrder: catalog.domains.map(\.id))
    }
}

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The gap report: one line per rule, \"42/96 địa phương chưa có …\", with the communes short.",
        discussion: """
            Lines follow the checklist's order. --format json gives asOf, total and rules (id, name, short, total, \
            communes with code, name, missing) for other programs.

            Example: readiness gaps --as-of 2025-09-15 --names 5
            """)

    @OptionGroup var report: ReportOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("Show at most N commune names per rule, then a count.", valueName: "N")) var names: Int?
    @Flag(help: "Word each line as the share equipped (\"95,83% địa phương đã có …\"), as the August 2025 report does.")
    var percent = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let names, names < 0 { throw ValidationError("--names must be 0 or more") }
    }

    func run() throws {
        let context = try Context(database: database, report: report)
        let evaluation = try context.evaluate(on: report.day)
        let out = GapReport(evaluation: evaluation, language: report.lang, names: names, percent: percent, width: terminalWidth())
        try output.emit(out.document(), rendering: out.render)
        Timings.mark("render")
    }
}

func terminalWidth() -> Int {
    if let cols = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), cols >= 40 { return cols }
    return 100
}

struct CommuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commune",
        abstract: "One commune's card: each rule met or short by how many, its holdings, its readiness index.",
        discussion: """
            The commune may be typed as its code (23344) or its name, with or without diacritics \
            ("Dak Plo", "đắk plô", "Xã Đăk Plô"). An unknown or ambiguous name lists the closest candidates.
            """)

    @Argument(help: ArgumentHelp("The commune: code or name.", valueName: "name|code")) var commune: String
    @OptionGroup var report: ReportOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if output.chosen == .csv { throw ValidationError("--format csv is for lists; use table, json or md for a commune card") }
    }

    func run() throws {
        let context = try Context(database: database, report: report)
        let commune = try CommuneDirectory(context.communes).resolve(commune)
        let day = report.day
        let state = try context.store.state(asOf: day)
        let evaluation = Evaluator.evaluate(context.checklist, communes: [commune], state: state,
                                            domainOrder: context.catalog.domains.map(\.id))
        let card = CommuneCard(result: evaluation.communes[0], asOf: day, catalog: context.catalog,
                               holdings: state.holdings(commune: commune.code).sorted { a, b in (context.catalog.items.firstIndex { $0.id == a.item } ?? 99, a.item) < (context.catalog.items.firstIndex { $0.id == b.item } ?? 99, b.item) }, language: report.lang)
        try output.emit(card.document(), rendering: card.render)
    }
}
