/// What it takes to meet one rule in one commune: units repaired (broken ones, where repair
/// is cheaper) and units bought, at their prices, with the priority of doing it.
public struct Candidate: Hashable, Sendable {
    public var commune: Commune
    public var rule: Rule
    /// The rule's position in the checklist (ties are broken by commune code, then this).
    public var ruleIndex: Int
    public var have: Int
    public var need: Int
    public var repair: Int
    public var buy: Int
    public var unitPrice: Int
    public var repairPrice: Int
    public var score: Score

    public var item: String { rule.item }
    public var missing: Int { need - have }
    /// What the line costs; held at Int.max rather than overflowing (the application refuses plans whose
    /// lines come near it: `Limits.planCost`).
    public var cost: Int { repair.multipliedSaturated(by: repairPrice).addingSaturated(buy.multipliedSaturated(by: unitPrice)) }
    /// "chưa có" rather than "chưa đủ".
    public var hasNone: Bool { have == 0 }
}

/// Rules met and communes fully ready, before or after a plan.
public struct ReadinessTally: Hashable, Sendable {
    /// (commune, rule) pairs met, out of the applicable ones.
    public var rulesMet: Int
    public var rulesApplicable: Int
    public var communesFullyReady: Int
    public var communes: Int
    public var classes: [ReadinessClass: Int]
    /// Communes short per rule id, in checklist order.
    public var shortByRule: [(rule: Rule, short: Int, total: Int)]

    public static func == (a: ReadinessTally, b: ReadinessTally) -> Bool {
        (a.rulesMet, a.rulesApplicable, a.communesFullyReady, a.communes, a.classes)
            == (b.rulesMet, b.rulesApplicable, b.communesFullyReady, b.communes, b.classes)
            && a.shortByRule.map { "\($0.rule.id)\($0.short)/\($0.total)" } == b.shortByRule.map { "\($0.rule.id)\($0.short)/\($0.total)" }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rulesMet); hasher.combine(communesFullyReady) }
}

/// A budget period of a phased plan: `2025-Q4:2e9:2025-12-31`.
public struct PlanPhase: Hashable, Sendable {
    public var name: String
    public var budget: Int
    /// Rules due on or before this date are funded first in this phase.
    public var deadline: Day?
    public init(name: String, budget: Int, deadline: Day? = nil) {
        self.name = name
        self.budget = budget
        self.deadline = deadline
    }
}

/// A procurement plan: what a budget buys, in priority order, and what it leaves unfunded.
public struct Plan: Sendable {
    public var asOf: Day
    public var budget: Int
    /// Funded lines, highest score first (then commune code, then rule order).
    public var lines: [Candidate]
    /// Lines the budget does not reach, in the same order.
    public var unfunded: [Candidate]
    /// Shortfalls that could not be costed: item id → number of communes, for items without a price.
    public var unpriced: [(item: String, communes: Int)]
    /// Rules that cannot be judged (and so not costed) in some communes for lack of a registry attribute.
    public var unjudged: [(rule: Rule, communes: Int)]
    public var method: SelectionMethod
    /// The selection's total score in hundredths (what it maximises).
    public var value: Int
    public var before: ReadinessTally
    public var after: ReadinessTally
    /// The phase of each funded line when the plan is phased (same order as `lines`), else empty.
    public var phases: [(phase: PlanPhase, lines: [Candidate])]

    // (Sums held at Int.max rather than overflowing.)
    public var spent: Int { Planner.totalCost(lines) }
    public var unfundedCost: Int { Planner.totalCost(unfunded) }
    /// What closing every costed gap would cost.
    public var closeAllCost: Int { spent.addingSaturated(unfundedCost) }
}

/// One point of a budget curve: what a budget reaches.
public struct BudgetPoint: Hashable, Sendable {
    public var budget: Int
    public var spent: Int
    public var after: ReadinessTally
    public var exact: Bool
}

public enum Planner {
    /// The cost of all the lines, held at Int.max rather than overflowing.
    public static func totalCost(_ lines: [Candidate]) -> Int { lines.reduce(0) { $0.addingSaturated($1.cost) } }

