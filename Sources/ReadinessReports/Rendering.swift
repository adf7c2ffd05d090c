import ReadinessCore

/// The formats every report renders in.
///
/// `pdf` is the HTML page printed to PDF: the reports render it as that page (their `.html`), and the
/// application layer prints it (`PDFPrinter` in ReadinessApp), since printing runs another program.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, json, csv, md, html, xlsx, pdf

    /// The format a file name asks for: report.html, report.xlsx, report.md, report.csv, report.json.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "html", "htm": self = .html
        case "xlsx": self = .xlsx
        case "pdf": self = .pdf
        case "md", "markdown": self = .md
        case "csv": self = .csv
        case "json": self = .json
        case "txt": self = .table
        default: return nil
        }
    }

    /// A binary file: written to a path, never to a terminal.
    public var isBinary: Bool { self == .xlsx || self == .pdf }

    /// The media type of a report in this format (text in UTF-8).
    public var mediaType: String {
        switch self {
        case .table: "text/plain; charset=utf-8"
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pdf: "application/pdf"
        }
    }

    /// The usual ending of a file in this format, without the dot.
    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .json, .csv, .md, .html, .xlsx, .pdf: rawValue
        }
    }
}

/// A report rendered in one format: the bytes of the file and what they are. Every report's
/// `render(_:)` gives one, in every `ReportFormat`: text as UTF-8, a workbook as its .xlsx file.
public struct RenderedReport: Sendable, Hashable {
    public var bytes: [UInt8]
    /// "text/html; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", …
    public var mediaType: String
    /// "html", "xlsx", … (without the dot).
    public var fileExtension: String

    public init(bytes: [UInt8], mediaType: String, fileExtension: String) {
        self.bytes = bytes
        self.mediaType = mediaType
        self.fileExtension = fileExtension
    }

    /// The bytes of a file in `format`.
    public init(bytes: [UInt8], format: ReportFormat) {
        self.init(bytes: bytes, mediaType: format.mediaType, fileExtension: format.fileExtension)
    }

    /// Text in a text format, as UTF-8. Every text report passes here, so this is where the text is made
    /// safe for its readers (`SafeText`): no control character but LF reaches a terminal or a Markdown
    /// viewer, and an HTML page or a CSV file holds none that XML 1.0 forbids. (CSV cells are also kept
    /// from reading as formulas, cell by cell, by `SafeText.csv`; JSON escapes every control character.)
    init(text: String, format: ReportFormat) {
        precondition(!format.isBinary, "\(format) is not a text format")
        let safe: String
        switch format {
        case .table, .md: safe = SafeText.terminal(text)
        case .html, .csv: safe = SafeText.markup(text)
        case .json, .xlsx, .pdf: safe = text
        }
        self.init(bytes: Array(safe.utf8), format: format)
    }

    /// The bytes read as UTF-8 text (what a text format's report says).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
