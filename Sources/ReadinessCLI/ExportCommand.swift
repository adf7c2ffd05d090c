import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The ledger as a flat exchange CSV that `import` reads back (for the ministry's database).",
        discussion: """
            One row per holding and day (the last event of the day, which is that day's state), every attribute \
            column, then source, recorded_by and note. A database that imports the provinces' exports has, at \
            every date, the gap report of each province; exporting again after more work and importing that adds \
            only the new rows.

            Example: readiness export --province 51 --out quang-ngai.csv
                     readiness export --since 2025-12-01 --out december.csv
            """)

    @Option(help: ArgumentHelp("Only the communes of this province (its code, e.g. 51).", valueName: "code")) var province: String?
    @Option(help: ArgumentHelp("Only events effective on or after this date.", valueName: "date")) var since: Day?
    @Option(help: ArgumentHelp("The CSV file to write (replaced whole when complete).", valueName: "file")) var out: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func run() async throws {
        let session = try database.session(checklist: nil)
        let result = try ExportLedger(session: session).run(province: province, since: since, to: URL(fileURLWithPath: out))
        try session.close()
        printErr("exported \(result.rows, "row") of \(result.communes, "commune") to \(out)")
    }
}
