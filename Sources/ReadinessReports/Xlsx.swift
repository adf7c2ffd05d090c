import CXlsxWriter
import Foundation
import ReadinessCore

/// A thin, safe wrapper over libxlsxwriter (Debian's libxlsxwriter-dev) for the
/// workbooks the tool writes: templates, reports, plans. Rows and columns are 0-based.
public final class XlsxWorkbook {
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    private var closed = false
    public let path: String

    public init(path: String) throws(XlsxError) {
        guard let wb = workbook_new(path) else { throw XlsxError(message: "cannot create \(path)") }
        self.workbook = wb
        self.path = path
    }

    deinit { if !closed { workbook_close(workbook) } }

    /// Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
    public static func sheetName(_ name: String) -> String {
        let cleaned = String(SafeText.markup(name).map { "[]:*?/\\".contains($0) ? "-" : $0.isNewline || $0 == "\t" ? " " : $0 })
        return String(cleaned.prefix(31))
    }

    public func addSheet(_ name: String) -> XlsxSheet {
        let cleaned = XlsxWorkbook.sheetName(name)
        return XlsxSheet(sheet: workbook_add_worksheet(workbook, cleaned), book: self, name: cleaned)
    }

    func addChart(_ type: UInt8) -> UnsafeMutablePointer<lxw_chart>? { workbook_add_chart(workbook, type) }

    /// A cell format, made once per distinct style.
    public func format(_ style: XlsxStyle) -> UnsafeMutablePointer<lxw_format>? {
        if style == .plain { return nil }
        if let f = formats[style.key] { return f }
        guard let f = workbook_add_format(workbook) else { return nil }
        if style.bold { format_set_bold(f) }
        if style.wrap { format_set_text_wrap(f) }
        if let n = style.numberFormat { format_set_num_format(f, n) }
        if style.unlocked { format_set_unlocked(f) }
        if let bg = style.background { format_set_bg_color(f, bg) }
        if style.border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        // A table's cells read from the top of their row, whose height fits its longest wrapped cell.
        if style.border || style.wrap { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        formats[style.key] = f
        return f
    }

    /// Writes the file. Nothing is on disk before this.
    public func close() throws(XlsxError) {
        guard !closed else { return }
        closed = true
        let err = workbook_close(workbook)
        if err != LXW_NO_ERROR {
            throw XlsxError(message: "cannot write \(path): \(String(cString: lxw_strerror(err)))")
        }
    }
}

extension XlsxWorkbook {
    /// The .xlsx file of the workbook `fill` writes, as bytes. (libxlsxwriter writes to a file
    /// only: the workbook is written into the temporary folder, read back and removed.)
    public static func bytes(_ fill: (XlsxWorkbook) -> Void) throws(XlsxError) -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try XlsxWorkbook(path: path)
        fill(book)
        try book.close()
        guard let data = FileManager.default.contents(atPath: path) else { throw XlsxError(message: "cannot read back \(path)") }
        return Array(data)
    }
}

public struct XlsxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// How a cell looks.
public struct XlsxStyle: Hashable, Sendable {
    public var bold = false
    public var wrap = false
    public var numberFormat: String?
    public var unlocked = false
    public var background: UInt32?
    public var border = false

    public init(bold: Bool = false, wrap: Bool = false, numberFormat: String? = nil, unlocked: Bool = false,
                background: UInt32? = nil, border: Bool = false) {
        self.bold = bold
        self.wrap = wrap
        self.numberFormat = numberFormat
        self.unlocked = unlocked
        self.background = background
        self.border = border
    }

    public static let plain = XlsxStyle()
    public static let header = XlsxStyle(bold: true, wrap: true, background: 0xD9E1F2, border: true)
    /// Money in VND, Vietnamese grouping is applied by Excel's locale; the format groups thousands.
    public static let money = XlsxStyle(numberFormat: "#,##0")
    /// A cell the person filling in a template may change.
    public static let input = XlsxStyle(unlocked: true, background: 0xFFF2CC, border: true)

    var key: String { "\(bold)|\(wrap)|\(numberFormat ?? "")|\(unlocked)|\(background ?? 0)|\(border)" }
}

