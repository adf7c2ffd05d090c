import ReadinessCore

extension XlsxStyle {
    /// Whole VND with thousands grouped (Excel applies the reader's separators).
    static let vnd = XlsxStyle(numberFormat: "#,##0", border: true)
    static let vndTotal = XlsxStyle(bold: true, numberFormat: "#,##0", border: true)
    static let cell = XlsxStyle(border: true)
    static let wrapped = XlsxStyle(wrap: true, border: true)
    static let bold = XlsxStyle(bold: true)
}

extension PlanReport {
    /// The summary sheet's printed columns, in characters: number, name, then four narrower ones and the score.
    static let summaryWidths: [Double] = [5, 36, 10, 14, 16, 17, 9]
    /// The detail sheet's: number, code, commune, criterion, equipment, buy, unit price, repair, repair price,
    /// amount, score, funded.
    static let detailWidths: [Double] = [5, 8, 22, 16, 30, 6, 14, 6, 14, 16, 7, 13]
    /// The score parts' sheet: number, code, commune, criterion, score, its parts.
    static let partsWidths: [Double] = [5, 8, 22, 16, 8, 70]

    /// The plan as a workbook that prints as a budget request: a summary sheet with the sections of the
    /// HTML plan (A by item, B by commune, C priority order, D left unfunded, E readiness reached), the lines
    /// by commune, and the parts of every line's score on a sheet of their own; amounts and totals as formulas.
    func fillWorkbook(_ book: XlsxWorkbook) {
        let title = header()[0]
        let footer = XlsxReport.footer(language)
        summarySheet(book.addSheet(t("By item")), title: title, footer: footer)
        detailSheet(book.addSheet(t("Lines by commune")), title: title, footer: footer)
        partsSheet(book.addSheet(t("Score parts")), title: title, footer: footer)
    }