    /// Every (commune, rule) the evaluation finds short, costed from the price list and scored by the policy.
    /// Items without a price are returned apart, with how many communes need them.
    public static func candidates(_ evaluation: Evaluation, state: InventoryState, prices: PriceList,
                                  policy: PlanPolicy) -> (candidates: [Candidate], unpriced: [(item: String, communes: Int)]) {
        let index = Dictionary(evaluation.communes.map { ($0.commune.code, $0.index ?? 0) }, uniquingKeysWith: { a, _ in a })
        var result: [Candidate] = []
        var unpriced: [String: Int] = [:], unpricedOrder: [String] = []
        for (ruleIndex, ruleResult) in evaluation.rules.enumerated() {
            let rule = ruleResult.rule
            for shortfall in ruleResult.shortfalls {
                guard let price = prices.price(for: rule.item) else {
                    if unpriced[rule.item] == nil { unpricedOrder.append(rule.item) }
                    unpriced[rule.item, default: 0] += 1
                    continue
                }
                let holding = state.holding(commune: shortfall.commune.code, item: rule.item)
                var repair = 0
                if let repairPrice = price.repairPrice, repairPrice < price.unitPrice, let holding, holding.broken > 0,
                   rule.require.allSatisfy({ $0.holds(for: holding.attributes[$0.attribute], on: evaluation.asOf) }) {
                    repair = min(holding.broken, shortfall.missing)
                }
                let score = self.score(rule: rule, shortfall: shortfall, index: index[shortfall.commune.code] ?? 0,
                                       asOf: evaluation.asOf, policy: policy)
                result.append(Candidate(commune: shortfall.commune, rule: rule, ruleIndex: ruleIndex,
                                        have: shortfall.have, need: shortfall.need, repair: repair,
                                        buy: shortfall.missing - repair, unitPrice: price.unitPrice,
                                        repairPrice: repair > 0 ? price.repairPrice ?? 0 : 0, score: score))
            }
        }
        result.sort { ($0.commune.code, $0.ruleIndex) < ($1.commune.code, $1.ruleIndex) }
        return (result, unpricedOrder.compactMap { item in unpriced[item].map { (item, $0) } })
    }

    /// The named parts of a line's score (see `PlanPolicy`).
    public static func score(rule: Rule, shortfall: Shortfall, index: Double, asOf: Day, policy: PlanPolicy) -> Score {
        let daysLeft = asOf.days(until: rule.deadline)
        let urgency = daysLeft < 0 ? 1.0 : 0.5 * max(0, 1 - Double(daysLeft) / 365)
        var parts = [
            ScorePart(name: "met", points: 1),
            ScorePart(name: "deadline", points: policy.deadline * urgency),
            ScorePart(name: "rule_weight", points: policy.ruleWeight * policy.weight(of: rule)),
            ScorePart(name: "has_none", points: shortfall.hasNone ? policy.hasNone : 0),
            ScorePart(name: "readiness", points: policy.readiness * (1 - index)),
        ]
        for bonus in policy.bonuses
        where bonus.conditions.allSatisfy({ $0.holds(for: shortfall.commune.attribute($0.attribute), on: asOf) }) {
            parts.append(ScorePart(name: bonus.name, points: bonus.points))
        }
        return Score(parts: parts)
    }

    /// The plan that gains the most score within the budget.
    public static func plan(_ evaluation: Evaluation, candidates: [Candidate], unpriced: [(item: String, communes: Int)] = [],
                            budget: Int) -> Plan {
        let result = select(candidates, budget: budget)
        return assemble(evaluation, candidates: candidates, chosen: Set(result.chosen), unpriced: unpriced,
                        budget: budget, method: result.method, value: result.value, phases: [])
    }

    /// A plan split across budget periods, in the order given. In each phase the rules due by the
    /// phase's deadline are funded first; what is left of its budget then goes to the other lines.
    public static func phasedPlan(_ evaluation: Evaluation, candidates: [Candidate], unpriced: [(item: String, communes: Int)] = [],
                                  phases: [PlanPhase]) -> Plan {
        var remaining = Array(candidates.indices)
        var chosen: Set<Int> = []
        var perPhase: [(PlanPhase, [Candidate])] = []
        var exact = true, value = 0, bound = 0
        for phase in phases {
            var room = phase.budget, picked: [Int] = []
            let isUrgent = { (i: Int) in phase.deadline.map { candidates[i].rule.deadline <= $0 } ?? true }
            for group in [remaining.filter(isUrgent), remaining.filter { !isUrgent($0) }] where !group.isEmpty {
                let r = select(group.map { candidates[$0] }, budget: room)
                let ids = r.chosen.map { group[$0] }
                picked += ids
                room -= r.cost
                value = value.addingSaturated(r.value)
                if case .bestFound(let b) = r.method { exact = false; bound = bound.addingSaturated(b - r.value) }
            }
            chosen.formUnion(picked)
            let taken = Set(picked)
            remaining.removeAll { taken.contains($0) }
            perPhase.append((phase, order(picked.map { candidates[$0] })))
        }
        var plan = assemble(evaluation, candidates: candidates, chosen: chosen, unpriced: unpriced,
                            budget: phases.reduce(0) { $0.addingSaturated($1.budget) },
                            method: exact ? .dynamicProgramming : .bestFound(bound: value.addingSaturated(bound)), value: value, phases: [])
        plan.phases = perPhase.map { (phase: $0.0, lines: $0.1) }
        return plan
    }