public struct XlsxSheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    unowned let book: XlsxWorkbook
    /// The sheet's name as written (after Excel's rules), for formulas and chart ranges.
    public let name: String

    /// A string cell: always a string, whatever it starts with (never a formula), and without the
    /// characters XML 1.0 forbids (`SafeText.markup`; a NUL would also cut the text short in C).
    public func write(_ row: Int, _ col: Int, _ text: String, _ style: XlsxStyle = .plain) {
        worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), SafeText.markup(text), book.format(style))
    }

    public func write(_ row: Int, _ col: Int, _ number: Double, _ style: XlsxStyle = .plain) {
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col), number, book.format(style))
    }

    public func write(_ row: Int, _ col: Int, _ number: Int, _ style: XlsxStyle = .plain) {
        write(row, col, Double(number), style)
    }

    /// A blank cell that still carries a style (an empty input cell).
    public func blank(_ row: Int, _ col: Int, _ style: XlsxStyle) {
        worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(col), book.format(style))
    }

    /// A calendar day as a real date cell (an Excel serial number: 25569 is 1970-01-01) in a date format.
    public func date(_ row: Int, _ col: Int, _ day: Day, _ style: XlsxStyle) {
        write(row, col, Double(day.daysSinceEpoch + 25569), style)
    }

    /// A formula such as "=C2*D2", with the value it computes so readers without a calculation engine see it.
    /// Only for formulas the program builds from cell references: text from the ledger goes through `write`.
    public func formula(_ row: Int, _ col: Int, _ formula: String, value: Double, _ style: XlsxStyle = .plain) {
        worksheet_write_formula_num(sheet, lxw_row_t(row), lxw_col_t(col), formula, book.format(style), value)
    }

    public func column(_ first: Int, _ last: Int, width: Double) {
        worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, nil)
    }

    public func freeze(rows: Int, cols: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(cols))
    }

    public func autofilter(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) {
        worksheet_autofilter(sheet, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol))
    }

    /// Locks every cell not written with an unlocked style.
    public func protect() {
        worksheet_protect(sheet, nil, nil)
    }

    /// Only whole numbers ≥ `minimum` may be typed in the cell.
    public func validateWholeNumber(_ row: Int, _ col: Int, minimum: Int = 0, message: String) {
        var v = lxw_data_validation()
        v.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
        v.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
        v.value_number = Double(minimum)
        withMessages(&v, message) { worksheet_data_validation_cell(sheet, lxw_row_t(row), lxw_col_t(col), $0) }
    }

    /// Only one of `choices` may be chosen (a drop-down list).
    public func validateList(_ row: Int, _ col: Int, choices: [String], message: String) {
        var v = lxw_data_validation()
        v.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        let cStrings = choices.map { strdup($0) } + [nil]
        defer { cStrings.forEach { free($0) } }
        var pointers = cStrings
        pointers.withUnsafeMutableBufferPointer { buffer in
            v.value_list = buffer.baseAddress
            withMessages(&v, message) { worksheet_data_validation_cell(sheet, lxw_row_t(row), lxw_col_t(col), $0) }
        }
    }

    /// Only a date between the two given days may be typed in the cell.
    public func validateDate(_ row: Int, _ col: Int, from: (Int, Int, Int), to: (Int, Int, Int), message: String) {
        var v = lxw_data_validation()
        v.validate = UInt8(LXW_VALIDATION_TYPE_DATE.rawValue)
        v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
        v.minimum_datetime = lxw_datetime(year: Int32(from.0), month: Int32(from.1), day: Int32(from.2), hour: 0, min: 0, sec: 0)
        v.maximum_datetime = lxw_datetime(year: Int32(to.0), month: Int32(to.1), day: Int32(to.2), hour: 0, min: 0, sec: 0)
        withMessages(&v, message) { worksheet_data_validation_cell(sheet, lxw_row_t(row), lxw_col_t(col), $0) }
    }

    private func withMessages(_ v: inout lxw_data_validation, _ message: String,
                              _ body: (UnsafeMutablePointer<lxw_data_validation>) -> lxw_error) {
        let text = strdup(String(message.prefix(250)))
        defer { free(text) }
        v.error_message = text
        v.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
        _ = withUnsafeMutablePointer(to: &v) { body($0) }
    }
}