    func summarySheet(_ sheet: XlsxSheet, title: String, footer: String) {
        let w = SheetWriter(sheet, widths: Self.summaryWidths)
        for (i, line) in header().enumerated() { w.text(line, i == 0 ? .bold : .plain) }
        w.skip()
        func headers(_ titles: [(Int, Int, String)]) {
            for (first, last, text) in titles {
                if first == last { sheet.write(w.row, first, text, .header); w.fit([(first, text)]) } else { w.span(first, last, text, .header) }
            }
            w.next()
        }
        func itemTable(_ heading: String, _ rows: [ItemRow]) {
            w.text(heading, .bold)
            headers(itemTableHeaders.enumerated().map { ($0, $0, $1) })
            let first = w.row
            for (i, item) in rows.enumerated() {
                let r = w.row
                sheet.write(r, 0, i + 1, .cell)
                sheet.write(r, 1, item.name, .wrapped)
                sheet.write(r, 2, item.unit, .wrapped)
                sheet.write(r, 3, item.quantity, .cell)
                sheet.write(r, 4, item.unitPrice, .vnd)
                sheet.formula(r, 5, "=D\(r + 1)*E\(r + 1)", value: Double(item.amount), .vnd)
                w.fit([(1, item.name), (2, item.unit)])
                w.next()
            }
            let r = w.row
            sheet.write(r, 1, t("Grand total"), .header)
            let total = rows.reduce(0) { $0 + $1.amount }
            sheet.formula(r, 5, rows.isEmpty ? "=0" : "=SUM(F\(first + 1):F\(r))", value: Double(total), .vndTotal)
            w.next()
        }
        if plan.phases.isEmpty {
            itemTable(t("A. By item"), byItem(plan.lines))
        } else {
            for (i, p) in plan.phases.enumerated() {
                itemTable(phaseTitle(i, p.phase.name), byItem(p.lines))
                let spent = p.lines.reduce(0) { $0 + $1.cost }
                let budget: Phrase = "Budget \(Money.format(p.phase.budget, language)) · planned \(Money.format(spent, language))"
                w.text(t(p.phase.deadline.map { day -> Phrase in "\(budget) · first rules due by \(Style.date(day, language))" } ?? budget))
            }
        }
        w.skip()

        // B. By commune.
        w.text(t("B. By commune"), .bold)
        headers([(0, 0, t("No.")), (1, 1, t("Commune")), (2, 2, t("Code")), (3, 4, t("Items")), (5, 5, t("Amount (VND)"))])
        let communes = byCommune(plan.lines)
        let firstCommune = w.row
        for (i, c) in communes.enumerated() {
            sheet.write(w.row, 0, i + 1, .cell)
            sheet.write(w.row, 1, c.name, .wrapped)
            sheet.write(w.row, 2, c.code, .cell)
            w.span(3, 4, c.items, .wrapped)
            sheet.write(w.row, 5, c.amount, .vnd)
            w.fit([(1, c.name)])
            w.next()
        }
        w.span(1, 4, t("Grand total (\(Phrase.communes(communes.count)))"), .header)
        sheet.formula(w.row, 5, communes.isEmpty ? "=0" : "=SUM(F\(firstCommune + 1):F\(w.row))", value: Double(plan.spent), .vndTotal)
        w.next()
        w.skip()

        // C. The priority order, with each line's score (its parts are on their own sheet).
        w.text(t("C. Priority order"), .bold)
        headers([(0, 0, t("No.")), (1, 1, t("Commune")), (2, 2, t("Code")), (3, 3, t("Criterion")), (4, 4, t("Have/Need")),
                 (5, 5, t("Amount (VND)")), (6, 6, t("Score"))])
        for (i, l) in plan.lines.enumerated() {
            sheet.write(w.row, 0, i + 1, .cell)
            sheet.write(w.row, 1, l.commune.name, .wrapped)
            sheet.write(w.row, 2, l.commune.code, .cell)
            sheet.write(w.row, 3, l.rule.id, .wrapped)
            sheet.write(w.row, 4, "\(l.have)/\(l.need)", .cell)
            sheet.write(w.row, 5, l.cost, .vnd)
            sheet.write(w.row, 6, (l.score.total * 100).rounded() / 100, XlsxStyle(numberFormat: "0.00", border: true))
            w.fit([(1, l.commune.name), (3, l.rule.id)])
            w.next()
        }
        w.text(t("The parts of each score are on the sheet \(t("Score parts"))."))
        w.skip()

        itemTable(t("D. Left unfunded"), byItem(plan.unfunded))
        let unfundedLines = Phrase.reportCount(plan.unfunded.count, "line")
        let unfundedCommunes = Phrase.communes(Set(plan.unfunded.map(\.commune.code)).count)
        w.text(t("\(unfundedLines) in \(unfundedCommunes) left unfunded, needing \(Money.format(plan.unfundedCost, language)) more (\(Money.millions(plan.unfundedCost, language)))."))
        for u in plan.unpriced {
            w.text(t("No price, not costed: \(itemName(u.item)) (\(u.item)) in \(Phrase.communes(u.communes))."))
        }
        for u in plan.unjudged {
            w.text(t("Not costed for lack of registry data: \(u.rule.name[language]) in \(Phrase.communes(u.communes))."))
        }
        w.skip()

        // E. Readiness reached.
        w.text(t("E. Readiness reached"), .bold)
        headers([(0, 3, t("Measure")), (4, 4, t("Today")), (5, 5, t("After the plan"))])
        for measure in readinessRows() {
            w.span(0, 3, measure[0], .wrapped)
            sheet.write(w.row, 4, measure[1], .cell)
            sheet.write(w.row, 5, measure[2], .cell)
            w.next()
        }
        w.text(t("Cost of closing every priced gap: \(Money.format(plan.closeAllCost, language)) (\(Money.millions(plan.closeAllCost, language)))."))
        w.finish(title: title, footer: footer)
    }

