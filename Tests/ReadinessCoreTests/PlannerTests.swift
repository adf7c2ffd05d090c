import PropertyBased
import Testing
@testable import ReadinessCore

/// A small random world built from a list of numbers: communes, two rules, holdings, prices.
struct World {
    var checklist: Checklist
    var communes: [Commune]
    var state: InventoryState
    var prices: PriceList

    init(_ n: [Int]) {
        var k = 0
        func next(_ m: Int) -> Int { defer { k += 1 }; return n[k % n.count] % m }
        let day = TestData.day("2025-09-15")
        checklist = TestData.checklist([
            TestData.rule("queue", item: "queue-machine", name: .init(vi: "Máy lấy số", en: "queue"), minimum: 1 + next(2),
                          domain: "centre", deadline: TestData.day("2025-06-30")),
            TestData.rule("pcs", item: "official-pc", name: .init(vi: "Máy tính", en: "PCs"), per: "officials",
                          domain: "desk", weight: 1 + Double(next(3))),
        ])
        communes = (0..<(2 + next(4))).map { i in
            TestData.commune(String(21000 + i), "Xã \(i)", attributes: ["officials": .int(1 + next(4)), "island": .bool(next(4) == 0)])
        }
        var holdings: [Holding] = []
        for c in communes {
            for item in ["queue-machine", "official-pc"] where next(3) > 0 {
                holdings.append(TestData.holding(c.code, item, working: next(3), broken: next(3), since: day))
            }
        }
        state = InventoryState(asOf: day, holdings: holdings)
        prices = PriceList([
            Price(item: "queue-machine", unitPrice: 1_000_000 * (1 + next(9)), repairPrice: next(2) == 0 ? nil : 500_000 * (1 + next(12)),
                  date: day, source: "test"),
            Price(item: "official-pc", unitPrice: 1_000_000 * (1 + next(5)), repairPrice: 500_000 * (1 + next(4)), date: day, source: "test"),
        ])
    }

    var evaluation: Evaluation { Evaluator.evaluate(checklist, communes: communes, state: state) }

    func candidates(_ policy: PlanPolicy = .standard) -> [Candidate] {
        Planner.candidates(evaluation, state: state, prices: prices, policy: policy).candidates
    }
}

let numbers = Gen.int(in: 0...10_000).array(of: 40)
let budgets = Gen.int(in: 0...60).map { $0 * 1_000_000 }

/// The best value any subset reaches within the budget, by trying them all.
func bruteForce(costs: [Int], values: [Int], budget: Int) -> Int {
    var best = 0
    for mask in 0..<(1 << costs.count) {
        var cost = 0, value = 0
        for i in costs.indices where mask & (1 << i) != 0 { cost += costs[i]; value += values[i] }
        if cost <= budget { best = max(best, value) }
    }
    return best
}

@Suite struct PlannerTests {
    @Test("a plan never spends more than its budget")
    func neverOverBudget() async {
        await propertyCheck(input: numbers, budgets) { n, budget in
            let world = World(n)
            let plan = Planner.plan(world.evaluation, candidates: world.candidates(), budget: budget)
            #expect(plan.spent <= budget)
            #expect(plan.lines.count + plan.unfunded.count == world.candidates().count)
        }
    }

    @Test("more budget never reaches a lower total score")
    func moreBudgetNeverReachesLess() async {
        await propertyCheck(input: numbers, budgets, Gen.int(in: 0...30)) { n, budget, extra in
            let world = World(n)
            let c = world.candidates()
            let small = Planner.plan(world.evaluation, candidates: c, budget: budget)
            let large = Planner.plan(world.evaluation, candidates: c, budget: budget + extra * 1_000_000)
            #expect(large.value >= small.value)
            #expect(large.after.rulesMet >= small.before.rulesMet)
        }
    }

    @Test("every line closes a real shortfall: delivering it meets the rule, repairs only broken units")
    func everyLineClosesARealShortfall() async {
        await propertyCheck(input: numbers, budgets) { n, budget in
            let world = World(n)
            let plan = Planner.plan(world.evaluation, candidates: world.candidates(), budget: budget)
            for line in plan.lines {
                let outcome = Evaluator.outcome(of: line.rule, for: line.commune, in: world.state)
                #expect(outcome.isShort)
                #expect(line.buy + line.repair == outcome.missing)
                let held = world.state.holding(commune: line.commune.code, item: line.item)
                #expect(line.repair <= (held?.broken ?? 0))
                var after = world.state
                after.set(TestData.holding(line.commune.code, line.item, working: (held?.working ?? 0) + line.buy + line.repair,
                                           broken: (held?.broken ?? 0) - line.repair, since: world.state.asOf))
                #expect(Evaluator.outcome(of: line.rule, for: line.commune, in: after).isMet)
            }
        }
    }