/// A native Excel chart over cells of a sheet.
public enum XlsxChartKind: Sendable { case bar, column }

/// One series of a chart: the values in `column` over the chart's rows.
public struct XlsxChartSeries: Sendable {
    public var name: String
    public var column: Int
    public var color: UInt32?
    public init(name: String, column: Int, color: UInt32? = nil) { self.name = name; self.column = column; self.color = color }
}

extension XlsxSheet {
    /// Inserts a chart at (`row`, `col`) whose categories are `categoryColumn` and whose series are other
    /// columns, over `rows` of this sheet. Bars read top to bottom in the order of the rows.
    public func insertChart(_ kind: XlsxChartKind, title: String, rows: ClosedRange<Int>, categoryColumn: Int,
                            series: [XlsxChartSeries], at row: Int, _ col: Int, scale: (x: Double, y: Double) = (1, 1),
                            maximum: Double? = nil) {
        let type = UInt8((kind == .bar ? LXW_CHART_BAR : LXW_CHART_COLUMN).rawValue)
        guard let chart = book.addChart(type) else { return }
        chart_title_set_name(chart, SafeText.markup(title))
        for s in series {
            guard let added = chart_add_series(chart, nil, nil) else { continue }
            chart_series_set_categories(added, name, lxw_row_t(rows.lowerBound), lxw_col_t(categoryColumn),
                                        lxw_row_t(rows.upperBound), lxw_col_t(categoryColumn))
            chart_series_set_values(added, name, lxw_row_t(rows.lowerBound), lxw_col_t(s.column),
                                    lxw_row_t(rows.upperBound), lxw_col_t(s.column))
            chart_series_set_name(added, SafeText.markup(s.name))
            if let color = s.color {
                var fill = lxw_chart_fill(color: color, none: 0, transparency: 0)
                chart_series_set_fill(added, &fill)
            }
        }
        if kind == .bar { chart_axis_set_reverse(chart.pointee.y_axis) }
        // The value axis ends at the chart's full scale (96 communes), not at the next round number. For a bar
        // chart libxlsxwriter's x axis is the value axis; for columns its y axis.
        if let maximum, maximum > 0 {
            let axis = kind == .bar ? chart.pointee.x_axis : chart.pointee.y_axis
            chart_axis_set_min(axis, 0)
            chart_axis_set_max(axis, maximum)
        }
        if series.count < 2 { chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }
        var options = lxw_chart_options(x_offset: 0, y_offset: 0, x_scale: scale.x, y_scale: scale.y,
                                        object_position: 0, description: nil, decorative: 0)
        worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(col), chart, &options)
    }
}

// MARK: Printing

/// How a sheet prints: on A4, one page wide (as many pages tall as it needs), the title in the page
/// header and "Trang N/M" in the footer, header rows repeated on every page, and only the columns a
/// reader needs in the print area.
public struct XlsxPrintSetup: Sendable {
    /// The page header: the report's title (cut to fit Excel's 255 characters).
    public var title: String
    /// The page footer, with `&P` for the page and `&N` for the count ("Trang &P/&N").
    public var footer: String
    public var landscape: Bool
    /// Rows printed at the top of every page (a table's header).
    public var repeatRows: ClosedRange<Int>?
    /// The last row and column printed.
    public var lastRow: Int
    public var lastColumn: Int

