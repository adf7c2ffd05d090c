import ReadinessCore
import ReadinessInput
import ReadinessReports

/// The budgets of a plan as typed in a form or a query, each within `Limits.money` and `Limits.budgetCount`;
/// a refusal names its field (`budget` or `budgets`).
public enum PlanBudgets {
    /// One budget: "2000000000", "2e9", "2.000.000.000".
    public static func budget(_ typed: String) throws(AppError) -> Int {
        let text = typed.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .input("give the budget in VND, e.g. 2000000000 or 2e9", field: "budget") }
        do { return try PlanArguments.budget(text, option: "budget") } catch { throw .input(error.phrase, field: "budget") }
    }

    /// Budgets to compare: "1e9,2e9,5e9" or "1e9..5e9/5"; none when empty or nil.
    public static func budgets(_ typed: String?) throws(AppError) -> [Int] {
        guard let text = typed?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return [] }
        do { return try PlanArguments.budgets(text) } catch { throw .input(error.phrase, field: "budgets") }
    }
}

/// The procurement plan of the scope's province for one budget, and, when asked, what each of several
/// budgets reaches. Province staff plan for their province, an admin over every commune of the database;
/// a commune officer may not (the plan spends the province's budget across its communes).
public struct PlanPageQuery: Sendable {
    public struct Input: Sendable {
        public var scope: Scope
        public var asOf: Day
        /// As typed (see `PlanBudgets`); nil when none was asked yet: only the scope is checked and no plan made.
        public var budget: String?
        public var budgets: String?

        public init(scope: Scope, asOf: Day, budget: String?, budgets: String? = nil) {
            self.scope = scope
            self.asOf = asOf
            self.budget = budget
            self.budgets = budgets
        }
    }

    public struct Curve: Sendable {
        public var points: [BudgetPoint]
        public var before: ReadinessTally
        public var closeAllCost: Int
    }

    /// What one item costs over every funded line.
    public struct ItemTotal: Sendable {
        public var item: String
        public var buy: Int
        public var repair: Int
        public var amount: Int
    }

    public struct Result: Sendable {
        public var asOf: Day
        public var budget: Int
        public var budgets: [Int]
        /// Nil when no budget was given.
        public var plan: Plan?
        /// The funded lines summed by item, in the order items first appear in the plan.
        public var byItem: [ItemTotal]
        public var curve: Curve?
        /// The price list and the policy, named by file name, dates and sources (never by a path).
        public var prices: PlanSource
        public var policy: PlanSource
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> Result {
        try input.scope.requirePlan()
        guard let typed = input.budget else {
            return Result(asOf: input.asOf, budget: 0, budgets: [], plan: nil, byItem: [], curve: nil, prices: .builtIn, policy: .builtIn)
        }
        let budget = try PlanBudgets.budget(typed)
        let budgets = try PlanBudgets.budgets(input.budgets)
        let narrowed = session.narrowed(to: input.scope)
        let planner = PlanProcurement(session: narrowed)
        let single = try planner.run(.init(asOf: input.asOf, budget: .single(budget), skipUnpriced: true))
        guard case .plan(let plan) = single.outcome else { throw AppError(.internal, "a single budget gave no plan") }
        var curve: Curve?
        if !budgets.isEmpty, case .curve(let points, let before, let cost) = try planner.run(.init(asOf: input.asOf, budget: .several(budgets),
                                                                                                   skipUnpriced: true)).outcome {
            curve = Curve(points: points, before: before, closeAllCost: cost)
        }
        return Result(asOf: input.asOf, budget: budget, budgets: budgets, plan: plan, byItem: Self.byItem(plan.lines), curve: curve,
                      prices: single.prices, policy: single.policy)
    }

    static func byItem(_ lines: [Candidate]) -> [ItemTotal] {
        var order: [String] = [], totals: [String: ItemTotal] = [:]
        for line in lines {
            if totals[line.item] == nil { order.append(line.item); totals[line.item] = ItemTotal(item: line.item, buy: 0, repair: 0, amount: 0) }
            totals[line.item]?.buy += line.buy
            totals[line.item]?.repair += line.repair
            if let amount = totals[line.item]?.amount { totals[line.item]?.amount = amount.addingSaturated(line.cost) }
        }
        return order.compactMap { totals[$0] }
    }
}

extension Scope {
    /// May make procurement plans: province staff (for their province), admins and the command line.
    public var canPlan: Bool {
        switch role {
        case .local, .admin, .province: true
        case .commune: false
        }
    }

    public func requirePlan() throws(AppError) {
        guard canPlan else { throw .forbidden("only the province's staff make procurement plans", field: "plan") }
    }
}
