import ArgumentParser
import ReadinessApp
import ReadinessInput
import ReadinessReports

struct CommuneCommand: AsyncParsableCommand {
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

    func run() async throws {
        let session = try database.session(checklist: report.checklist, commune: commune)
        try output.emit(.commune, session: session, asOf: report.day, language: report.lang, options: .init(commune: commune))
    }
}
