import Foundation
import ReadinessCore

/// A procurement plan laid out for a budget request (khái toán kinh phí): by item, by commune,
/// the lines in priority order with the parts of their score, what stays unfunded, and the
/// readiness reached compared with today.
public struct PlanReport {
    public var plan: Plan
    public var catalog: Catalog
    public var checklist: Checklist
    public var language: Language
    /// Where the prices and the policy come from, shown in the header.
    public var pricesSource: String
    public var policySource: String
    /// Width of the terminal tables; long cells wrap within their column.
    public var width = 120

    /// The provinces of the communes planned for (for the checklist's title).
    public var provinces: [String] = []

    public init(plan: Plan, catalog: Catalog, checklist: Checklist, language: Language = .vi,
                pricesSource: String = "", policySource: String = "", provinces: [String] = []) {
        self.provinces = provinces
        self.plan = plan
        self.catalog = catalog
        self.checklist = checklist
        self.language = language
        self.pricesSource = pricesSource
        self.policySource = policySource
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    /// One row of the by-item table: buying or repairing one kind of item.
    public struct ItemRow: Hashable, Sendable {
        public var item: String
        public var repair: Bool
        public var name: String
        public var unit: String
        public var quantity: Int
        public var unitPrice: Int
        public var amount: Int { quantity * unitPrice }
    }

    /// Lines summed by item, in catalogue order, new units before repairs.
    public func byItem(_ lines: [Candidate]) -> [ItemRow] {
        var rows: [String: ItemRow] = [:]
        for line in lines {
            let kind = catalog.item(line.item)
            let name = PlanReport.capitalised(kind?.name[language] ?? line.item)
            let unit = kind?.unit[language] ?? ""
            if line.buy > 0 {
                rows[line.item + "|0", default: ItemRow(item: line.item, repair: false, name: name, unit: unit, quantity: 0,
                                                         unitPrice: line.unitPrice)].quantity += line.buy
            }
            if line.repair > 0 {
                rows[line.item + "|1", default: ItemRow(item: line.item, repair: true, name: t("Repair: \(name)"),
                                                         unit: unit, quantity: 0, unitPrice: line.repairPrice)].quantity += line.repair
            }
        }
        let order = Dictionary(catalog.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.values.sorted { ((order[$0.item] ?? 999), $0.item, $0.repair ? 1 : 0) < ((order[$1.item] ?? 999), $1.item, $1.repair ? 1 : 0) }
    }

    /// One row of the by-commune table.
    public struct CommuneRow: Hashable, Sendable {
        public var code: String
        public var name: String
        public var items: String
        public var amount: Int
    }

    public func byCommune(_ lines: [Candidate]) -> [CommuneRow] {
        var grouped: [String: [Candidate]] = [:]
        for line in lines { grouped[line.commune.code, default: []].append(line) }
        return grouped.keys.sorted().map { code in
            let group = (grouped[code] ?? []).sorted { $0.ruleIndex < $1.ruleIndex }
            let items = group.map { quantityText($0) }.joined(separator: "; ")
            return CommuneRow(code: code, name: group[0].commune.name, items: items, amount: group.reduce(0) { $0 + $1.cost })
        }
    }

    func itemName(_ id: String) -> String { catalog.item(id)?.name[language] ?? id }

    /// "Queue-number machine": item names start a table cell with a capital, as in a budget request.
    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// "Máy lấy số xếp hàng tự động × 1 (sửa 1)"
    func quantityText(_ line: Candidate) -> String {
        var parts: [String] = []
        if line.buy > 0 { parts.append(t("buy \(line.buy)")) }
        if line.repair > 0 { parts.append(t("repair \(line.repair)")) }
        return "\(itemName(line.item)): " + parts.joined(separator: ", ")
    }

    func money(_ n: Int) -> String { Style.integer(n, language) }

    /// "1+2+1+1+0,4" — the score's parts in order, then bonuses.
    func scoreText(_ s: Score) -> String {
        Style.decimal(s.total, places: 2, language) + " = "
            + s.parts.filter { $0.points != 0 }.map { "\($0.name) \(Style.decimal($0.points, places: 2, language))" }.joined(separator: " + ")
    }

    /// The headers of a by-item table: number, item, unit, quantity, unit price, amount.
    var itemTableHeaders: [String] {
        [t("No."), t("Item name"), t("Unit"), t("Quantity"), t("Unit price (VND)"), t("Amount (VND)")]
    }

    /// "A1. Phase 1": the title of a phase's by-item table.
    func phaseTitle(_ i: Int, _ name: String) -> String { t("A\(i + 1). Phase \(name)") }

    func methodText() -> String {
        switch plan.method {
        case .dynamicProgramming: t("exact optimum (dynamic programming)")
        case .branchAndBound: t("exact optimum (branch and bound)")
        case .bestFound(let bound):
            t("best plan found; at most \(Style.decimal(Double(bound - plan.value) / 100, places: 2, language)) points below the optimum")
        }
    }

    func header() -> [String] {
        var out = [
            t("Procurement plan (cost estimate) — \(checklist.title(language, provinces: provinces))"),
            t("As of \(Style.date(plan.asOf, language)) · budget \(Money.format(plan.budget, language)) · planned \(Money.format(plan.spent, language)) · left \(Money.format(plan.budget - plan.spent, language))"),
            t("Selection: \(methodText())"),
        ]
        if !pricesSource.isEmpty {
            out.append(t("Prices: \(pricesSource) — illustrative, not official prices; replace them with quotations before submitting."))
        }
        if !policySource.isEmpty { out.append(t("Priority policy: \(policySource)")) }
        return out
    }

    // MARK: Rendering

    /// The plan in a format: JSON, CSV and the workbook (amounts as formulas) in their own shapes, the
    /// others from the document.
    public func render(_ format: ReportFormat) throws(XlsxError) -> RenderedReport {
        switch format {
        case .table: try document().render(.table, width: width)
        case .json: RenderedReport(text: json().render() + "\n", format: format)
        case .csv: RenderedReport(text: csv(), format: format)
        case .md, .html, .pdf: try document().render(format)
        case .xlsx: RenderedReport(bytes: try XlsxWorkbook.bytes(fillWorkbook), format: format)
        }
    }

    struct Section {
        var title: String
        var headers: [String]
        var rightAligned: Set<Int>
        var rows: [[String]]
        var notes: [String] = []
        /// Each column's share of the width (characters of a spreadsheet; a page shares it the same way).
        var widths: [Double] = []

        var reportSection: ReportSection {
            let columns = headers.enumerated().map { i, h in
                ReportColumn(h, key: h, numeric: rightAligned.contains(i),
                             sheetWidth: i < widths.count ? widths[i] : (rightAligned.contains(i) ? 16 : 30))
            }
            let table = ReportTable(columns, rows: rows.map { $0.map { ReportCell.text($0) } })
            return ReportSection(title, [.table(table)] + notes.map(ReportBlock.paragraph))
        }
    }

    func sections() -> [Section] {
        var result: [Section] = []
        let itemHeaders = itemTableHeaders
        func itemSection(_ title: String, _ lines: [Candidate]) -> Section {
            let rows = byItem(lines)
            var table = rows.enumerated().map { i, r in [String(i + 1), r.name, r.unit, String(r.quantity), money(r.unitPrice), money(r.amount)] }
            table.append(["", t("Grand total"), "", "", "", money(rows.reduce(0) { $0 + $1.amount })])
            return Section(title: title, headers: itemHeaders, rightAligned: [0, 3, 4, 5], rows: table, widths: [5, 40, 10, 9, 14, 16])
        }
        if plan.phases.isEmpty {
            result.append(itemSection(t("A. By item"), plan.lines))
        } else {
            for (i, p) in plan.phases.enumerated() {
                let spent = p.lines.reduce(0) { $0 + $1.cost }
                var s = itemSection(phaseTitle(i, p.phase.name), p.lines)
                let budget: Phrase = "Budget \(Money.format(p.phase.budget, language)) · planned \(Money.format(spent, language))"
                s.notes.append(t(p.phase.deadline.map { day -> Phrase in "\(budget) · first rules due by \(Style.date(day, language))" } ?? budget))
                result.append(s)
            }
        }
        let communes = byCommune(plan.lines)
        var communeRows = communes.enumerated().map { i, r in [String(i + 1), r.code, r.name, r.items, money(r.amount)] }
        communeRows.append(["", "", t("Grand total (\(Phrase.communes(communes.count)))"), "", money(plan.spent)])
        result.append(Section(title: t("B. By commune"),
                              headers: [t("No."), t("Code"), t("Commune"), t("Items"), t("Amount (VND)")],
                              rightAligned: [0, 4], rows: communeRows, widths: [5, 7, 20, 48, 15]))
        result.append(Section(title: t("C. Priority order (score and its parts)"),
                              headers: [t("No."), t("Code"), t("Commune"), t("Criterion"), t("Have/Need"), t("Amount (VND)"), t("Score")],
                              rightAligned: [0, 4, 5],
                              rows: plan.lines.enumerated().map { i, l in
                                  [String(i + 1), l.commune.code, l.commune.name, l.rule.id, "\(l.have)/\(l.need)", money(l.cost), scoreText(l.score)]
                              }, widths: [5, 7, 18, 14, 8, 13, 35]))
        var unfunded = itemSection(t("D. Left unfunded"), plan.unfunded)
        let unfundedLines = Phrase.reportCount(plan.unfunded.count, "line")
        let unfundedCommunes = Phrase.communes(Set(plan.unfunded.map(\.commune.code)).count)
        unfunded.notes.append(t("\(unfundedLines) in \(unfundedCommunes) left unfunded, needing \(Money.format(plan.unfundedCost, language)) more (\(Money.millions(plan.unfundedCost, language)))."))
        for u in plan.unpriced {
            unfunded.notes.append(t("No price, not costed: \(itemName(u.item)) (\(u.item)) in \(Phrase.communes(u.communes))."))
        }
        for u in plan.unjudged {
            unfunded.notes.append(t("Not costed for lack of registry data: \(u.rule.name[language]) in \(Phrase.communes(u.communes))."))
        }
        result.append(unfunded)
        let readiness = readinessRows()
        var r = Section(title: t("E. Readiness reached"),
                        headers: [t("Measure"), t("Today"), t("After the plan")],
                        rightAligned: [1, 2], rows: readiness, widths: [60, 15, 15])
        r.notes.append(t("Cost of closing every priced gap: \(Money.format(plan.closeAllCost, language)) (\(Money.millions(plan.closeAllCost, language)))."))
        result.append(r)
        return result
    }

    /// Section E's rows: a measure, today, after the plan.
    func readinessRows() -> [[String]] {
        let b = plan.before, a = plan.after
        var readiness: [[String]] = [
            [t("Rules met (commune × rule)"), "\(b.rulesMet)/\(b.rulesApplicable)", "\(a.rulesMet)/\(a.rulesApplicable)"],
            [t("Communes fully ready"), "\(b.communesFullyReady)/\(b.communes)", "\(a.communesFullyReady)/\(a.communes)"],
            [t("Classes (fully / partly / not met)"),
             ReadinessClass.allCases.map { String(b.classes[$0] ?? 0) }.joined(separator: "/"),
             ReadinessClass.allCases.map { String(a.classes[$0] ?? 0) }.joined(separator: "/")],
        ]
        for (x, y) in zip(b.shortByRule, a.shortByRule) where x.short > 0 {
            readiness.append([x.rule.gapLine(short: x.short, total: x.total, language: language).replacingOccurrences(of: "\(x.short)/\(x.total) ", with: ""),
                              "\(x.short)/\(x.total)", "\(y.short)/\(y.total)"])
        }
        return readiness
    }

    /// The plan as a report document: the same renderers as every other report draw its text, Markdown and HTML.
    public func document() -> ReportDocument {
        let h = header()
        return ReportDocument(title: h[0], subtitle: Array(h.dropFirst()), language: language,
                              sections: sections().map(\.reportSection))
    }

    func lineJSON(_ l: Candidate) -> JSONValue {
        [
            "commune_code": .string(l.commune.code),
            "commune": .string(l.commune.name),
            "rule": .string(l.rule.id),
            "item": .string(l.item),
            "have": .int(l.have),
            "need": .int(l.need),
            "quantity": .int(l.buy),
            "unit_price": .int(l.unitPrice),
            "repair_quantity": .int(l.repair),
            "repair_price": .int(l.repairPrice),
            "amount": .int(l.cost),
            "score": .double((l.score.total * 100).rounded() / 100),
            "score_parts": .object(l.score.parts.map { ($0.name, .double(($0.points * 100).rounded() / 100)) }),
        ]
    }

    func tallyJSON(_ t: ReadinessTally) -> JSONValue {
        [
            "rules_met": .int(t.rulesMet),
            "rules_applicable": .int(t.rulesApplicable),
            "communes_fully_ready": .int(t.communesFullyReady),
            "communes": .int(t.communes),
            "classes": .object(ReadinessClass.allCases.map { ($0.rawValue, .int(t.classes[$0] ?? 0)) }),
            "short_by_rule": .object(t.shortByRule.map { ($0.rule.id, .int($0.short)) }),
        ]
    }

    public func json() -> JSONValue {
        var method: [(String, JSONValue)] = [("exact", .bool(plan.method.isExact))]
        switch plan.method {
        case .dynamicProgramming: method.append(("name", "dynamic-programming"))
        case .branchAndBound: method.append(("name", "branch-and-bound"))
        case .bestFound(let bound):
            method.append(("name", "branch-and-bound-limited"))
            method.append(("gap", .double(Double(bound - plan.value) / 100)))
        }
        var object: [(String, JSONValue)] = [
            ("asOf", .string(plan.asOf.iso)),
            ("checklist", .string(checklist.id)),
            ("currency", "VND"),
            ("budget", .int(plan.budget)),
            ("spent", .int(plan.spent)),
            ("remaining", .int(plan.budget - plan.spent)),
            ("method", .object(method)),
            ("prices", .string(pricesSource)),
            ("by_item", .array(byItem(plan.lines).map { r in
                ["item": .string(r.item), "action": .string(r.repair ? "repair" : "buy"), "name": .string(r.name),
                 "unit": .string(r.unit), "quantity": .int(r.quantity), "unit_price": .int(r.unitPrice), "amount": .int(r.amount)]
            })),
            ("lines", .array(plan.lines.map(lineJSON))),
            ("unfunded", [
                "count": .int(plan.unfunded.count),
                "cost": .int(plan.unfundedCost),
                "lines": .array(plan.unfunded.map(lineJSON)),
            ]),
            ("unpriced", .array(plan.unpriced.map { ["item": .string($0.item), "communes": .int($0.communes)] })),
            ("close_all_cost", .int(plan.closeAllCost)),
            ("readiness", ["before": tallyJSON(plan.before), "after": tallyJSON(plan.after)]),
        ]
        if !plan.phases.isEmpty {
            object.append(("phases", .array(plan.phases.map { p in
                ["name": .string(p.phase.name), "budget": .int(p.phase.budget),
                 "deadline": p.phase.deadline.map { .string($0.iso) } ?? .null,
                 "spent": .int(p.lines.reduce(0) { $0 + $1.cost }),
                 "lines": .array(p.lines.map(lineJSON))]
            })))
        }
        return .object(object)
    }

    /// Every line, funded or not, one row each (for other programs and spreadsheets).
    func csv() -> String {
        var rows: [[CSVValue]] = [["priority", "funded", "phase", "commune_code", "commune", "rule", "item", "have", "need", "quantity",
                                   "unit_price", "repair_quantity", "repair_price", "amount", "score"]]
        let phaseOf = Dictionary(plan.phases.flatMap { p in p.lines.map { ("\($0.commune.code)|\($0.rule.id)", p.phase.name) } },
                                 uniquingKeysWith: { a, _ in a })
        for (funded, lines) in [(true, plan.lines), (false, plan.unfunded)] {
            for l in lines {
                rows.append([funded ? .int(rows.count) : "", funded ? "yes" : "no", .text(phaseOf["\(l.commune.code)|\(l.rule.id)"] ?? ""),
                             .text(l.commune.code), .text(l.commune.name), .text(l.rule.id), .text(l.item), .int(l.have), .int(l.need),
                             .int(l.buy), .int(l.unitPrice), .int(l.repair), .int(l.repairPrice), .int(l.cost),
                             .number(String(format: "%.2f", l.score.total))])
            }
        }
        return SafeText.csv(rows, byteOrderMark: true)
    }
}
