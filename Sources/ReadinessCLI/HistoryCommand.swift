import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A commune's ledger events, newest first: date, item, working/broken, attributes, who, when, source.",
        discussion: """
            Example: readiness history "Dak Plo" vcs-terminal
                     readiness history 23344 --format csv > dak-plo.csv
            """)

    @Argument(help: ArgumentHelp("The commune: code or name.", valueName: "commune")) var commune: String
    @Argument(help: ArgumentHelp("Only this item (an id from the catalogue).", valueName: "item")) var item: String?
    @OptionGroup var output: OutputOptions
    @Option(help: "Language of the table and the messages: vi or en.") var lang: Language = .vi
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let workspace = try Runtime.workspace()
        let found = try HistoryQuery(workspace: workspace, database: try database.open(workspace)).run(commune: commune, item: item)
        let entries = found.events.map { e in
            HistoryReport.Entry(date: e.effectiveOn, item: e.item, working: e.working, broken: e.broken, attributes: e.attributes,
                                recordedBy: e.recordedBy, recordedAt: e.recordedAt, source: e.source, note: e.note)
        }
        let history = HistoryReport(commune: found.commune, entries: entries, language: lang)
        try output.emit(history.document()) { try history.render($0, width: Runtime.terminalWidth) }
    }
}
