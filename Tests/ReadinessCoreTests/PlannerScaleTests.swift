import PropertyBased
import Testing
@testable import ReadinessCore

/// The branch and bound as it was written recursively (one call per item): the oracle the search on
/// its own stack must agree with, plan for plan, on small cases.
func recursiveBranchAndBound(costs: [Int], values: [Int], budget: Int, nodeLimit: Int) -> (picked: [Int], exact: Bool, bound: Int) {
    let order = costs.indices.sorted { a, b in
        let l = values[a] * costs[b], r = values[b] * costs[a]
        return l != r ? l > r : a < b
    }
    let c = order.map { Double(costs[$0]) }, v = order.map { Double(values[$0]) }
    let n = order.count
    func relaxation(from k: Int, room: Double) -> Double {
        var room = room, total = 0.0
        for i in k..<n {
            if c[i] <= room { room -= c[i]; total += v[i] } else { total += v[i] * room / c[i]; break }
        }
        return total
    }
    var bestValue = 0, bestSet: [Bool] = Array(repeating: false, count: n)
    do {
        var room = budget
        for i in 0..<n where costs[order[i]] <= room {
            room -= costs[order[i]]; bestValue += values[order[i]]; bestSet[i] = true
        }
    }
    let rootBound = Int(relaxation(from: 0, room: Double(budget)).rounded(.down))
    var nodes = 0, stopped = false
    var current = [Bool](repeating: false, count: n)
    func visit(_ k: Int, room: Int, value: Int) {
        if stopped { return }
        nodes += 1
        if nodes > nodeLimit { stopped = true; return }
        if value > bestValue { bestValue = value; bestSet = current }
        if k == n { return }
        if Double(value) + relaxation(from: k, room: Double(room)) < Double(bestValue) + 1 { return }
        let ci = costs[order[k]]
        if ci <= room {
            current[k] = true
            visit(k + 1, room: room - ci, value: value + values[order[k]])
            current[k] = false
        }
        visit(k + 1, room: room, value: value)
    }
    visit(0, room: budget, value: 0)
    let picked = (0..<n).filter { bestSet[$0] }.map { order[$0] }.sorted()
    return (picked, !stopped, stopped ? max(rootBound, bestValue) : bestValue)
}

@Suite struct PlannerScaleTests {
    @Test("the branch and bound on its own stack chooses what the recursive one chose, stopped or not")
    func iterativeEqualsRecursive() async {
        await propertyCheck(input: Gen.int(in: 1...5_000).array(of: 1...16), Gen.int(in: 1...3_000).array(of: 16),
                            Gen.int(in: 0...40_000), Gen.int(in: 1...300)) { costs, values, budget, nodeLimit in
            let v = Array(values.prefix(costs.count))
            let new = Knapsack.branchAndBound(costs: costs, values: v, budget: budget, nodeLimit: nodeLimit)
            let old = recursiveBranchAndBound(costs: costs, values: v, budget: budget, nodeLimit: nodeLimit)
            #expect(new.picked == old.picked)
            #expect(new.exact == old.exact)
            #expect(new.bound == old.bound)
        }
    }

    @Test("a national plan of about 20,000 lines is chosen without running out of stack, within its budget")
    func nationalSizePlan() {
        // 3,400 communes short on six rules each, at prices and scores that make both dynamic programmes too
        // large, so that the branch and bound runs over every line.
        let day = Day(iso: "2025-09-15")!
        let items = ["queue-machine", "number-display", "lookup-kiosk", "official-pc", "photocopier", "vcs-terminal"]
        let rules = items.enumerated().map { i, item in
            Rule(id: item, item: item, name: .init(vi: item, en: item), minimum: 1 + i % 3, domain: "d\(i % 2)",
                 weight: 1 + Double(i), deadline: Day(iso: i % 2 == 0 ? "2025-06-30" : "2026-03-31")!)
        }
        let checklist = Checklist(id: "national", title: .init(vi: "n", en: "n"), source: "", deadline: day, rules: rules)
        let communes = (0..<3_400).map { i in
            Commune(code: String(10_000 + i), name: "Xã \(i)", type: .xa, attributes: ["island": .bool(i % 17 == 0)])
        }
        let state = InventoryState(asOf: day, holdings: [])
        let evaluation = Evaluator.evaluate(checklist, communes: communes, state: state)
        let prices = PriceList(items.enumerated().map { i, item in
            Price(item: item, unitPrice: 1_000_003 + 7_919 * i, repairPrice: nil, date: day, source: "test")
        })
        let found = Planner.candidates(evaluation, state: state, prices: prices, policy: .standard)
        #expect(found.candidates.count == 20_400)
        let budget = 9_000_000_000
        let plan = Planner.plan(evaluation, candidates: found.candidates, budget: budget)
        #expect(plan.spent <= budget)
        #expect(plan.lines.count + plan.unfunded.count == found.candidates.count)
        #expect(!plan.lines.isEmpty)
        if case .dynamicProgramming = plan.method { Issue.record("expected the branch and bound to run") }
    }

    @Test("line costs and their sums beyond Int are held at Int.max, never trapping")
    func costsSaturate() {
        let day = Day(iso: "2025-09-15")!
        let rule = Rule(id: "pcs", item: "official-pc", name: .init(vi: "p", en: "p"), per: "officials", ratio: 1e300,
                        domain: "d", deadline: day)
        let checklist = Checklist(id: "t", title: .init(vi: "t", en: "t"), source: "", deadline: day, rules: [rule])
        let communes = (0..<3).map { Commune(code: "0000\($0)", name: "Xã \($0)", type: .xa, attributes: ["officials": .int(.max)]) }
        let state = InventoryState(asOf: day, holdings: [])
        let evaluation = Evaluator.evaluate(checklist, communes: communes, state: state)
        let prices = PriceList([Price(item: "official-pc", unitPrice: .max, date: day, source: "t")])
        let found = Planner.candidates(evaluation, state: state, prices: prices, policy: .standard)
        #expect(found.candidates.map(\.cost) == [.max, .max, .max])
        let plan = Planner.plan(evaluation, candidates: found.candidates, budget: .max)
        #expect(plan.closeAllCost == .max)
        let phased = Planner.phasedPlan(evaluation, candidates: found.candidates,
                                        phases: [PlanPhase(name: "a", budget: .max), PlanPhase(name: "b", budget: .max)])
        #expect(phased.budget == .max)
    }
}