    @Test("on small cases the selection is as good as the best found by trying every subset")
    func selectionEqualsBruteForce() async {
        await propertyCheck(input: Gen.int(in: 0...40).array(of: 1...12), Gen.int(in: 1...100).array(of: 12), Gen.int(in: 0...150)) { costs, values, budget in
            let v = Array(values.prefix(costs.count))
            let result = Knapsack.solve(costs: costs, values: v, budget: budget)
            #expect(result.cost <= budget)
            #expect(result.value == bruteForce(costs: costs, values: v, budget: budget))
            #expect(result.method.isExact)
        }
    }

    @Test("dynamic programming over scores agrees with brute force, whatever the costs")
    func dynamicProgrammingByValueIsExact() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000_007).array(of: 1...12), Gen.int(in: 1...100).array(of: 12), Gen.int(in: 0...3_000_000_000)) { costs, values, budget in
            let v = Array(values.prefix(costs.count))
            let picked = Knapsack.dynamicProgrammingByValue(costs: costs, values: v, budget: budget)
            #expect(picked.reduce(0) { $0 + costs[$1] } <= budget)
            #expect(picked.reduce(0) { $0 + v[$1] } == bruteForce(costs: costs, values: v, budget: budget))
        }
    }

    @Test("branch and bound agrees with dynamic programming when the table is too big")
    func branchAndBoundIsExact() async {
        await propertyCheck(input: Gen.int(in: 1...40).array(of: 1...12), Gen.int(in: 1...100).array(of: 12), Gen.int(in: 0...150)) { costs, values, budget in
            let v = Array(values.prefix(costs.count))
            let result = Knapsack.solve(costs: costs, values: v, budget: budget, cellLimit: 0)
            #expect(result.value == bruteForce(costs: costs, values: v, budget: budget))
            #expect(result.cost <= budget)
        }
    }

    @Test("a stopped search states a bound no lower than what it found")
    func stoppedSearchStatesBound() {
        let costs = (1...40).map { 1000 + $0 * 37 % 101 }, values = (1...40).map { 50 + $0 * 53 % 97 }
        let result = Knapsack.solve(costs: costs, values: values, budget: 20_000, cellLimit: 0, nodeLimit: 10)
        guard case .bestFound(let bound) = result.method else { Issue.record("expected a stopped search"); return }
        #expect(bound >= result.value)
        #expect(result.cost <= 20_000)
    }

    @Test("a commune the registry lacks data for is not costed but counted")
    func unjudgedCounted() {
        var world = World(Array(1...40))
        world.communes[0].attributes["officials"] = nil
        let plan = Planner.plan(world.evaluation, candidates: world.candidates(), budget: 0)
        #expect(plan.unjudged.map(\.rule.id) == ["pcs"])
        #expect(plan.unjudged.first?.communes == 1)
        #expect(!world.candidates().contains { $0.commune.code == world.communes[0].code && $0.rule.id == "pcs" })
    }

    @Test("the same input always gives the same plan")
    func deterministic() {
        let world = World(Array(1...40))
        let a = Planner.plan(world.evaluation, candidates: world.candidates(), budget: 7_000_000)
        let b = Planner.plan(world.evaluation, candidates: world.candidates().reversed().sorted { $0.commune.code < $1.commune.code }, budget: 7_000_000)
        #expect(a.lines.map { "\($0.commune.code)|\($0.rule.id)" } == b.lines.map { "\($0.commune.code)|\($0.rule.id)" })
    }

    @Test("a score shows its parts: overdue deadline, has none, readiness and the policy's bonus")
    func scoreParts() {
        let rule = TestData.rule("q", item: "queue-machine", domain: "d", deadline: TestData.day("2025-06-30"))
        let island = TestData.commune("21548", "Đặc khu Lý Sơn", type: .dacKhu, attributes: ["island": .bool(true)])
        let policy = PlanPolicy(bonuses: [.init(name: "island", conditions: [Condition(attribute: "island", comparison: .equal(.bool(true)))], points: 2)])
        let score = Planner.score(rule: rule, shortfall: Shortfall(commune: island, have: 0, need: 1), index: 0.25,
                                  asOf: Day(iso: "2025-09-15")!, policy: policy)
        #expect(score.parts.map(\.name) == ["met", "deadline", "rule_weight", "has_none", "readiness", "island"])
        #expect(score.total == 1 + 2 + 1 + 1 + 0.75 + 2)
    }
}
