import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessReports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The report a province sends: one line per rule, named lists, progress, classification — as HTML, .xlsx or Markdown.",
        discussion: """
            In the shape of the province's annex: "42/96 địa phương chưa có …" with deadlines, the communes short \
            by name, progress since --since (42 → 9), the classes fully / partly / not met (69/27/0) and the same \
            split by a commune attribute (--by; by default the former province when the registry has it). \
            HTML is one self-contained page with SVG charts that prints on A4; .xlsx has a summary sheet, a \
            sheet per rule and a communes × rules matrix.

            Example: readiness report --as-of 2025-12-12 --since 2025-09-15 --out report.html
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: ArgumentHelp("Also show progress since this earlier date (YYYY-MM-DD or dd/MM/yyyy).", valueName: "date"))
    var since: Day?
    @Option(help: ArgumentHelp("Split the classification by this commune attribute (default: former_province when recorded; \"none\" for no split).",
                               valueName: "attribute"))
    var by: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var official: OfficialOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let since, since >= report.day {
            throw ValidationError(Runtime.text("--since \(since.iso) must be before the report date \(report.day.iso)"))
        }
    }

    func run() async throws {
        let session = try database.session(checklist: report.checklist)
        // The command compares with an earlier date only when --since is given.
        try output.emit(.report, session: session, asOf: report.day, language: report.lang,
                        options: .init(since: since, sinceByDefault: false, by: by, form: try official.form()))
    }
}
