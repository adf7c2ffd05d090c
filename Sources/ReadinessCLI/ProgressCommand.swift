import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessReports

struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Per rule, the communes short then and now, who became met and who fell back, with the event that did it.",
        discussion: """
            Each change names the ledger event behind it: the commune's last event for the item after --from and \
            on or before --to (its date, working and broken units, note and source).

            Example: readiness progress --from 2025-09-15 --to 2025-12-12
            """)

    @Option(help: ArgumentHelp("The earlier date (YYYY-MM-DD or dd/MM/yyyy).", valueName: "date")) var from: Day
    @Option(help: ArgumentHelp("The later date (default: today).", valueName: "date")) var to: Day?
    @Option(help: ArgumentHelp("A checklist id from Checklists/ or a checklist file (default: \(Workspace.defaultChecklistID)).", valueName: "id|file"))
    var checklist: String?
    @Option(help: "Language of the report and the messages: vi or en.") var lang: Language = .vi
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    var end: Day { to ?? Runtime.today }

    func validate() throws {
        if from >= end { throw ValidationError(Runtime.text("--from \(from.iso) must be before --to \(end.iso)")) }
    }

    func run() async throws {
        let session = try database.session(checklist: checklist)
        try output.emit(.progress, session: session, asOf: end, language: lang, options: .init(since: from))
    }
}
