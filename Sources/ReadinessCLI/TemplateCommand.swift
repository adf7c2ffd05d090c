import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports

extension MakeTemplates.Format: ExpressibleByArgument {}

struct TemplateCommand: AsyncParsableCommand {
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
    @Option(help: "xlsx or csv (default: from the --out file name, else xlsx).") var format: MakeTemplates.Format?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Pre-fill with the ledger's state on this date (default: today).", valueName: "date"))
    var asOf: Day?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if all == (commune != nil) { throw ValidationError(Runtime.text("give either --commune NAME|CODE or --all")) }
    }

    func run() async throws {
        let workspace = try Runtime.workspace()
        let day = asOf ?? Runtime.today
        let chosen = format ?? (all || !out.lowercased().hasSuffix(".csv") ? .xlsx : .csv)
        let templates = try MakeTemplates(workspace: workspace, database: try database.open(workspace))
            .run(commune.map { .commune($0) } ?? .all, on: day, format: chosen)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if all {
            if fm.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
                throw AppError.input("--out \(out) is a file: with --all give a folder")
            }
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            for t in templates { try write(t, to: URL(fileURLWithPath: out).appendingPathComponent(t.fileName).path, as: chosen) }
            Console.say("wrote \(templates.count, "template") (\(chosen.rawValue)) into \(out), pre-filled as of \(day.vietnamese)")
            return
        }
        let template = templates[0]
        var path = out
        if fm.fileExists(atPath: out, isDirectory: &isDir), isDir.boolValue {
            path = URL(fileURLWithPath: out).appendingPathComponent(template.fileName).path
        } else if !fm.fileExists(atPath: URL(fileURLWithPath: out).deletingLastPathComponent().path) {
            throw AppError.input("cannot write \(out): the folder \(URL(fileURLWithPath: out).deletingLastPathComponent().path) does not exist")
        }
        try write(template, to: path, as: chosen)
        Console.say("wrote \(path): template for \(template.template.commune.label), pre-filled as of \(day.vietnamese)")
    }

    /// Each template is made whole in memory, then written through `OutputFile`: a file that cannot be
    /// written (a full disk, a read-only folder) is left as it was, never half a workbook.
    private func write(_ t: MakeTemplates.Template, to path: String, as format: MakeTemplates.Format) throws {
        let bytes: [UInt8]
        switch format {
        case .xlsx:
            do { bytes = try t.template.xlsx() } catch { throw AppError(.internal, "cannot make the template: \(error)") }
        case .csv: bytes = Array(t.template.csv().utf8)
        }
        try OutputFile.write(bytes, to: path)
    }
}
