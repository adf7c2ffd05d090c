import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct DeadlinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "Every deadline of the checklist: met by all, overdue, at risk or on track; what each commune has overdue; what expires soon.",
        discussion: """
            The pace is the number of communes closing the gap per week, fitted to the short counts at weekly \
            dates over the last --pace-weeks weeks of the ledger; the projected date is when the last commune \
            would close at that pace. A rule is at risk when it is due within --within days and the projection \
            misses the deadline. Units whose expires_on attribute (signature certificates, USB tokens) falls in \
            the same window are listed by commune.

            Example: readiness deadlines --as-of 2025-12-12 --within 30
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: ArgumentHelp("The window in days for \"due soon\" and \"expires soon\".", valueName: "days")) var within = 30
    @Option(name: .customLong("pace-weeks"), help: ArgumentHelp("Weeks of ledger history the pace is measured over.", valueName: "weeks"))
    var paceWeeks = 8
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if !DeadlinesQuery.withinRange.contains(within) {
            throw ValidationError(Runtime.text("--within \(within) is out of range: give \(Limits.describe(DeadlinesQuery.withinRange)) days"))
        }
        if !DeadlinesQuery.paceWeeksRange.contains(paceWeeks) {
            throw ValidationError(Runtime.text("--pace-weeks \(paceWeeks) is out of range: give \(Limits.describe(DeadlinesQuery.paceWeeksRange)) weeks"))
        }
    }

    func run() async throws {
        let session = try database.session(checklist: report.checklist)
        try output.emit(.deadlines, session: session, asOf: report.day, language: report.lang,
                        options: .init(within: within, paceWeeks: paceWeeks))
    }
}