    /// Every line in priority order, funded first, with its amount as a formula.
    func detailSheet(_ sheet: XlsxSheet, title: String, footer: String) {
        let w = SheetWriter(sheet, widths: Self.detailWidths)
        let headers = [t("No."), t("Code"), t("Commune"), t("Criterion"), t("Equipment"), t("Buy"), t("Unit price (VND)"), t("Repair"),
                       t("Repair price (VND)"), t("Amount (VND)"), t("Score"), t("Funded")]
        for (c, text) in headers.enumerated() { sheet.write(0, c, text, .header) }
        w.fit(headers.enumerated().map { ($0, $1) })
        w.next()
        for (funded, group) in [(true, plan.lines), (false, plan.unfunded)] {
            for l in group {
                let r = w.row
                sheet.write(r, 0, r, .cell)
                sheet.write(r, 1, l.commune.code, .cell)
                sheet.write(r, 2, l.commune.name, .wrapped)
                sheet.write(r, 3, l.rule.id, .wrapped)
                sheet.write(r, 4, itemName(l.item), .wrapped)
                sheet.write(r, 5, l.buy, .cell)
                sheet.write(r, 6, l.unitPrice, .vnd)
                sheet.write(r, 7, l.repair, .cell)
                sheet.write(r, 8, l.repairPrice, .vnd)
                sheet.formula(r, 9, "=F\(r + 1)*G\(r + 1)+H\(r + 1)*I\(r + 1)", value: Double(l.cost), .vnd)
                sheet.write(r, 10, (l.score.total * 100).rounded() / 100, .cell)
                sheet.write(r, 11, t(funded ? "funded" : "not funded"), .wrapped)
                w.fit([(2, l.commune.name), (3, l.rule.id), (4, itemName(l.item)), (11, t(funded ? "funded" : "not funded"))])
                w.next()
            }
        }
        let r = w.row
        let fundedEnd = plan.lines.count + 1
        w.span(2, 8, t("Funded total"), .header)
        sheet.formula(r, 9, plan.lines.isEmpty ? "=0" : "=SUM(J2:J\(fundedEnd))", value: Double(plan.spent), .vndTotal)
        w.next()
        w.span(2, 8, t("Unfunded"), .header)
        sheet.formula(r + 1, 9, plan.unfunded.isEmpty ? "=0" : "=SUM(J\(fundedEnd + 1):J\(r))", value: Double(plan.unfundedCost), .vndTotal)
        w.next()
        sheet.freeze(rows: 1, cols: 0)
        if r > 1 { sheet.autofilter(firstRow: 0, firstCol: 0, lastRow: r - 1, lastCol: headers.count - 1) }
        w.finish(title: title, footer: footer, repeatRows: 0...0)
    }

    /// Why each line ranks where it does: its score and the named parts that make it.
    func partsSheet(_ sheet: XlsxSheet, title: String, footer: String) {
        let w = SheetWriter(sheet, widths: Self.partsWidths)
        let headers = [t("No."), t("Code"), t("Commune"), t("Criterion"), t("Score"), t("Score parts")]
        for (c, text) in headers.enumerated() { sheet.write(0, c, text, .header) }
        w.fit(headers.enumerated().map { ($0, $1) })
        w.next()
        for l in plan.lines + plan.unfunded {
            let r = w.row
            let parts = l.score.parts.filter { $0.points != 0 }.map { "\($0.name) \(Style.decimal($0.points, places: 2, language))" }
                .joined(separator: " + ")
            sheet.write(r, 0, r, .cell)
            sheet.write(r, 1, l.commune.code, .cell)
            sheet.write(r, 2, l.commune.name, .wrapped)
            sheet.write(r, 3, l.rule.id, .wrapped)
            sheet.write(r, 4, (l.score.total * 100).rounded() / 100, .cell)
            sheet.write(r, 5, parts, .wrapped)
            w.fit([(2, l.commune.name), (3, l.rule.id), (5, parts)])
            w.next()
        }
        sheet.freeze(rows: 1, cols: 0)
        w.finish(title: title, footer: footer, repeatRows: 0...0)
    }
}
