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
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        try ChangeOptions.refuseFuture(on)
    }

    func run() async throws {
        let lang = change.lang
        _ = try summaryOut.map(OutputOptions.checkedTarget)   // a summary file that cannot be written is refused before the import
        let session = try database.session(checklist: change.checklist)
        let sources = files.map(ImportSource.file(atPath:))
        Runtime.log?.mark("read and hash files")
        let report = try await ImportFiles(session: session).run(.init(
            files: sources, dryRun: dryRun, defaultDate: on, recordedBy: by, importedBy: by ?? Runtime.user, summaryLanguage: lang))
        let vi = lang == .vi
        var lines: [String] = []
        for f in report.files {
            if let earlier = f.alreadyImported {
                lines.append("\(f.name): " + (vi ? "đã nhập trước đó (\(earlier.importedAt), \(earlier.events) sự kiện) — bỏ qua, không thêm gì"
                                                 : "already imported (\(earlier.importedAt), \(earlier.events) events) — nothing added"))
            } else {
                let unchanged = f.unchanged > 0 ? (vi ? ", \(f.unchanged) dòng không đổi" : ", \(f.unchanged) rows unchanged") : ""
                lines.append("\(f.name) (\(f.kind)): \(f.added) " + (vi ? "sự kiện" : "events") + unchanged)
            }
        }
        let verb = report.written ? (vi ? "Đã thêm" : "Added") : (dryRun ? (vi ? "Thử (--dry-run, không ghi): sẽ thêm" : "Dry run (nothing written): would add")
                                                                          : (vi ? "Đã thêm" : "Added"))
        lines.append("\(verb) \(report.added) " + (vi ? "sự kiện." : "events."))
        let c = ChangeSummary(changes: report.changes, language: lang).counts
        if !report.changes.isEmpty {
            lines.append(vi ? "Thay đổi tính đến \(report.asOf.vietnamese): \(c.communes) xã/phường, \(c.met) quy định đạt thêm, \(c.unmet) không còn đạt"
                            : "Changes as of \(report.asOf.iso): \(c.communes) communes, \(c.met) rules became met, \(c.unmet) became unmet")
        }
        let digest = ChangeDigest(changes: report.changes, language: lang)
        if digest.isShort {
            lines.append(report.summary.joined(separator: "\n"))
        } else {
            lines += digest.lines()
            lines.append((summaryOut.map { "The full list, by commune, is in \($0)" } ?? "The full list, by commune: --summary-out FILE" as Phrase).text(lang))
        }
        if let summaryOut {
            try OutputFile.write(Array((report.summary.joined(separator: "\n") + "\n").utf8), to: summaryOut, given: summaryOut)
        }
        Console.say(lines.joined(separator: "\n"))
        Runtime.log?.mark("print summary")
        // The database is closed, its log checkpointed into the file; the process then ends without
        // taking apart what the import built.
        try session.close()
    }
}
