import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports

extension ReportFormat: ExpressibleByArgument {}

/// Where and in which format a report goes: standard output, or a file whose name gives the format.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output format: table, md, csv, json, html, xlsx or pdf (default: from the --out file name, else table).",
                               valueName: "format"))
    var format: ReportFormat?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output; .html, .xlsx, .pdf, .md, .csv or .json chooses the format. An existing file is replaced.", valueName: "file"))
    var out: String?

    var chosen: ReportFormat { format ?? out.flatMap(ReportFormat.init(fileName:)) ?? .table }

    func validate() throws {
        if format == nil, let out, ReportFormat(fileName: out) == nil {
            throw ValidationError(Runtime.text("--out \(out): the file name does not say the format; end it in .html, .xlsx, .pdf, .md, .csv or .json, or add --format"))
        }
    }

    /// Asks the app for the report in the chosen format (`ReportRequest`, as the web's downloads do) and
    /// writes it; returns what the app said of it.
    @discardableResult
    func emit(_ kind: ReportRequest.Kind, session: Session, asOf: Day, language: Language,
              options: ReportRequest.Options) throws -> ReportRequest.Result {
        let format = chosen
        try refuseBinaryOnTerminal(format)
        let target = try out.map(Self.checkedTarget)
        var options = options
        options.width = Runtime.terminalWidth
        let result = try ReportRequest(session: session).run(.init(kind: kind, format: format, asOf: asOf, language: language,
                                                                   scope: Runtime.scope, options: options))
        try write(result.report, to: target)
        return result
    }

    /// Writes a report in the chosen format: `rendering` when the report renders itself, else its
    /// document, which is then the only one made (the ledger's history, which no other front end asks for).
    func emit(_ document: @autoclosure () -> ReportDocument, rendering: ((ReportFormat) throws -> RenderedReport)? = nil) throws {
        let format = chosen
        try refuseBinaryOnTerminal(format)
        let target = try out.map(Self.checkedTarget)
        let page = try rendering?(format) ?? document().render(format, width: Runtime.terminalWidth)
        let report = format == .pdf ? try ChromiumPrinter.required().finish(page, as: format) : page
        try write(report, to: target)
    }

    /// A binary .xlsx or .pdf is never written to a terminal.
    func refuseBinaryOnTerminal(_ format: ReportFormat) throws {
        if format.isBinary, isatty(out.map { OutputFile.standardDescriptor($0) ?? -1 } ?? STDOUT_FILENO) != 0 {
            throw AppError.input(".\(format.fileExtension) is a binary file and would garble the terminal: give --out FILE.\(format.fileExtension) (or redirect the output to a file)")
        }
    }

    /// To standard output, or to the file, as `OutputFile` says (a regular file replaced whole or not at all,
    /// a device or FIFO written through, a link to a file refused).
    func write(_ report: RenderedReport, to target: URL?) throws {
        guard let out, let target else {
            Console.write(report.bytes)
            return
        }
        try Self.write(report, to: target, as: out)
        printErr("readiness: wrote \(out)")
    }

    /// Writes a rendered report to a file (`OutputFile`: an existing file is never left half-written).
    static func write(_ report: RenderedReport, to target: URL, as given: String) throws {
        try OutputFile.write(report.bytes, to: target.path, given: given)
    }

    static func checkedTarget(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw AppError.input("--out \(path) is a folder: give a file name such as \(path)/report.html")
        }
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDir) || !isDir.boolValue {
            throw AppError.input("--out \(path): the folder \(parent.path) does not exist; create it first or choose another path")
        }
        return url
    }
}

/// The administrative form of a document (Nghị định 30/2020/NĐ-CP) for HTML and PDF: issuing body and national
/// motto, numbered annexes, signature blocks and "Nơi nhận", from a file the province edits.
struct OfficialOptions: ParsableArguments {
    @Flag(help: "Lay the HTML or PDF out as an administrative document, in the form of Inventory/official-form.yaml.")
    var official = false

    @Option(name: .customLong("official-form"),
            help: ArgumentHelp("The administrative form to use (YAML: issuing body, number, place, signers, recipients); implies --official.",
                               valueName: "file"))
    var formFile: String?

    /// The form asked for, read; nil when none was.
    func form() throws -> OfficialForm? {
        guard official || formFile != nil else { return nil }
        return try LoadOfficialForm(workspace: try Runtime.workspace()).run(path: formFile)
    }
}
