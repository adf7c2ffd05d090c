import Foundation
import ReadinessCore

/// A report as a sequence of sections of paragraphs, tables, lists and charts, independent of the output
/// format. The province report, progress, deadlines, gaps and the commune card build one; the renderers
/// (terminal table, Markdown, CSV, JSON, HTML with SVG, .xlsx) turn it into a file, so every report gets
/// every format the same way.
public struct ReportDocument: Sendable {
    public var title: String
    /// Lines under the title: date, scope, source.
    public var subtitle: [String]
    public var language: Language
    public var sections: [ReportSection]
    /// When set, the HTML page (and so the PDF) is laid out as an administrative document of this form:
    /// heading with issuing body and national motto, the sections as numbered annexes, signature blocks.
    public var form: OfficialForm?

    public init(title: String, subtitle: [String] = [], language: Language, sections: [ReportSection] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.sections = sections
    }

    /// Every table of the document, in order.
    public var tables: [ReportTable] {
        sections.flatMap { $0.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
    }
}

public struct ReportSection: Sendable {
    public var title: String
    /// The .xlsx sheet the section goes to; nil: the first (summary) sheet.
    public var sheet: String?
    public var blocks: [ReportBlock]
    /// Only in these formats (nil: all). The communes × rules matrix, for instance, is a spreadsheet's.
    public var only: Set<ReportFormat>?

    public init(_ title: String, sheet: String? = nil, only: Set<ReportFormat>? = nil, _ blocks: [ReportBlock]) {
        self.title = title
        self.sheet = sheet
        self.blocks = blocks
        self.only = only
    }

    func shown(in format: ReportFormat) -> Bool { only.map { $0.contains(format) } ?? true }
}

public enum ReportBlock: Sendable {
    case paragraph(String)
    /// A heading and names, written as one flowing list ("Xã A, Xã B, …").
    case list(String, [String])

    /// Entries long enough (a change with its event) to go one per line rather than flow in a sentence.
    static func entriesAreLong(_ names: [String]) -> Bool { names.contains { Style.width($0) > 50 } }
    case table(ReportTable)
    case chart(ReportChart)
    /// A drawing made elsewhere (inline SVG) with its caption: drawn in HTML, its caption stands in elsewhere.
    case figure(svg: String, caption: String)
}

/// How a cell reads: good (met), bad (short, overdue), warning (at risk).
public enum ReportTone: String, Sendable { case good, bad, warning }

public struct ReportCell: Sendable, ExpressibleByStringLiteral {
    public enum Value: Sendable {
        case text(String)
        case int(Int)
        /// A number shown with `places` decimals.
        case decimal(Double, places: Int)
        /// A share 0…1 shown as a percentage with two decimals.
        case percent(Double)
        /// A day: 15/09/2025 or 2025-09-15 for people, ISO for programs, a date cell in a spreadsheet.
        case date(Day)
        case empty
    }

    public var value: Value
    public var tone: ReportTone?

    public init(_ value: Value, tone: ReportTone? = nil) { self.value = value; self.tone = tone }
    public init(stringLiteral value: String) { self.value = .text(value) }
    public static func text(_ s: String, tone: ReportTone? = nil) -> ReportCell { ReportCell(.text(s), tone: tone) }
    public static func int(_ n: Int, tone: ReportTone? = nil) -> ReportCell { ReportCell(.int(n), tone: tone) }
    public static func percent(_ x: Double) -> ReportCell { ReportCell(.percent(x)) }
    public static func date(_ d: Day, tone: ReportTone? = nil) -> ReportCell { ReportCell(.date(d), tone: tone) }
    public static let empty = ReportCell(.empty)

    /// The cell as text in the reader's style (1.234; 95,83%).
    public func text(_ language: Language) -> String {
        switch value {
        case .text(let s): s
        case .int(let n): Style.integer(n, language)
        case .decimal(let x, let places): Style.decimal(x, places: places, language)
        case .percent(let x): Style.decimal(x * 100, places: 2, language) + "%"
        case .date(let d): Style.date(d, language)
        case .empty: ""
        }
    }

