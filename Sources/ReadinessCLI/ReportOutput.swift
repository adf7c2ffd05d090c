import ArgumentParser
import Foundation
import ReadinessReports

/// Where and in which format a report goes: standard output, or a file whose name gives the format.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output format: table, md, csv, json, html or xlsx (default: from the --out file name, else table).",
                               valueName: "format"))
    var format: ReportFormat?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output; .html, .xlsx, .md, .csv or .json "
                               + "chooses the format. An existing file is replaced.", valueName: "file"))
    var out: String?

    var chosen: ReportFormat { format ?? out.flatMap(ReportFormat.init(fileName:)) ?? .table }

    func validate() throws {
        if format == nil, let out, ReportFormat(fileName: out) == nil {
            throw ValidationError("--out \(out): the file name does not say the format; end it in .html, .xlsx, .md, .csv or .json, or add --format")
        }
    }

    /// Writes a document in the chosen format. A binary .xlsx is never written to a terminal.
    /// The document is made only when needed: a report with its own text rendering (the gap table)
    /// does not build one for nothing (a tenth of `gaps` on the national list).
    func emit(_ document: @autoclosure () -> ReportDocument, text: ((ReportFormat) -> String)? = nil) throws {
        let format = chosen
        if format == .xlsx {
            guard let out else {
                if isatty(STDOUT_FILENO) != 0 {
                    throw UserError(".xlsx is a binary file and would garble the terminal: give --out FILE.xlsx (or redirect the output to a file)")
                }
                let temp = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString).xlsx").path
                defer { try? FileManager.default.removeItem(atPath: temp) }
                try XlsxReport.write(document(), to: temp)
                FileHandle.standardOutput.write(try Data(contentsOf: URL(fileURLWithPath: temp)))
                return
            }
            let target = try Self.checkedTarget(out)
            // Written beside the target, then renamed: an existing report is never left half-written.
            let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
            do {
                try XlsxReport.write(document(), to: temp)
                guard rename(temp, target.path) == 0 else { throw UserError(String(cString: strerror(errno))) }
            } catch {
                try? FileManager.default.removeItem(atPath: temp)
                throw UserError("cannot write \(out): \(error)")
            }
            printErr("readiness: wrote \(out)")
            return
        }
        let rendered = text?(format) ?? document().render(format, width: terminalWidth())
        guard let out else {
            print(rendered, terminator: "")
            return
        }
        let target = try Self.checkedTarget(out)
        do {
            try Data(rendered.utf8).write(to: target, options: .atomic)
        } catch {
            throw UserError("cannot write \(out): \(error.localizedDescription)")
        }
        printErr("readiness: wrote \(out)")
    }

    static func checkedTarget(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw UserError("--out \(path) is a folder: give a file name such as \(path)/report.html")
        }
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDir) || !isDir.boolValue {
            throw UserError("--out \(path): the folder \(parent.path) does not exist; create it first or choose another path")
        }
        return url
    }
}