    /// What each budget reaches.
    public static func curve(_ evaluation: Evaluation, candidates: [Candidate], budgets: [Int]) -> [BudgetPoint] {
        budgets.map { budget in
            let p = plan(evaluation, candidates: candidates, budget: budget)
            return BudgetPoint(budget: budget, spent: p.spent, after: p.after, exact: p.method.isExact)
        }
    }

    static func select(_ candidates: [Candidate], budget: Int) -> Knapsack.Result {
        Knapsack.solve(costs: candidates.map(\.cost), values: candidates.map(\.score.hundredths), budget: budget)
    }

    /// Highest score first, then commune code, then rule order.
    static func order(_ lines: [Candidate]) -> [Candidate] {
        lines.sorted { a, b in
            a.score.hundredths != b.score.hundredths ? a.score.hundredths > b.score.hundredths
                : (a.commune.code, a.ruleIndex) < (b.commune.code, b.ruleIndex)
        }
    }

    static func assemble(_ evaluation: Evaluation, candidates: [Candidate], chosen: Set<Int>,
                         unpriced: [(item: String, communes: Int)], budget: Int, method: SelectionMethod, value: Int,
                         phases: [(phase: PlanPhase, lines: [Candidate])]) -> Plan {
        let lines = order(chosen.sorted().map { candidates[$0] })
        let unfunded = order(candidates.indices.filter { !chosen.contains($0) }.map { candidates[$0] })
        let unjudged = evaluation.rules.filter { !$0.unknown.isEmpty }.map { (rule: $0.rule, communes: $0.unknown.count) }
        return Plan(asOf: evaluation.asOf, budget: budget, lines: lines, unfunded: unfunded, unpriced: unpriced, unjudged: unjudged,
                    method: method, value: value, before: tally(evaluation), after: tally(evaluation, meeting: lines),
                    phases: phases)
    }

    /// Rules met and communes fully ready once the given lines are delivered.
    public static func tally(_ evaluation: Evaluation, meeting lines: [Candidate] = []) -> ReadinessTally {
        let done = Set(lines.map { "\($0.commune.code)|\($0.rule.id)" })
        let domains = Evaluator.orderedDomains(evaluation.checklist.rules.map(\.domain),
                                               order: evaluation.communes.first?.domainScores.map(\.domain) ?? [])
        var rulesMet = 0, applicable = 0, fully = 0
        var classes: [ReadinessClass: Int] = [:]
        for c in ReadinessClass.allCases { classes[c] = 0 }
        var shortByRule = evaluation.checklist.rules.map { (rule: $0, short: 0, total: 0) }
        for communeResult in evaluation.communes {
            let pairs: [(Rule, Outcome)] = communeResult.outcomes.map { entry in
                if done.contains("\(communeResult.commune.code)|\(entry.rule.id)"), case .short(_, let need) = entry.outcome {
                    return (entry.rule, .met(have: need, need: need))
                }
                return (entry.rule, entry.outcome)
            }
            for (i, (_, outcome)) in pairs.enumerated() where outcome.isApplicable {
                applicable += 1
                shortByRule[i].total += 1
                if outcome.isMet { rulesMet += 1 }
                if outcome.isShort { shortByRule[i].short += 1 }
            }
            let result = Evaluator.communeResult(communeResult.commune, pairs, domains: domains,
                                                 classes: evaluation.checklist.classes)
            if let k = result.readinessClass { classes[k, default: 0] += 1 }
            if pairs.allSatisfy({ !$0.1.isApplicable || $0.1.isMet }) && pairs.contains(where: { $0.1.isApplicable }) { fully += 1 }
        }
        return ReadinessTally(rulesMet: rulesMet, rulesApplicable: applicable, communesFullyReady: fully,
                              communes: evaluation.communes.count, classes: classes, shortByRule: shortByRule)
    }
}
