import Foundation
import ReadinessCore
import ReadinessReports
import ReadinessStore
import TestSupport

/// Every report of the shipped sample in one language, as of 12/12/2025 (progress since 15/09/2025), with
/// the names the data brings in (communes, provinces, attribute values, the checklist's source, the
/// ledger's notes and sources): what a report shows as it is, in whatever language it is written.
struct ReportSamples {
    let language: Language
    let store: InventoryDatabase
    let now: Evaluation
    let before: Evaluation
    let state: InventoryState
    let catalog: Catalog
    let checklist: Checklist

    init(_ language: Language) throws {
        self.language = language
        store = try Fixtures.sampleStore()
        let day = Fixtures.day("2025-12-12")
        now = try Fixtures.evaluate(store, on: day)
        before = try Fixtures.evaluate(store, on: Fixtures.day("2025-09-15"))
        state = try store.state(asOf: day)
        catalog = try Fixtures.catalog()
        checklist = try Fixtures.checklist()
    }

    static let names = ["gaps", "gaps-percent", "commune", "report", "progress", "deadlines", "history", "plan", "plan-phases", "budgets"]

    /// Terminal tables this wide keep every cell on one line.
    static let width = 2_000

    /// The report `name` rendered in `format`.
    func render(_ name: String, _ format: ReportFormat) throws -> RenderedReport {
        let day = now.asOf, width = Self.width
        switch name {
        case "gaps":
            return try GapReport(evaluation: now, language: language, names: 8, width: width).render(format)
        case "gaps-percent":
            return try GapReport(evaluation: now, language: language, names: 3, percent: true, width: width).render(format)
        case "commune":
            let plo = now.result(for: "23344")!
            return try CommuneCard(result: plo, asOf: day, catalog: catalog, holdings: state.holdings(commune: "23344"),
                                   language: language).render(format)
        case "report":
            return try ProvinceReport(evaluation: now, progress: try store.progress(from: before, to: now), splitBy: "former_province",
                                      catalog: catalog, language: language).render(format, width: width)
        case "progress":
            return try ProgressReport(progress: try store.progress(from: before, to: now), language: language).render(format, width: width)
        case "deadlines":
            let history = try (1...8).map { try Fixtures.evaluate(store, on: day.adding(days: -7 * $0)) }
            let review = DeadlineReview(now: now, history: history, state: state, within: 30)
            return try DeadlineReport(review: review, checklist: checklist, catalog: catalog, language: language).render(format, width: width)
        case "history":
            let plo = try store.communes().first { $0.code == "23344" }!
            return try HistoryReport(commune: plo, entries: try historyEntries("23344"), language: language).render(format, width: width)
        case "plan", "plan-phases":
            return try plan(phased: name == "plan-phases").render(format)
        case "budgets":
            let found = candidates()
            let points = Planner.curve(now, candidates: found.candidates, budgets: [100_000_000, 500_000_000])
            return try BudgetCurveReport(points: points, before: Planner.tally(now), closeAllCost: Planner.totalCost(found.candidates),
                                         asOf: day, language: language).render(format)
        default:
            preconditionFailure("no report \(name)")
        }
    }

    func historyEntries(_ code: String) throws -> [HistoryReport.Entry] {
        try store.events(commune: code).map { e in
            HistoryReport.Entry(date: e.effectiveOn, item: e.item, working: e.working, broken: e.broken, attributes: e.attributes,
                                recordedBy: e.recordedBy, recordedAt: e.recordedAt, source: e.source, note: e.note)
        }
    }

    /// Every item priced but the first, so that the plan also says what it could not cost.
    func candidates() -> (candidates: [Candidate], unpriced: [(item: String, communes: Int)]) {
        let prices = PriceList(catalog.items.dropFirst().map { Price(item: $0.id, unitPrice: 10_000_000, date: now.asOf, source: "test") })
        return Planner.candidates(now, state: state, prices: prices, policy: .standard)
    }

    func plan(phased: Bool) -> PlanReport {
        let found = candidates()
        let plan = phased
            ? Planner.phasedPlan(now, candidates: found.candidates, unpriced: found.unpriced,
                                 phases: [PlanPhase(name: "1", budget: 200_000_000, deadline: Fixtures.day("2025-12-31")),
                                          PlanPhase(name: "2", budget: 300_000_000)])
            : Planner.plan(now, candidates: found.candidates, unpriced: found.unpriced, budget: 500_000_000)
        var report = PlanReport(plan: plan, catalog: catalog, checklist: checklist, language: language,
                                pricesSource: "prices.csv", policySource: "policy.json")
        report.width = Self.width
        return report
    }

    /// What `record` and `import` print about the rules that changed between the two dates.
    func changeLines() -> [String] {
        ChangeSummary(changes: now.changes(since: before), language: language).lines()
            + ChangeSummary(changes: [], language: language).lines()
    }

    /// Texts the data brings in, longest first: removed from a report before looking at the report's own words.
    /// Codes count among them: item, rule and domain ids, attribute names, the policy's names for the parts
    /// of a score ("deadline", "has_none"), the files prices and policy come from.
    func dataNames() throws -> [String] {
        var names: Set<String> = ["prices.csv", "policy.json"]
        for c in try store.communes() {
            names.insert(c.name)
            names.insert(c.provinceName)
            for (key, value) in c.attributes { names.formUnion([key, value.description]) }
        }
        names.formUnion([checklist.id, checklist.source])
        names.insert(checklist.title[language])
        for item in catalog.items {
            names.formUnion([item.id, item.name[language], item.unit[language]])
            names.formUnion(item.attributes.map(\.name))
        }
        for domain in catalog.domains { names.formUnion([domain.id, domain.name[language]]) }
        for rule in checklist.rules { names.formUnion([rule.id, rule.name[language], rule.source]) }
        for line in plan(phased: false).plan.lines { names.formUnion(line.score.parts.map(\.name)) }
        for code in ["23344"] {
            for e in try historyEntries(code) { names.formUnion([e.note, e.source, e.recordedBy]) }
        }
        for e in try store.progress(from: before, to: now).rules.flatMap({ $0.becameMet + $0.fellBack + $0.narrowed + $0.widened }) {
            if let c = e.cause { names.formUnion([c.note, c.source, c.recordedBy]) }
        }
        return names.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }
}
