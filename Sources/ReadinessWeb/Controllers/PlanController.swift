import Foundation
import HTTPTypes
import Hummingbird
import ReadinessApp
import ReadinessCore
import ReadinessReports

/// The procurement plan page: a form (budget, optional budgets to compare, date) and the plan it gives,
/// by item and line by line, with the downloads of the same plan. Province staff and admins only
/// (`PlanPageQuery` checks the scope).
struct PlanController {
    let inventory: Inventory
    let pages: PageRenderer

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/plan", use: show)
        router.post("/plan", use: run)
    }

    struct PlanFields: Decodable {
        var budget: String?
        var budgets: String?
        var asOf: String?

        enum CodingKeys: String, CodingKey {
            case budget, budgets
            case asOf = "as-of"
        }
    }

    struct ItemRow: Sendable {
        var no: Int
        var item: String
        var buy: Int
        var repair: Int
        var amount: String
    }

    struct LineRow: Sendable {
        var no: Int
        var code: String
        var commune: String
        var rule: String
        var item: String
        var buy: Int
        var repair: Int
        var unitPrice: String
        var cost: String
    }

    struct CurveRow: Sendable {
        var budget: String
        var spent: String
        var rulesMet: String
        var fullyReady: String
    }

    struct PlanContent: Sendable {
        var asOfISO: String
        var budget: String
        var budgets: String
        var errorBudget: String?
        var errorBudgets: String?
        var errorAsOf: String?
        var general: String?
        var hasPlan: Bool
        var spentLine: String
        var reachLine: String
        var closeAllLine: String
        var sourcesLine: String
        var items: [ItemRow]
        var total: String
        var lines: [LineRow]
        var unfundedTitle: String
        var unfunded: [LineRow]
        var curve: [CurveRow]
        var downloads: [InventoryController.DownloadLink]
        var curveDownloads: [InventoryController.DownloadLink]
    }

    static let fields: Set<String> = ["budget", "budgets", "as-of"]

    /// The form; with `?budget=` (and `budgets=`, `as-of=`) also the plan, as the form would show it.
    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let q = try request.query()
        return try page(request, context: context,
                        fields: PlanFields(budget: q.get("budget"), budgets: q.get("budgets"), asOf: q.get("as-of")))
    }

    @Sendable func run(_ request: Request, context: WebRequestContext) async throws -> Response {
        let fields = try await request.formCopy(PlanFields.self, context: context)
        return try page(request, context: context, fields: PlanFields(budget: fields.budget ?? "", budgets: fields.budgets, asOf: fields.asOf))
    }

    func page(_ request: Request, context: WebRequestContext, fields: PlanFields) throws -> Response {
        let (session, scope) = try inventory.open(context)
        let t = context.text.pages
        // A date field carries a date or nothing (HTML allows no other value); a typed one that is none is quoted by its message.
        let typedDay = fields.asOf.map { Day(lenient: $0)?.iso ?? "" }
        var content = PlanContent(asOfISO: typedDay ?? inventory.clock.today.iso, budget: fields.budget ?? "", budgets: fields.budgets ?? "",
                                  hasPlan: false, spentLine: "", reachLine: "", closeAllLine: "", sourcesLine: "", items: [], total: "",
                                  lines: [], unfundedTitle: "", unfunded: [], curve: [], downloads: [], curveDownloads: [])
        do {
            let day = try Self.day(fields.asOf, today: inventory.clock.today)
            let result = try PlanPageQuery(session: session).run(.init(scope: scope, asOf: day, budget: fields.budget, budgets: fields.budgets))
            content.asOfISO = day.iso
            fill(&content, result, session: session, context: context)
            return pages.render("plan", title: t.planTitle, content: content, request: request, context: context)
        } catch {
            guard error.kind == .input else { throw error }
            let errors = FieldErrors(error, fields: Self.fields, language: context.text.language)
            content.errorBudget = errors["budget"]
            content.errorBudgets = errors["budgets"]
            content.errorAsOf = errors["as-of"]
            content.general = errors.general
            return pages.render("plan", title: t.planTitle, content: content, request: request, context: context,
                                status: .unprocessableContent)
        }
    }

    /// The date as typed in the form; empty or absent for today.
    static func day(_ text: String?, today: Day) throws(AppError) -> Day {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return today }
        return try DateInput.parse(text, field: "as-of")
    }

    func fill(_ c: inout PlanContent, _ r: PlanPageQuery.Result, session: Session, context: WebRequestContext) {
        guard let plan = r.plan else { return }
        let t = context.text.pages, lang = context.language.language
        func money(_ n: Int) -> String { groupedDigits(n) }
        func itemName(_ id: String) -> String { session.catalog.item(id)?.name[lang] ?? id }
        func rows(_ lines: [Candidate]) -> [LineRow] {
            lines.enumerated().map { i, l in
                LineRow(no: i + 1, code: l.commune.code, commune: l.commune.name, rule: l.rule.name[lang], item: itemName(l.item), buy: l.buy,
                        repair: l.repair, unitPrice: money(l.unitPrice), cost: money(l.cost))
            }
        }
        c.hasPlan = true
        c.spentLine = t.planSpent.filled(["spent": money(plan.spent), "budget": money(plan.budget), "left": money(plan.budget - plan.spent)])
        c.reachLine = t.planReach.filled([
            "before": String(plan.before.rulesMet), "after": String(plan.after.rulesMet), "total": String(plan.after.rulesApplicable),
            "readyBefore": String(plan.before.communesFullyReady), "readyAfter": String(plan.after.communesFullyReady),
            "communes": String(plan.after.communes),
        ])
        c.closeAllLine = t.planCloseAll.filled(["amount": money(plan.closeAllCost)])
        c.sourcesLine = t.planSources.filled(["prices": r.prices.text(lang), "policy": r.policy.text(lang)])
        c.items = r.byItem.enumerated().map { i, x in ItemRow(no: i + 1, item: itemName(x.item), buy: x.buy, repair: x.repair, amount: money(x.amount)) }
        c.total = money(plan.spent)
        c.lines = rows(plan.lines)
        c.unfunded = rows(plan.unfunded)
        c.unfundedTitle = t.unfundedTitle.filled(["count": String(plan.unfunded.count), "amount": money(plan.unfundedCost)])
        c.curve = (r.curve?.points ?? []).map { p in
            CurveRow(budget: money(p.budget), spent: money(p.spent), rulesMet: "\(p.after.rulesMet)/\(p.after.rulesApplicable)",
                     fullyReady: "\(p.after.communesFullyReady)/\(p.after.communes)")
        }
        c.downloads = InventoryController.downloads("plan", day: r.asOf, extra: "&budget=\(r.budget)", official: t.officialPDF)
        if !r.budgets.isEmpty {
            c.curveDownloads = InventoryController.downloads("plan", day: r.asOf, extra: "&budgets=" + r.budgets.map(String.init).joined(separator: ","))
        }
    }
}
