import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct GapsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "The gap report: one line per rule, \"42/96 địa phương chưa có …\", with the communes short.",
        discussion: """
            Lines follow the checklist's order. --format json gives asOf, total and rules (id, name, short, total, \
            communes with code, name, missing) for other programs.

            Example: readiness gaps --as-of 2025-09-15 --names 5
            """)

    @OptionGroup var report: ReportOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var official: OfficialOptions
    @Option(help: ArgumentHelp("Show at most N commune names per rule, then a count.", valueName: "N")) var names: Int?
    @Flag(help: "Word each line as the share equipped (\"95,83% địa phương đã có …\"), as the August 2025 report does.")
    var percent = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let names, !Limits.namesShown.contains(names) {
            throw ValidationError(Runtime.text("--names \(names) is out of range: give \(Limits.describe(Limits.namesShown)) names per line"))
        }
    }

    func run() async throws {
        let session = try database.session(checklist: report.checklist)
        try output.emit(.gaps, session: session, asOf: report.day, language: report.lang,
                        options: .init(names: names, percent: percent, form: try official.form()))
        Runtime.log?.mark("render")
    }
}
