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

    /// "Trang &P/&N": the page footer, with Excel's fields for the page and the count.
    static func footer(_ language: Language) -> String { Phrase("Page &P of &N").text(language) }

    /// Writes the document's sheets into `book`, each set up to print (`SheetWriter`).
    static func fill(_ book: XlsxWorkbook, with document: ReportDocument) {
        var order: [String] = [Phrase("Summary").text(document.language)]
        var sheets: [String: [ReportSection]] = [:]
        for section in document.sections where section.shown(in: .xlsx) {
            let name = section.sheet.map { uniqueSheetName($0, taken: order, same: sheets[XlsxWorkbook.sheetName($0)] != nil) } ?? order[0]
            if sheets[name] == nil, name != order[0] { order.append(name) }
            sheets[name, default: []].append(section)
        }
        for name in order {
            let sections = sheets[name] ?? []
            let tables = sections.flatMap { $0.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
            let hasChart = sections.contains { $0.blocks.contains { if case .chart = $0 { true } else { false } } }
            // The printed columns: as wide as the widest table asks, column by column.
            var widths: [Double] = []
            for t in tables {
                for (i, c) in t.columns.enumerated() {
                    if i < widths.count { widths[i] = max(widths[i], c.sheetWidth) } else { widths.append(c.sheetWidth) }
                }
            }
            // A sheet of texts and charts only is one wide column.
            if widths.isEmpty { widths = [90] } else if widths.reduce(0, +) < 60 { widths[widths.count - 1] += 60 - widths.reduce(0, +) }
            let w = SheetWriter(book.addSheet(name), widths: widths)
            if name == order[0] {
                w.text(document.title, title)
                for line in document.subtitle { w.text(line) }
                w.skip()
            }
            var frozen = false
            var repeatRows: ClosedRange<Int>?
            for section in sections {
                w.text(section.title, title)
                for block in section.blocks {
                    switch block {
                    case .paragraph(let p): w.text(p)
                    case .list(let heading, let names):
                        w.text(heading, title)
                        if ReportBlock.entriesAreLong(names) { names.forEach { w.text($0) } } else { w.text(names.joined(separator: ", ")) }
                    case .chart(let c): w.chart(c)
                    case .figure: break
                    case .table(let t):
                        let header = w.row
                        for (i, c) in t.columns.enumerated() { w.sheet.write(header, i, c.title, .header) }
                        w.fit(t.columns.enumerated().map { ($0, $1.title) })
                        w.next()
                        for cells in t.rows {
                            for (i, c) in cells.enumerated() {
                                switch c.value {
                                case .text(let s): w.sheet.write(w.row, i, s, style(c))
                                case .int(let n): w.sheet.write(w.row, i, n, style(c))
                                case .decimal(let x, _), .percent(let x): w.sheet.write(w.row, i, x, style(c))
                                case .date(let d): w.sheet.write(w.row, i, d.daysSinceEpoch + 25_569, style(c))   // Excel's serial day
                                case .empty: w.sheet.blank(w.row, i, style(c))
                                }
                            }
                            w.fit(cells.enumerated().compactMap { i, c in if case .text(let s) = c.value { (i, s) } else { nil } })
                            w.next()
                        }
                        if !frozen, name != order[0] {
                            w.sheet.freeze(rows: header + 1, cols: t.frozenColumns)
                            frozen = true
                        }
                        // The header of a sheet's only table is printed on every page (not over a chart's page).
                        if tables.count == 1, !hasChart { repeatRows = header...header }
                        if t.filter, !t.rows.isEmpty {
                            w.sheet.autofilter(firstRow: header, firstCol: 0, lastRow: w.row - 1, lastCol: t.columns.count - 1)
                        }
                    }
                }
                w.skip()
            }
            w.finish(title: document.title, footer: footer(document.language), repeatRows: repeatRows)
        }
    }

    static func uniqueSheetName(_ wanted: String, taken: [String], same: Bool) -> String {
        let base = XlsxWorkbook.sheetName(wanted)
        if same || !taken.contains(base) { return base }
        var n = 2
        while taken.contains(XlsxWorkbook.sheetName(String(wanted.prefix(27)) + " (\(n))")) { n += 1 }
        return XlsxWorkbook.sheetName(String(wanted.prefix(27)) + " (\(n))")
    }
}