    var isNumber: Bool {
        switch value { case .int, .decimal, .percent: true; default: false }
    }
}

public struct ReportColumn: Sendable {
    public var title: String
    /// The field name in JSON and the header in CSV.
    public var key: String
    public var numeric: Bool
    /// Width in a spreadsheet, in characters.
    public var sheetWidth: Double

    public init(_ title: String, key: String, numeric: Bool = false, sheetWidth: Double? = nil) {
        self.title = title
        self.key = key
        self.numeric = numeric
        self.sheetWidth = sheetWidth ?? (numeric ? 12 : 30)
    }
}

public struct ReportTable: Sendable {
    public var columns: [ReportColumn]
    public var rows: [[ReportCell]]
    /// Columns kept in view when scrolling sideways in a spreadsheet (the header row is always frozen).
    public var frozenColumns: Int
    /// A spreadsheet filter on the header row.
    public var filter: Bool

    public init(_ columns: [ReportColumn], rows: [[ReportCell]], frozenColumns: Int = 0, filter: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.frozenColumns = frozenColumns
        self.filter = filter
    }
}

/// One bar of a chart.
public struct ReportBar: Sendable {
    public var label: String
    public var value: Double
    /// What the bar says: "88/96", "12".
    public var caption: String
    public var tone: ReportTone?
    /// For a change chart: the value on the earlier date.
    public var before: Double?

    public init(_ label: String, value: Double, caption: String, tone: ReportTone? = nil, before: Double? = nil) {
        self.label = label
        self.value = value
        self.caption = caption
        self.tone = tone
        self.before = before
    }
}

public struct ReportChart: Sendable {
    public enum Kind: Sendable {
        /// Horizontal bars, one per label (coverage per item).
        case bars
        /// Vertical columns (a distribution).
        case columns
        /// Horizontal bars from `before` to `value` (progress between two dates).
        case change
    }

    public var kind: Kind
    public var title: String
    /// The full scale of the bars (96 communes, 1.0).
    public var maximum: Double
    public var bars: [ReportBar]
    /// A legend under the chart; for a change chart the first entry names the earlier bars, the second the later.
    public var legend: [String]

    public init(_ kind: Kind, title: String, maximum: Double, bars: [ReportBar], legend: [String] = []) {
        self.kind = kind
        self.title = title
        self.maximum = maximum
        self.bars = bars
        self.legend = legend
    }
}

// MARK: Renderers

extension ReportDocument {
    /// The document in a format; `width` is the terminal table's.
    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        switch format {
        case .table: RenderedReport(text: terminal(width: width), format: format)
        case .md: RenderedReport(text: markdown(), format: format)
        case .csv: RenderedReport(text: csv(), format: format)
        case .json: RenderedReport(text: json().render() + "\n", format: format)
        // A PDF is printed from the HTML page (see `ReportFormat`).
        case .html, .pdf: RenderedReport(text: HTMLReport(self).render(), format: .html)
        case .xlsx: try XlsxReport.render(self)
        }
    }

