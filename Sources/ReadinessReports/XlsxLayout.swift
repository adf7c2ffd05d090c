import ReadinessCore

/// Writes one sheet from top to bottom so that it prints well: texts wrapped across the printed columns,
/// every row as tall as its wrapped text, charts kept whole on a page, and the page set up at the end
/// (`XlsxPrintSetup`: A4, orientation by the columns' width, one page wide, header rows repeated).
///
/// Row heights are set on every row, so that the pages a spreadsheet program lays out are the pages
/// counted here; page breaks are placed before a chart that would otherwise be cut by a page's end.
final class SheetWriter {
    let sheet: XlsxSheet
    /// Widths of the printed columns, in characters (Calibri 11 digits).
    let widths: [Double]
    /// The next free row.
    private(set) var row = 0
    private var heights: [Int: Double] = [:]
    /// Rows that stay on one page: a chart with its title.
    private var together: [ClosedRange<Int>] = []
    /// Where the numbers charts draw go: to the right of the printed columns, with a gap.
    private var dataRow = 0
    var dataColumn: Int { widths.count + 1 }

    init(_ sheet: XlsxSheet, widths: [Double]) {
        self.sheet = sheet
        self.widths = widths.isEmpty ? [90] : widths
    }

    var lastColumn: Int { widths.count - 1 }
    var totalWidth: Double { widths.reduce(0, +) }

    func skip(_ rows: Int = 1) { row += rows }

    /// A row's height for its wrapped lines (one line: the usual 15 points).
    func height(_ r: Int, lines: Int) {
        heights[r] = max(heights[r] ?? XlsxLines.lineHeight, XlsxLines.height(lines))
    }

    /// A text across the printed columns, wrapped, its row as tall as its lines.
    func text(_ s: String, _ style: XlsxStyle = .plain) {
        var wrapped = style
        wrapped.wrap = true
        sheet.merged(row, 0, lastColumn, s, wrapped)
        height(row, lines: XlsxLines.count(s, width: totalWidth))
        row += 1
    }

    /// A text across columns `first`…`last` of the current row, wrapped (without moving to the next row).
    func span(_ first: Int, _ last: Int, _ s: String, _ style: XlsxStyle) {
        var wrapped = style
        wrapped.wrap = true
        let last = min(max(first, last), lastColumn)
        sheet.merged(row, first, last, s, wrapped)
        height(row, lines: XlsxLines.count(s, width: widths[first...last].reduce(0, +)))
    }

    /// Makes the current row as tall as the longest of these texts wrapped in their columns.
    func fit(_ cells: [(column: Int, text: String)]) {
        let lines = cells.map { c in c.column < widths.count ? XlsxLines.count(c.text, width: widths[c.column]) : 1 }.max() ?? 1
        height(row, lines: lines)
    }

    /// Moves to the next row.
    func next() { row += 1 }

    /// A native chart of rows written to the right of the printed columns (label, value[, earlier value]),
    /// drawn across the printed width under its title, kept whole on one page.
    func chart(_ c: ReportChart) {
        let first = row
        text(c.title, XlsxReport.title)
        // The numbers, outside the print area: a title row, then one row per bar.
        let change = c.kind == .change
        let col = dataColumn
        sheet.write(dataRow, col, c.title, XlsxReport.title)
        dataRow += 1
        let firstData = dataRow
        for bar in c.bars {
            sheet.write(dataRow, col, bar.label)
            sheet.write(dataRow, col + 1, bar.value)
            if change { sheet.write(dataRow, col + 2, bar.before ?? 0) }
            sheet.write(dataRow, col + (change ? 3 : 2), bar.caption)
            dataRow += 1
        }
        defer { dataRow += 1 }
        guard dataRow > firstData else { return }
        let later = c.legend.count > 1 ? c.legend[1] : c.title
        var series = [XlsxChartSeries(name: change ? later : c.title, column: col + 1, color: 0x1F5FA8)]
        if change { series.insert(XlsxChartSeries(name: c.legend.first ?? "", column: col + 2, color: 0x9E9E9E), at: 0) }
        // libxlsxwriter's chart is 480 × 288 pixels at scale 1; a column is `width × 7 + 5` pixels, a row 20.
        let pixels = widths.reduce(0) { $0 + $1 * 7 + 5 }
        let tall = c.bars.count > 8 ? 1.4 : 1.0
        let xScale = min(pixels, 1_000) / 480
        sheet.insertChart(c.kind == .columns ? .column : .bar, title: c.title, rows: firstData...(dataRow - 1), categoryColumn: col,
                          series: series, at: row, 0, scale: (xScale, tall), maximum: c.kind == .columns ? nil : c.maximum)
        let rows = Int((288 * tall / 20).rounded(.up)) + 1
        row += rows
        together.append(first...(row - 1))
    }

    /// The height of a row, in points.
    func heightOf(_ r: Int) -> Double { heights[r] ?? XlsxLines.lineHeight }

    /// Page breaks before the charts that would otherwise cross a page's end, given the pages' height at the
    /// scale that fits the columns to the page's width, and the header rows every page repeats.
    func breaks(landscape: Bool, repeatRows: ClosedRange<Int>?) -> [Int] {
        // A4 less the margins of `XlsxSheet.printSetup`, in points: 0.6 in left and right, 0.75 in top and bottom.
        let pageWidth = (landscape ? 11.69 : 8.27) * 72 - 1.2 * 72
        let pageHeight = (landscape ? 8.27 : 11.69) * 72 - 1.5 * 72
        let columns = widths.reduce(0) { $0 + ($1 * 7 + 5) * 0.75 }
        let scale = min(1, pageWidth / columns)
        // A little kept back for the ways programs round heights and scales.
        let capacity = pageHeight / scale * 0.93
        let repeated = repeatRows.map { $0.reduce(0) { $0 + heightOf($1) } } ?? 0
        var breaks: [Int] = [], used = 0.0, r = 0
        while r < row {
            if let block = together.first(where: { $0.lowerBound == r }) {
                let h = block.reduce(0) { $0 + heightOf($1) }
                if used > repeated, used + h > capacity, h <= capacity - repeated {
                    breaks.append(r)
                    used = repeated
                }
                used += h
                while used > capacity { used -= capacity - repeated }
                r = block.upperBound + 1
                continue
            }
            let h = heightOf(r)
            if used + h > capacity { used = repeated }
            used += h
            r += 1
        }
        return breaks
    }

    /// Sets every row's height and the columns' widths, and how the sheet prints.
    func finish(title: String, footer: String, repeatRows: ClosedRange<Int>? = nil) {
        for r in 0..<max(row, 1) { sheet.rowHeight(r, points: heightOf(r)) }
        for (i, w) in widths.enumerated() { sheet.column(i, i, width: w) }
        if dataRow > 0 {
            sheet.column(dataColumn, dataColumn, width: 40)
            sheet.column(dataColumn + 1, dataColumn + 3, width: 12)
        }
        let landscape = XlsxPrintSetup.landscape(widths: widths)
        sheet.pageBreaks(before: breaks(landscape: landscape, repeatRows: repeatRows))
        sheet.printSetup(XlsxPrintSetup(title: title, footer: footer, landscape: landscape, repeatRows: repeatRows,
                                        lastRow: max(0, row - 1), lastColumn: lastColumn))
    }
}