    public init(title: String, footer: String, landscape: Bool, repeatRows: ClosedRange<Int>?, lastRow: Int, lastColumn: Int) {
        self.title = title
        self.footer = footer
        self.landscape = landscape
        self.repeatRows = repeatRows
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// Columns of this total width (in characters) or less print portrait; wider ones landscape. A4 portrait
    /// holds about 95 characters of Calibri 11 between the margins; fitting to the page's width shrinks a
    /// table up to this width to about 85%, still readable.
    public static let portraitWidth = 110.0

    /// Portrait or landscape for columns of these widths (in characters).
    public static func landscape(widths: [Double]) -> Bool { widths.reduce(0, +) > portraitWidth }

    /// A text for a page header or footer: `&` doubled (Excel's escape), control characters removed, and
    /// cut (whole characters, with "…") so that it takes at most `limit` bytes of UTF-8: libxlsxwriter and
    /// Excel refuse a field longer than 255.
    static func field(_ text: String, limit: Int = 200) -> String {
        let cleaned = SafeText.markup(text).map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
            .replacingOccurrences(of: "&", with: "&&")
        guard cleaned.utf8.count > limit else { return cleaned }
        var cut = "", bytes = 0
        for ch in cleaned {
            let n = String(ch).utf8.count
            if bytes + n > limit - 3 { break }
            cut.append(ch)
            bytes += n
        }
        // An odd run of `&` at the end is half of an escaped one.
        if cut.reversed().prefix(while: { $0 == "&" }).count % 2 == 1 { cut.removeLast() }
        return cut + "…"
    }
}

extension XlsxSheet {
    /// Sets how the sheet prints (see `XlsxPrintSetup`).
    public func printSetup(_ p: XlsxPrintSetup) {
        worksheet_set_paper(sheet, 9)   // A4
        if p.landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        // Margins in inches: left and right 0.6 (15 mm), top and bottom 0.75 with the header and footer inside.
        worksheet_set_margins(sheet, 0.6, 0.6, 0.75, 0.75)
        worksheet_fit_to_pages(sheet, 1, 0)
        worksheet_center_horizontally(sheet)
        if let rows = p.repeatRows { worksheet_repeat_rows(sheet, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)) }
        worksheet_print_area(sheet, 0, 0, lxw_row_t(max(0, p.lastRow)), lxw_col_t(max(0, p.lastColumn)))
        // Excel's fields: &C centres, &P is the page number, &N the number of pages. The title's own `&` are doubled.
        worksheet_set_header(sheet, "&C" + XlsxPrintSetup.field(p.title))
        worksheet_set_footer(sheet, "&C" + XlsxPrintSetup.field(p.footer, limit: 60)
            .replacingOccurrences(of: "&&P", with: "&P").replacingOccurrences(of: "&&N", with: "&N"))
    }

    /// A row's height in points (`XlsxLines.lineHeight` a line).
    public func rowHeight(_ row: Int, points: Double) {
        worksheet_set_row(sheet, lxw_row_t(row), points, nil)
    }

    /// A text across columns `first`…`last` of one row, wrapped within them.
    public func merged(_ row: Int, _ first: Int, _ last: Int, _ text: String, _ style: XlsxStyle) {
        guard last > first else { write(row, first, text, style); return }
        worksheet_merge_range(sheet, lxw_row_t(row), lxw_col_t(first), lxw_row_t(row), lxw_col_t(last), SafeText.markup(text),
                              book.format(style))
    }

    /// Page breaks before these rows (kept as given: a chart or a table starts a page there).
    public func pageBreaks(before rows: [Int]) {
        let kept = Array(Set(rows.filter { $0 > 0 })).sorted().prefix(1_000)
        guard !kept.isEmpty else { return }
        var breaks = kept.map { lxw_row_t($0) } + [0]
        breaks.withUnsafeMutableBufferPointer { _ = worksheet_set_h_pagebreaks(sheet, $0.baseAddress) }
    }
}

/// How many lines a text takes in a wrapped cell, for setting the row's height (Excel and LibreOffice do
/// not grow a row written by a program, and never a merged one).
public enum XlsxLines {
    /// Points per line of Calibri 11 with Vietnamese's stacked diacritics (Excel's own rows are 15), with the
    /// row's padding. Not 15, so that every row is written with its height and no program measures it again.
    public static let lineHeight = 16.0

    /// Lines of `text` in a column `width` characters wide: words wrapped, line breaks kept. Letters of
    /// Calibri (and Carlito, its metric twin) average narrower than the width unit (a digit): a line holds
    /// about 1.15 times the width in characters, less one for the cell's padding.
    public static func count(_ text: String, width: Double) -> Int {
        let perLine = max(1, Int((width * 1.15).rounded(.down)) - 1)
        return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, line in
            sum + TextTable.wrapText(String(line), width: perLine).count
        }
    }

    /// The height of a row whose wrapped cells have these line counts (at least one line).
    public static func height(_ lines: Int) -> Double { Double(max(1, lines)) * lineHeight }
}
