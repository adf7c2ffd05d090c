import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import filled-in templates (.xlsx or CSV) and flat CSV files into the ledger: all checked first, then all or nothing.",
        discussion: """
            Takes the .xlsx template, its CSV form, and the flat exchange CSV \
            (commune_code,item,working,broken,date then one column per attribute: meets_hnth, bandwidth_mbps, \
            expires_on, …; `commune` with a name may stand for commune_code; broken and date optional). \
            Every file is read and checked first and every problem is reported — file, sheet, row, column, \
            value, why and a suggestion; if there is any, nothing is written. Otherwise all events go in \
            one transaction. A file imported before (same SHA-256) adds nothing. Template rows that repeat \
            what the ledger holds are not added again. The summary says how many events were added and \
            which rules became met or unmet, by commune (judged today); when more than 20 communes changed, \
            one line per rule with the first communes, and the full list by commune in --summary-out FILE.

            Examples:
              readiness import phieu/23344-xa-dak-plo.xlsx
              readiness import phieu/*.xlsx --dry-run
              readiness import exchange.csv --on 2025-12-01 --by "Sở KH&CN"
            """)

    @Argument(help: ArgumentHelp("The files to import.", valueName: "file")) var files: [String]
    @Flag(help: "Check and show the summary, write nothing.") var dryRun = false
    @Option(help: ArgumentHelp("The date of rows that give none (YYYY-MM-DD or dd/MM/yyyy).", valueName: "date")) var on: Day?
    @Option(help: ArgumentHelp("Who recorded rows that do not say (also kept as who imported).", valueName: "name")) var by: String?
    @Option(help: ArgumentHelp("Also write the full summary, by commune, to this file (a large import prints one line per rule).",
                               valueName: "file")) var summaryOut: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError(Runtime.text("give at least one file to import")) }
        try ChangeOptions.refuseFuture(on)
    }

    func run() async throws {
        let lang = change.lang
        _ = try summaryOut.map(OutputOptions.checkedTarget)   // a summary file that cannot be written is refused before the import
        let session = try database.session(checklist: change.checklist)
        let sources = files.map(ImportSource.file(atPath:))
        Runtime.log?.mark("read and hash files")
        var input = ImportFiles.Input(files: sources, dryRun: dryRun, defaultDate: on, recordedBy: by, importedBy: by ?? Runtime.user,
                                      summaryLanguage: lang)
        input.wholeSummary = summaryOut != nil   // (otherwise a long summary is shown as its digest)
        let report = try await ImportFiles(session: session).run(input)
        var lines: [Phrase] = []
        for f in report.files {
            if let earlier = f.alreadyImported {
                lines.append("\(f.name): already imported (\(earlier.importedAt), \(earlier.events, "event")) — nothing added")
            } else {
                let unchanged: Phrase = f.unchanged > 0 ? ", \(f.unchanged, "row") unchanged" : ""
                lines.append("\(f.name) (\(Phrase(stringLiteral: f.kind))): \(f.added, "event")\(unchanged)")
            }
        }
        lines.append(report.written || !dryRun ? "Added \(report.added, "event")." : "Dry run (nothing written): would add \(report.added, "event").")
        let c = ChangeSummary(changes: report.changes, language: lang).counts
        if !report.changes.isEmpty {
            lines.append("Changes as of \(Style.date(report.asOf, lang)): \(c.communes, "commune"), \(c.met, "rule") became met, \(c.unmet) became unmet")
        }
        let digest = ChangeDigest(changes: report.changes, language: lang)
        if digest.isShort {
            lines.append(Phrase(verbatim: report.summary.joined(separator: "\n")))
        } else {
            lines += digest.lines().map(Phrase.init(verbatim:))
            lines.append(summaryOut.map { "The full list, by commune, is in \($0)" } ?? "The full list, by commune: --summary-out FILE")
        }
        if let summaryOut {
            try OutputFile.write(Array((report.summary.joined(separator: "\n") + "\n").utf8), to: summaryOut, given: summaryOut)
        }
        Console.say(Phrase.joined(lines, separator: "\n"))
        Runtime.log?.mark("print summary")
        // The database is closed, its log checkpointed into the file; the process then ends without
        // taking apart what the import built.
        try session.close()
    }
}
