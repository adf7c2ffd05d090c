import Foundation
import ReadinessCore

/// A report document as an .xlsx workbook: the sections without a sheet of their own on a first summary
/// sheet, every other section on its sheet; tables with a styled header, numbers as numbers, met and short
/// cells coloured, the header row frozen and filters where the table asks for them.
public enum XlsxReport {
    static let title = XlsxStyle(bold: true)
    static let good = XlsxStyle(background: 0xC6EFCE, border: true)
    static let bad = XlsxStyle(background: 0xFFC7CE, border: true)
    static let warning = XlsxStyle(background: 0xFFEB9C, border: true)
    static let cell = XlsxStyle(wrap: true, border: true)

    static func style(_ cell: ReportCell) -> XlsxStyle {
        var s: XlsxStyle = switch cell.tone {
        case .good: good
        case .bad: bad
        case .warning: warning
        case nil: Self.cell
        }
        if case .percent = cell.value { s.numberFormat = "0.00%" }
        if case .decimal(_, let places) = cell.value { s.numberFormat = places > 0 ? "0." + String(repeating: "0", count: places) : "0" }
        if case .text = cell.value { s.wrap = true }
        if case .date = cell.value { s.numberFormat = "dd/mm/yyyy" }
        return s
    }

    /// The document as the bytes of an .xlsx file.
    public static func render(_ document: ReportDocument) throws(XlsxError) -> RenderedReport {
        RenderedReport(bytes: try XlsxWorkbook.bytes { fill($0, with: document) }, format: .xlsx)
    }

    /// Writes the document's sheets into `book`.
    static func fill(_ book: XlsxWorkbook, with document: ReportDocument) {
        var order: [String] = [Phrase("Summary").text(document.language)]
        var sheets: [String: [ReportSection]] = [:]
        for section in document.sections where section.shown(in: .xlsx) {
            let name = section.sheet.map { uniqueSheetName($0, taken: order, same: sheets[XlsxWorkbook.sheetName($0)] != nil) } ?? order[0]
            if sheets[name] == nil, name != order[0] { order.append(name) }
            sheets[name, default: []].append(section)
        }
        for name in order {
            let sheet = book.addSheet(name)
            var row = 0
            if name == order[0] {
                sheet.write(row, 0, document.title, title); row += 1
                for line in document.subtitle { sheet.write(row, 0, line); row += 1 }
                row += 1
            }
            var widths: [Int: Double] = [0: 12]
            var frozen = false
            for section in sheets[name] ?? [] {
                sheet.write(row, 0, section.title, title); row += 1
                for block in section.blocks {
                    switch block {
                    case .paragraph(let p): sheet.write(row, 0, p); row += 1
                    case .list(let heading, let names):
                        sheet.write(row, 0, heading, title); row += 1
                        for n in names { sheet.write(row, 0, n); row += 1 }
                    case .chart(let c):
                        row = chart(c, on: sheet, at: row, language: document.language)
                    case .figure: break
                    case .table(let t):
                        for (i, c) in t.columns.enumerated() {
                            sheet.write(row, i, c.title, .header)
                            widths[i] = max(widths[i] ?? 0, c.sheetWidth)
                        }
                        let header = row
                        row += 1
                        for cells in t.rows {
                            for (i, c) in cells.enumerated() {
                                switch c.value {
                                case .text(let s): sheet.write(row, i, s, style(c))
                                case .int(let n): sheet.write(row, i, n, style(c))
                                case .decimal(let x, _), .percent(let x): sheet.write(row, i, x, style(c))
                                case .date(let d): sheet.write(row, i, d.daysSinceEpoch + 25_569, style(c))   // Excel's serial day
                                case .empty: sheet.blank(row, i, style(c))
                                }
                            }
                            row += 1
                        }
                        if !frozen, name != order[0] {
                            sheet.freeze(rows: header + 1, cols: t.frozenColumns)
                            frozen = true
                        }
                        if t.filter, !t.rows.isEmpty {
                            sheet.autofilter(firstRow: header, firstCol: 0, lastRow: row - 1, lastCol: t.columns.count - 1)
                        }
                    }
                }
                row += 1
            }
            for (col, w) in widths { sheet.column(col, col, width: w) }
        }
    }

    /// The chart's numbers as rows (label, value[, earlier value], caption), and a native chart of them
    /// beside. Returns the next free row.
    static func chart(_ c: ReportChart, on sheet: XlsxSheet, at start: Int, language: Language) -> Int {
        var row = start
        sheet.write(row, 0, c.title, title)
        row += 1
        let first = row
        let change = c.kind == .change
        for bar in c.bars {
            sheet.write(row, 0, bar.label)
            sheet.write(row, 1, bar.value)
            if change { sheet.write(row, 2, bar.before ?? 0) }
            sheet.write(row, change ? 3 : 2, bar.caption)
            row += 1
        }
        guard row > first else { return row }
        let later = c.legend.count > 1 ? c.legend[1] : c.title
        var series = [XlsxChartSeries(name: change ? later : c.title, column: 1, color: 0x1F5FA8)]
        if change { series.insert(XlsxChartSeries(name: c.legend.first ?? "", column: 2, color: 0x9E9E9E), at: 0) }
        sheet.insertChart(c.kind == .columns ? .column : .bar, title: c.title, rows: first...(row - 1), categoryColumn: 0,
                          series: series, at: start, change ? 5 : 4, scale: (1.4, c.bars.count > 8 ? 1.3 : 1))
        // Keep the rows below clear of the chart (about 20 rows at this scale).
        return max(row, start + (c.bars.count > 8 ? 21 : 16))
    }

    static func uniqueSheetName(_ wanted: String, taken: [String], same: Bool) -> String {
        let base = XlsxWorkbook.sheetName(wanted)
        if same || !taken.contains(base) { return base }
        var n = 2
        while taken.contains(XlsxWorkbook.sheetName(String(wanted.prefix(27)) + " (\(n))")) { n += 1 }
        return XlsxWorkbook.sheetName(String(wanted.prefix(27)) + " (\(n))")
    }
}