    func terminal(width: Int) -> String {
        var out = [title]
        out += subtitle
        for section in sections where section.shown(in: .table) {
            out.append("")
            if !section.title.isEmpty { out += [section.title, String(repeating: "─", count: min(width, Style.width(section.title)))] }
            for block in section.blocks {
                switch block {
                case .paragraph(let p): out += TextTable.wrapText(p, width: width)
                case .list(let heading, let names):
                    out.append(heading)
                    if ReportBlock.entriesAreLong(names) {
                        // Long entries (a change with its event): one per line, wrapped under itself.
                        for name in names {
                            let lines = TextTable.wrapText(name, width: width - 4)
                            out += lines.enumerated().map { ($0 == 0 ? "  " : "    ") + $1 }
                        }
                    } else {
                        out += Style.wrap(names, width: width, indent: "  ")
                    }
                case .table(let t): out += TextTable(t, language: language).lines(width: width)
                case .chart(let c): out += TextTable.chart(c, width: width)
                case .figure: break
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func markdown() -> String {
        func md(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = ["# \(title)", ""]
        for line in subtitle { out += [line, ""] }
        for section in sections where section.shown(in: .md) {
            out += ["## \(section.title)", ""]
            for block in section.blocks {
                switch block {
                case .paragraph(let p): out += [p, ""]
                case .list(let heading, let names) where ReportBlock.entriesAreLong(names):
                    out += ["**\(heading)**", ""] + names.map { "- " + md($0) } + [""]
                case .list(let heading, let names):
                    out += ["**\(heading)** " + names.joined(separator: ", "), ""]
                case .table(let t):
                    out.append("| " + t.columns.map { md($0.title) }.joined(separator: " | ") + " |")
                    out.append("|" + t.columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|")
                    for row in t.rows { out.append("| " + row.map { md($0.text(language)) }.joined(separator: " | ") + " |") }
                    out.append("")
                case .chart(let c):
                    out.append("*\(c.title)*")
                    out.append("")
                    out += c.bars.map { "- \($0.label): \($0.caption)" }
                    out.append("")
                case .figure: break
                }
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// The first table (the report's main one), UTF-8 with a byte-order mark so that Excel reads Vietnamese.
    func csv() -> String {
        guard let t = tables.first else { return SafeText.csv([[.text(title)]], byteOrderMark: true) }
        let rows = [t.columns.map { CSVValue.text($0.key) }] + t.rows.map { row in
            row.map { cell -> CSVValue in
                switch cell.value {
                case .text(let s): .text(s)
                case .int(let n): .int(n)
                // A zero is written 0.0, never -0.0 (a pace of nothing closed, a share of none).
                case .decimal(let x, _), .percent(let x): .number(String(x == 0 ? 0 : x))
                case .date(let d): .number(d.iso)
                case .empty: .text("")
                }
            }
        }
        return SafeText.csv(rows, byteOrderMark: true)
    }

    public func json() -> JSONValue {
        func value(_ c: ReportCell) -> JSONValue {
            switch c.value {
            case .text(let s): .string(s)
            case .int(let n): .int(n)
            case .decimal(let x, _), .percent(let x): .double(x)
            case .date(let d): .string(d.iso)
            case .empty: .null
            }
        }
        return [
            "title": .string(title),
            "subtitle": .array(subtitle.map(JSONValue.string)),
            "language": .string(language.rawValue),
            "sections": .array(sections.filter { $0.shown(in: .json) }.map { s in
                [
                    "title": .string(s.title),
                    "blocks": .array(s.blocks.map { b -> JSONValue in
                        switch b {
                        case .paragraph(let p): ["paragraph": .string(p)]
                        case .list(let h, let names): ["list": .string(h), "items": .array(names.map(JSONValue.string))]
                        case .table(let t):
                            ["table": .array(t.rows.map { row in
                                .object(zip(t.columns, row).map { ($0.key, value($1)) })
                            })]
                        case .chart(let c):
                            ["chart": .string(c.title),
                             "bars": .array(c.bars.map { ["label": .string($0.label), "value": .double($0.value),
                                                         "before": $0.before.map(JSONValue.double) ?? .null] })]
                        case .figure(_, let caption): ["figure": .string(caption)]
                        }
                    }),
                ]
            }),
        ]
    }
}

/// A table laid out for a terminal: columns aligned by characters (Vietnamese in NFC is one column per
/// character), long cells wrapped inside their column so the table fits the width.
struct TextTable {
    var columns: [ReportColumn]
    var cells: [[String]]

    init(_ table: ReportTable, language: Language) {
        columns = table.columns
        // NFC, so that a letter with its diacritics is one character and one column whatever the input.
        cells = table.rows.map { $0.map { cell in
            let text = cell.text(language)
            return text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        } }
    }

    func widths(fitting width: Int) -> [Int] {
        let content = columns.indices.map { i in cells.map { i < $0.count ? Style.width($0[i]) : 0 }.max() ?? 0 }
        let longestWord = columns.map { $0.title.split(separator: " ").map { Style.width(String($0)) }.max() ?? 0 }
        var w = columns.indices.map { max(Style.width(columns[$0].title), content[$0]) }
        let gaps = 2 * max(0, columns.count - 1)
        // First let long headers of number columns wrap down to their numbers, then narrow the widest text
        // column until the table fits, never below 8.
        for i in columns.indices where columns[i].numeric {
            while w.reduce(0, +) + gaps > width, w[i] > max(content[i], longestWord[i], 4) { w[i] -= 1 }
        }
        // A text column is not narrowed below its longest word (up to 24 characters), so that ids, dates and
        // codes stay whole; a table that cannot fit then runs wider than asked rather than cut words.
        let floor = columns.indices.map { i in max(8, min(24, cells.map { row in
            i < row.count ? (row[i].split(separator: " ").map { Style.width(String($0)) }.max() ?? 0) : 0 }.max() ?? 0)) }
        while w.reduce(0, +) + gaps > width {
            guard let i = w.indices.filter({ !columns[$0].numeric && w[$0] > floor[$0] }).max(by: { w[$0] < w[$1] }) else { break }
            w[i] -= 1
        }
        return w
    }

    /// The line without the white space at its end (tabs, line breaks, Unicode's space and separator characters).
    static func withoutTrailingSpace(_ line: String) -> String {
        let scalars = line.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let before = scalars.index(before: end)
            guard Self.isSpace(scalars[before]) else { break }
            end = before
        }
        return end == scalars.endIndex ? line : String(scalars[..<end])
    }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case " ", "\t", "\n", "\r", "\u{0C}": return true
        default:
            guard s.value >= 0x80 else { return false }
            switch s.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    func lines(width: Int) -> [String] {
        let w = widths(fitting: width)
        var out: [String] = []
        func emit(_ row: [String]) {
            let wrapped = columns.indices.map { i in TextTable.wrapText(i < row.count ? row[i] : "", width: w[i]) }
            let height = wrapped.map(\.count).max() ?? 1
            for line in 0..<height {
                let parts = columns.indices.map { i -> String in
                    let text = line < wrapped[i].count ? wrapped[i][line] : ""
                    return columns[i].numeric ? Style.padLeft(text, w[i]) : Style.pad(text, w[i])
                }
                out.append(TextTable.withoutTrailingSpace(parts.joined(separator: "  ")))
            }
        }
        emit(columns.map(\.title))
        out.append(w.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        cells.forEach(emit)
        return out
    }

    /// Words of a text in lines no wider than `width`; a word longer than the width is cut.
    static func wrapText(_ text: String, width: Int) -> [String] {
        guard width > 0, Style.width(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while Style.width(word) > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty { current = word }
            else if Style.width(current) + 1 + Style.width(word) <= width { current += " " + word }
            else { lines.append(current); current = word }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    /// A chart as text: one line per bar, "label  ████████░░░░  88/96".
    static func chart(_ chart: ReportChart, width: Int) -> [String] {
        let labelWidth = min(40, chart.bars.map { Style.width($0.label) }.max() ?? 0)
        let captionWidth = chart.bars.map { Style.width($0.caption) }.max() ?? 0
        let barWidth = max(10, width - labelWidth - captionWidth - 4)
        var out = [chart.title]
        for bar in chart.bars {
            let label = Style.width(bar.label) > labelWidth ? String(bar.label.prefix(labelWidth - 1)) + "…" : bar.label
            func cells(_ x: Double) -> Int {
                min(barWidth, max(0, chart.maximum > 0 ? Int((x / chart.maximum * Double(barWidth)).rounded()) : 0))
            }
            let f = cells(bar.value)
            // A change chart shows the earlier value as ▒ beyond the later one.
            let b = max(f, bar.before.map(cells) ?? f)
            out.append(Style.pad(label, labelWidth) + "  " + String(repeating: "█", count: f) + String(repeating: "▒", count: b - f)
                       + String(repeating: "░", count: barWidth - b) + "  " + bar.caption)
        }
        return out
    }
}
