import Foundation
import ReadinessCore

/// What each of several budgets reaches, and the budget that closes every priced gap:
/// a table, JSON, CSV, Markdown, or an HTML page with an SVG curve.
public struct BudgetCurveReport {
    public var points: [BudgetPoint]
    public var before: ReadinessTally
    public var closeAllCost: Int
    public var asOf: Day
    public var language: Language

    public init(points: [BudgetPoint], before: ReadinessTally, closeAllCost: Int, asOf: Day, language: Language = .vi) {
        self.points = points
        self.before = before
        self.closeAllCost = closeAllCost
        self.asOf = asOf
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    var headers: [String] {
        [t("Budget (VND)"), t("Planned (VND)"), t("Rules met"), t("Communes fully ready"), t("Fully/partly/not met")]
    }

    var rows: [[String]] {
        let today = [t("Today"), "", "\(before.rulesMet)/\(before.rulesApplicable)",
                     "\(before.communesFullyReady)/\(before.communes)", classes(before)]
        return [today] + points.map { p in
            [Style.integer(p.budget, language) + (p.exact ? "" : "*"), Style.integer(p.spent, language),
             "\(p.after.rulesMet)/\(p.after.rulesApplicable)", "\(p.after.communesFullyReady)/\(p.after.communes)", classes(p.after)]
        }
    }

    func classes(_ t: ReadinessTally) -> String { ReadinessClass.allCases.map { String(t.classes[$0] ?? 0) }.joined(separator: "/") }

    var title: String {
        t("Budgets and the readiness they reach — as of \(Style.date(asOf, language))")
    }

    var closing: String {
        t("Budget that closes every priced gap: \(Money.format(closeAllCost, language)) (\(Money.millions(closeAllCost, language))).")
    }

    /// Explains the "*" of a budget whose plan is the best found rather than a proven optimum.
    var legend: [String] {
        guard points.contains(where: { !$0.exact }) else { return [] }
        return [t("* the best plan found within the search limit, not proven optimal.")]
    }

    /// The curve in a format: JSON and CSV in their own shapes for programs, the others from the document.
    public func render(_ format: ReportFormat) throws(XlsxError) -> RenderedReport {
        switch format {
        case .table, .md, .html, .xlsx, .pdf: return try document().render(format)
        case .csv:
            return RenderedReport(text: SafeText.csv([["budget", "spent", "rules_met", "rules_applicable", "communes_fully_ready", "communes", "exact"]]
                + points.map { p in [.int(p.budget), .int(p.spent), .int(p.after.rulesMet), .int(p.after.rulesApplicable),
                                     .int(p.after.communesFullyReady), .int(p.after.communes), p.exact ? "yes" : "no"] }),
                                  format: format)
        case .json:
            let value: JSONValue = [
                "asOf": .string(asOf.iso),
                "close_all_cost": .int(closeAllCost),
                "today": ["rules_met": .int(before.rulesMet), "communes_fully_ready": .int(before.communesFullyReady)],
                "budgets": .array(points.map { p in
                    ["budget": .int(p.budget), "spent": .int(p.spent), "rules_met": .int(p.after.rulesMet),
                     "rules_applicable": .int(p.after.rulesApplicable), "communes_fully_ready": .int(p.after.communesFullyReady),
                     "exact": .bool(p.exact)]
                }),
            ]
            return RenderedReport(text: value.render() + "\n", format: format)
        }
    }

    /// The curve, the table and the cost of closing every gap, as a report document.
    public func document() -> ReportDocument {
        let columns = headers.enumerated().map { i, h in ReportColumn(h, key: h, numeric: i < 4, sheetWidth: i < 4 ? 16 : 30) }
        let table = ReportTable(columns, rows: rows.map { $0.map { ReportCell.text($0) } })
        let caption = t("Rules met by budget")
        return ReportDocument(title: title, language: language, sections: [
            ReportSection(t("What each budget reaches"), [.figure(svg: svg(), caption: caption), .table(table), .paragraph(closing)] + legend.map(ReportBlock.paragraph)),
        ])
    }

    /// Rules met against budget, from today (budget 0) to the largest budget.
    public func svg(width: Double = 640, height: Double = 360) -> String {
        let left = 70.0, bottom = 40.0, top = 20.0, right = 20.0
        let maxBudget = Double(max(points.map(\.budget).max() ?? 1, 1))
        let total = Double(max(before.rulesApplicable, 1))
        let minMet = Double(before.rulesMet)
        func x(_ b: Int) -> Double { left + (width - left - right) * Double(b) / maxBudget }
        func y(_ met: Int) -> Double {
            let span = max(total - minMet, 1)
            return top + (height - top - bottom) * (1 - (Double(met) - minMet) / span)
        }
        let all = [(0, before.rulesMet)] + points.sorted { $0.budget < $1.budget }.map { ($0.budget, $0.after.rulesMet) }
        let path = all.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"
        out += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>"
        out += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>"
        out += "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"\(path)\"/>"
        for (b, met) in all {
            out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f5fbf\"/>", x(b), y(met))
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">", x(b), height - bottom + 14)
                + HTMLReport.escape(Money.millionsNumber(b, language)) + "</text>"
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%d</text>", x(b), y(met) - 6, met)
        }
        out += "<text x=\"\(left)\" y=\"\(height - 6)\" font-size=\"11\">" + HTMLReport.escape(t("Budget (million VND)")) + "</text>"
        out += "<text x=\"4\" y=\"\(top - 6)\" font-size=\"11\">" + HTMLReport.escape(t("Rules met")) + "</text>"
        return out + "</svg>"
    }
}
