import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports

/// A procurement plan: what a budget buys first to close the gaps on a date, at the prices of a price
/// list and by the priorities of a policy; or, for several budgets, what each reaches.
public struct PlanProcurement: Sendable {
    public enum Budget: Sendable {
        /// One budget in VND.
        case single(Int)
        /// Several budgets, compared (the budget curve).
        case several([Int])
        /// Budget periods in time order; rules due by a period's deadline are funded first.
        case phases([PlanPhase])
    }

    public struct Input: Sendable {
        public var asOf: Day
        public var budget: Budget
        /// The price list (CSV); nil for Inventory/prices.csv.
        public var pricesPath: String?
        /// The priority policy (YAML); nil for Inventory/plan-policy.yaml, else the built-in weights.
        public var policyPath: String?
        /// Leave items without a price out of the plan instead of refusing.
        public var skipUnpriced: Bool

        public init(asOf: Day, budget: Budget, pricesPath: String? = nil, policyPath: String? = nil, skipUnpriced: Bool = false) {
            self.asOf = asOf
            self.budget = budget
            self.pricesPath = pricesPath
            self.policyPath = policyPath
            self.skipUnpriced = skipUnpriced
        }
    }

    public enum Outcome: Sendable {
        case plan(Plan)
        /// What each budget reaches, the readiness before, and what closing every gap costs.
        case curve(points: [BudgetPoint], before: ReadinessTally, closeAllCost: Int)
    }

    public struct Result: Sendable {
        public var outcome: Outcome
        /// The price list and the policy used, named by file name, dates and sources (never by a path).
        public var prices: PlanSource
        public var policy: PlanSource
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> Result {
        try DateInput.check(input.asOf, field: "as-of")
        let state = try session.state(on: input.asOf)
        let evaluation = session.evaluate(state)
        let pricesURL = input.pricesPath.map { URL(fileURLWithPath: $0) }
            ?? session.workspace.inventoryDirectory.appendingPathComponent("prices.csv")
        let pricesText = try Workspace.read(pricesURL)
        // Both files are read before either is refused, so that one run shows every mistake of both.
        var issues: [SourceIssue] = []
        var prices: PriceList?
        do { prices = try PriceListFile.parse(pricesText, file: Workspace.display(pricesURL), catalog: session.catalog) } catch {
            issues += error.issues
        }
        var loaded: (PlanPolicy, PlanSource)?
        do { loaded = try loadPolicy(input.policyPath) } catch where !error.issues.isEmpty { issues += error.issues }
        guard issues.isEmpty, let prices, let loaded else { throw AppError(InputProblems(issues)) }
        let (policy, policySource) = loaded
        let found = Planner.candidates(evaluation, state: state, prices: prices, policy: policy)
        if !found.unpriced.isEmpty && !input.skipUnpriced {
            let list = Phrase.joined(found.unpriced.map { "\($0.item) (needed by \($0.communes, "commune"))" }, separator: ", ")
            throw .input("no price for \(list) in \(Workspace.display(pricesURL)): add a row item,unit_price_vnd,repair_price_vnd,date,source,note for it, or run with --skip-unpriced to leave it out")
        }
        try Self.refuseBeyondCeiling(found.candidates, prices: Workspace.display(pricesURL))
        let outcome: Outcome
        switch input.budget {
        case .single(let budget):
            outcome = .plan(Planner.plan(evaluation, candidates: found.candidates, unpriced: found.unpriced, budget: budget))
        case .phases(let phases):
            outcome = .plan(Planner.phasedPlan(evaluation, candidates: found.candidates, unpriced: found.unpriced, phases: phases))
        case .several(let budgets):
            outcome = .curve(points: Planner.curve(evaluation, candidates: found.candidates, budgets: budgets),
                             before: Planner.tally(evaluation), closeAllCost: Planner.totalCost(found.candidates))
        }
        let pricesSource = PlanSource.file(pricesURL.path, dates: prices.prices.map(\.date), sources: prices.prices.map(\.source))
        return Result(outcome: outcome, prices: pricesSource, policy: policySource)
    }

    /// Closing every gap may cost at most `Limits.planCost` (10^18 đ): beyond it a price or a commune's count
    /// is wrong, and the plan's sums would no longer be exact. The dearest line is named.
    static func refuseBeyondCeiling(_ candidates: [Candidate], prices: String) throws(AppError) {
        var total = 0
        for line in candidates {
            let (sum, overflow) = total.addingReportingOverflow(line.cost)
            total = overflow ? Int.max : sum
            if total > Limits.planCost { break }
        }
        guard total > Limits.planCost, let dearest = candidates.max(by: { ($0.cost, $0.missing) < ($1.cost, $1.missing) }) else { return }
        let amount: Phrase = dearest.cost == Int.max ? "more than \(Limits.grouped(Int.max))" : Phrase(verbatim: Limits.grouped(dearest.cost))
        throw .input("closing every gap would cost more than \(Limits.grouped(Limits.planCost)) đ (10^18), beyond any plan: the dearest line, \(dearest.commune.label) for \(dearest.rule.id), needs \(Limits.grouped(dearest.missing)) \(dearest.item) at \(Limits.grouped(dearest.unitPrice)) đ each (\(amount) đ); check the price in \(prices) and the commune attribute the rule counts by")
    }

    /// The policy asked for, else the shipped one, else the built-in weights; with its name for the report.
    private func loadPolicy(_ path: String?) throws(AppError) -> (PlanPolicy, PlanSource) {
        let url: URL
        if let path {
            url = URL(fileURLWithPath: path)
        } else {
            url = session.workspace.inventoryDirectory.appendingPathComponent("plan-policy.yaml")
            guard FileManager.default.fileExists(atPath: url.path) else { return (.standard, .builtIn) }
        }
        let text = try Workspace.read(url)
        let policy = try AppError.wrap {
            try PolicyFile.parse(text, file: Workspace.display(url), checklist: session.checklist, registry: session.registry)
        }
        return (policy, .file(url.path))
    }
}
