import Foundation
import ReadinessCore
import ReadinessReports

/// Prints a report's self-contained HTML page (with its print CSS: `@page`, repeated table headers, page
/// numbers in the page's margin) to PDF. Printing runs another program, so it sits here, behind this
/// interface, and the reports stay free of I/O.
public protocol PDFPrinter: Sendable {
    /// The PDF of the page, or why it could not be made.
    func pdf(html: [UInt8]) throws(AppError) -> [UInt8]
}

extension PDFPrinter {
    /// A report rendered as `.pdf` (its HTML page, see `ReportFormat`) printed; any other format as it is.
    public func finish(_ rendered: RenderedReport, as format: ReportFormat) throws(AppError) -> RenderedReport {
        guard format == .pdf else { return rendered }
        return RenderedReport(bytes: try pdf(html: rendered.bytes), format: .pdf)
    }
}

/// Headless Chromium's print to PDF (Debian's `chromium`, which the browser test already uses): the same
/// engine that shows the HTML report prints it, with `@page` margins and margin boxes (page numbers), table
/// headers repeated on every page and the fonts embedded as subsets, so the text stays searchable.
///
/// Each page is printed in a folder of its own, with a profile of its own, no network and no GPU, and the
/// program is stopped if it takes longer than `timeout` seconds.
public struct ChromiumPrinter: PDFPrinter {
    public var executable: String
    public var timeout: Double

    public init(executable: String, timeout: Double = 90) {
        self.executable = executable
        self.timeout = timeout
    }

    /// The names Debian and others give the program.
    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// Chromium found on `PATH` (or `READINESS_CHROMIUM`), else nil.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> ChromiumPrinter? {
        if let given = environment["READINESS_CHROMIUM"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? ChromiumPrinter(executable: given) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where !folder.isEmpty {
                let path = folder + "/" + name
                if FileManager.default.isExecutableFile(atPath: path) { return ChromiumPrinter(executable: path) }
            }
        }
        return nil
    }

    /// Chromium, or an error saying how to install it.
    public static func required() throws(AppError) -> ChromiumPrinter {
        guard let found = find() else {
            throw AppError(.internal, "PDF is printed by headless Chromium, which is not installed: install Debian's chromium (apt-get install chromium, or scripts/ensure-deps.sh chromium), or choose --format html and print it from a browser")
        }
        return found
    }

    public func pdf(html: [UInt8]) throws(AppError) -> [UInt8] {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("readiness-pdf-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html"), out = folder.appendingPathComponent("report.pdf")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try Data(html).write(to: page)
        } catch {
            throw AppError(.internal, "cannot prepare the page for printing in \(fm.temporaryDirectory.path): \(error)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
            // Nothing outside the page is fetched: the report carries its styles and drawings.
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
            "--no-pdf-header-footer", "--print-to-pdf=" + out.path, page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.environment = ["HOME": folder.path, "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
        do { try process.run() } catch {
            throw AppError(.internal, "cannot start \(executable) to print the PDF: \(error)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw AppError(.internal, "printing the PDF took longer than \(Int(timeout)) seconds; \(executable) was stopped")
            }
            usleep(20_000)
        }
        guard process.terminationStatus == 0, let data = fm.contents(atPath: out.path), data.starts(with: Array("%PDF".utf8)) else {
            throw AppError(.internal, "\(executable) did not print the PDF (exit status \(process.terminationStatus))")
        }
        return Array(data)
    }
}
