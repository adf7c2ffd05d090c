import ReadinessCore

extension XlsxStyle {
    /// Whole VND with thousands grouped (Excel applies the reader's separators).
    static let vnd = XlsxStyle(numberFormat: "#,##0", border: true)
    static let vndTotal = XlsxStyle(bold: true, numberFormat: "#,##0", border: true)
    static let cell = XlsxStyle(border: true)
    static let bold = XlsxStyle(bold: true)
}

extension PlanReport {
    /// The plan as a workbook: by item and by priority line, amounts and totals as formulas.
    func fillWorkbook(_ book: XlsxWorkbook) {
        let h = header()
        // Sheet 1: by item (the budget-request table).
        let items = book.addSheet(t("By item"))
        var row = 0
        for line in h { items.write(row, 0, line, row == 0 ? .bold : .plain); row += 1 }
        row += 1
        func itemTable(_ sheet: XlsxSheet, _ title: String, _ rows: [ItemRow], at start: Int) -> Int {
            var r = start
            sheet.write(r, 0, title, .bold); r += 1
            for (c, text) in itemTableHeaders.enumerated() { sheet.write(r, c, text, .header) }
            r += 1
            let first = r
            for (i, item) in rows.enumerated() {
                sheet.write(r, 0, i + 1, .cell)
                sheet.write(r, 1, item.name, .cell)
                sheet.write(r, 2, item.unit, .cell)
                sheet.write(r, 3, item.quantity, .cell)
                sheet.write(r, 4, item.unitPrice, .vnd)
                sheet.formula(r, 5, "=D\(r + 1)*E\(r + 1)", value: Double(item.amount), .vnd)
                r += 1
            }
            sheet.write(r, 1, t("Grand total"), .header)
            let total = rows.reduce(0) { $0 + $1.amount }
            sheet.formula(r, 5, rows.isEmpty ? "=0" : "=SUM(F\(first + 1):F\(r))", value: Double(total), .vndTotal)
            return r + 2
        }
        if plan.phases.isEmpty {
            row = itemTable(items, t("A. By item"), byItem(plan.lines), at: row)
        } else {
            for (i, p) in plan.phases.enumerated() {
                row = itemTable(items, phaseTitle(i, p.phase.name), byItem(p.lines), at: row)
            }
        }
        row = itemTable(items, t("D. Left unfunded"), byItem(plan.unfunded), at: row)
        items.column(0, 0, width: 6)
        items.column(1, 1, width: 48)
        items.column(2, 3, width: 11)
        items.column(4, 5, width: 18)

        // Sheet 2: every line in priority order, with its score.
        let lines = book.addSheet(t("Lines by commune"))
        let headers = [t("No."), t("Code"), t("Commune"), t("Criterion"), t("Equipment"), t("Buy"), t("Unit price (VND)"), t("Repair"),
                       t("Repair price (VND)"), t("Amount (VND)"), t("Score"), t("Score parts"), t("Funded")]
        for (c, text) in headers.enumerated() { lines.write(0, c, text, .header) }
        var r = 1
        for (funded, group) in [(true, plan.lines), (false, plan.unfunded)] {
            for l in group {
                lines.write(r, 0, r, .cell)
                lines.write(r, 1, l.commune.code, .cell)
                lines.write(r, 2, l.commune.name, .cell)
                lines.write(r, 3, l.rule.id, .cell)
                lines.write(r, 4, itemName(l.item), .cell)
                lines.write(r, 5, l.buy, .cell)
                lines.write(r, 6, l.unitPrice, .vnd)
                lines.write(r, 7, l.repair, .cell)
                lines.write(r, 8, l.repairPrice, .vnd)
                lines.formula(r, 9, "=F\(r + 1)*G\(r + 1)+H\(r + 1)*I\(r + 1)", value: Double(l.cost), .vnd)
                lines.write(r, 10, (l.score.total * 100).rounded() / 100, .cell)
                lines.write(r, 11, l.score.parts.filter { $0.points != 0 }.map { "\($0.name) \(Style.decimal($0.points, places: 2, language))" }.joined(separator: " + "), .cell)
                lines.write(r, 12, t(funded ? "funded" : "not funded"), .cell)
                r += 1
            }
        }
        let fundedEnd = plan.lines.count + 1
        lines.write(r, 4, t("Funded total"), .header)
        lines.formula(r, 9, plan.lines.isEmpty ? "=0" : "=SUM(J2:J\(fundedEnd))", value: Double(plan.spent), .vndTotal)
        lines.write(r + 1, 4, t("Unfunded"), .header)
        lines.formula(r + 1, 9, plan.unfunded.isEmpty ? "=0" : "=SUM(J\(fundedEnd + 1):J\(r))", value: Double(plan.unfundedCost), .vndTotal)
        lines.freeze(rows: 1, cols: 0)
        if r > 1 { lines.autofilter(firstRow: 0, firstCol: 0, lastRow: r - 1, lastCol: headers.count - 1) }
        lines.column(2, 2, width: 24)
        lines.column(4, 4, width: 36)
        lines.column(6, 9, width: 16)
        lines.column(11, 11, width: 60)
    }
}
