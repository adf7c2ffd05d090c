import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReports

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the equipment spreadsheet a commune fills in (.xlsx, or its CSV form), pre-filled from the ledger.",
        discussion: """
            One row per item kind with its Vietnamese name and unit, working, broken and the item's attributes, \
            filled with what the ledger holds today; a header block names the commune and its code. In the .xlsx \
            the input cells (yellow) are validated — whole numbers ≥ 0, có/không lists, dates — and every other \
            cell is locked; a second sheet holds instructions in Vietnamese. Send it out, get it back, then \
            `readiness import` it.

            Examples:
              readiness template --commune "Dak Plo" --out dak-plo.xlsx
              readiness template --all --out phieu/            (one file per commune: phieu/23344-xa-dak-plo.xlsx, …)
              readiness template --commune 23344 --out dak-plo.csv
            """)

    @Option(help: ArgumentHelp("One commune: code or name.", valueName: "name|code")) var commune: String?
    @Flag(help: "A template for every commune of the registry, one file each, into the --out folder.") var all = false
    @Option(help: ArgumentHelp("The file to write (.xlsx or .csv); with --all, a folder (made if absent).", valueName: "path"))
    var out: String
    @Option(help: "xlsx or csv (default: from the --out file name, else xlsx).") var format: TemplateFormat?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Pre-fill with the ledger's state on this date (default: today).", valueName: "date"))
    var asOf: Day?
    @OptionGroup var database: DatabaseOptions

    enum TemplateFormat: String, ExpressibleByArgument, CaseIterable { case xlsx, csv }

    func validate() throws {
        if all == (commune != nil) { throw ValidationError("give either --commune NAME|CODE or --all") }
    }

    func run() throws {
        let workspace = try Workspace.locate()
        let catalog = try workspace.catalog()
        let store = try database.open(workspace)
        let communes = try store.communes()
        let day = asOf ?? Today.day
        let state = try store.state(asOf: day)
        let fm = FileManager.default
        func write(_ c: Commune, to path: String, as format: TemplateFormat) throws {
            let template = EquipmentTemplate(commune: c, catalog: catalog, date: day, holdings: state.holdings(commune: c.code))
            switch format {
            case .xlsx: try template.writeXlsx(to: path)
            case .csv: try Data(template.csv().utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        if all {
            if communes.isEmpty { throw UserError("the registry is empty: load communes first (`readiness communes load FILE`)") }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
                throw UserError("--out \(out) is a file: with --all give a folder")
            }
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            let chosen = format ?? .xlsx
            for c in communes {
                try write(c, to: URL(fileURLWithPath: out).appendingPathComponent(Self.fileName(c, chosen)).path, as: chosen)
            }
            print("wrote \(communes.count) templates (\(chosen.rawValue)) into \(out), pre-filled as of \(day.vietnamese)")
            return
        }
        let target = try CommuneDirectory(communes).resolve(commune!)
        var path = out
        var isDir: ObjCBool = false
        let chosen = format ?? (out.lowercased().hasSuffix(".csv") ? .csv : .xlsx)
        if fm.fileExists(atPath: out, isDirectory: &isDir), isDir.boolValue {
            path = URL(fileURLWithPath: out).appendingPathComponent(Self.fileName(target, chosen)).path
        } else if !fm.fileExists(atPath: URL(fileURLWithPath: out).deletingLastPathComponent().path) {
            throw UserError("cannot write \(out): the folder \(URL(fileURLWithPath: out).deletingLastPathComponent().path) does not exist")
        }
        try write(target, to: path, as: chosen)
        print("wrote \(path): template for \(target.label), pre-filled as of \(day.vietnamese)")
    }

    /// "23344-xa-dak-plo.xlsx"
    static func fileName(_ c: Commune, _ format: TemplateFormat) -> String {
        "\(c.code)-" + VietnameseText.fold(c.name).replacingOccurrences(of: " ", with: "-") + "." + format.rawValue
    }
}

struct ImportCommand: ParsableCommand {
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
            which rules became met or unmet, by commune (judged today).

            Examples:
              readiness import phieu/23344-xa-dak-plo.xlsx
              readiness import phieu/*.xlsx --dry-run
              readiness import exchange.csv --on 2025-12-01 --by "Sở KH&CN"
            """)

    @Argument(help: ArgumentHelp("The files to import.", valueName: "file")) var files: [String]
    @Flag(help: "Check and show the summary, write nothing.") var dryRun = false
    @Option(help: ArgumentHelp("The date of rows that give none (YYYY-MM-DD or dd/MM/yyyy).", valueName: "date")) var on: Day?
    @Option(help: ArgumentHelp("Who recorded rows that do not say (also kept as who imported).", valueName: "name")) var by: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        try ChangeOptions.refuseFuture(on)
    }

    func run() throws {
        let lang = change.lang
        let context = try Context(database: database, report: change.report)
        let importer = Importer(store: context.store, catalog: context.catalog, checklist: context.checklist, communes: context.communes)
        let report = try importer.run(paths: files, dryRun: dryRun, on: on, by: by, today: Today.day, summaryIn: lang)
        let vi = lang == .vi
        for f in report.files {
            if let earlier = f.alreadyImported {
                print("\(f.name): " + (vi ? "đã nhập trước đó (\(earlier.importedAt), \(earlier.events) sự kiện) — bỏ qua, không thêm gì"
                                          : "already imported (\(earlier.importedAt), \(earlier.events) events) — nothing added"))
            } else {
                let unchanged = f.unchanged > 0 ? (vi ? ", \(f.unchanged) dòng không đổi" : ", \(f.unchanged) rows unchanged") : ""
                print("\(f.name) (\(f.kind)): \(f.added) " + (vi ? "sự kiện" : "events") + unchanged)
            }
        }
        let verb = report.written ? (vi ? "Đã thêm" : "Added") : (dryRun ? (vi ? "Thử (--dry-run, không ghi): sẽ thêm" : "Dry run (nothing written): would add")
                                                                          : (vi ? "Đã thêm" : "Added"))
        print("\(verb) \(report.added) " + (vi ? "sự kiện." : "events."))
        let summary = ChangeSummary(changes: report.changes, language: lang)
        let c = summary.counts
        if !report.changes.isEmpty {
            print(vi ? "Thay đổi tính đến \(report.asOf.vietnamese): \(c.communes) xã/phường, \(c.met) quy định đạt thêm, \(c.unmet) không còn đạt"
                     : "Changes as of \(report.asOf.iso): \(c.communes) communes, \(c.met) rules became met, \(c.unmet) became unmet")
        }
        print(report.summary.joined(separator: "\n"))   // one write, not one per line
        // Done: the database is closed (its log checkpointed into the file) and the process ends here,
        // without first taking apart what the import built.
        Timings.mark("print summary")
        try context.store.close()
        fflush(nil)
        Foundation.exit(0)
    }
}
