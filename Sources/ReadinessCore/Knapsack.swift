/// How a selection was found, and how far from the best it can be.
public enum SelectionMethod: Hashable, Sendable {
    /// Dynamic programming, over costs divided by their greatest common divisor or over scores: exact.
    case dynamicProgramming
    /// Branch and bound with the linear-relaxation bound, run to the end: exact.
    case branchAndBound
    /// Branch and bound stopped at its node limit: the best plan found, and an upper bound on the best possible value.
    case bestFound(bound: Int)

    public var isExact: Bool { if case .bestFound = self { false } else { true } }
}

/// The 0/1 knapsack: choose items to maximise the total value with total cost within a budget.
/// Among plans of equal value the cheaper one wins; the rest is decided by item order, so the
/// same input always gives the same plan.
public enum Knapsack {
    public struct Result: Hashable, Sendable {
        /// Indices of the chosen items, ascending.
        public var chosen: [Int]
        public var value: Int
        public var cost: Int
        public var method: SelectionMethod
    }

    /// - Parameters:
    ///   - cellLimit: the largest DP table (items × scaled budget) tried before branch and bound.
    ///   - nodeLimit: the branch-and-bound nodes visited before settling for the best found.
    public static func solve(costs: [Int], values: [Int], budget: Int,
                             cellLimit: Int = 40_000_000, nodeLimit: Int = 2_000_000) -> Result {
        precondition(costs.count == values.count)
        let budget = max(0, budget)
        // Free items are always taken; items dearer than the whole budget never are.
        let chosen = costs.indices.filter { costs[$0] == 0 && values[$0] > 0 }
        let open = costs.indices.filter { costs[$0] > 0 && costs[$0] <= budget && values[$0] > 0 }
        func finish(_ picked: [Int], _ method: SelectionMethod) -> Result {
            let all = (chosen + picked).sorted()
            return Result(chosen: all, value: all.reduce(0) { $0 + values[$1] },
                          cost: all.reduce(0) { $0 + costs[$1] }, method: method)
        }
        if open.isEmpty { return finish([], .dynamicProgramming) }
        let total = open.reduce(0) { $0 + costs[$1] }
        if total <= budget { return finish(open, .dynamicProgramming) }
        let g = open.reduce(0) { gcd($0, costs[$1]) }
        let capacity = budget / g
        if open.count.multipliedReportingOverflow(by: capacity + 1).partialValue <= cellLimit,
           !open.count.multipliedReportingOverflow(by: capacity + 1).overflow {
            let picked = dynamicProgramming(weights: open.map { costs[$0] / g }, values: open.map { values[$0] }, capacity: capacity)
            return finish(picked.map { open[$0] }, .dynamicProgramming)
        }
        let totalValue = open.reduce(0) { $0 + values[$1] }
        let byValue = open.count.multipliedReportingOverflow(by: totalValue + 1)
        if !byValue.overflow, byValue.partialValue <= cellLimit {
            let picked = dynamicProgrammingByValue(costs: open.map { costs[$0] }, values: open.map { values[$0] }, budget: budget)
            return finish(picked.map { open[$0] }, .dynamicProgramming)
        }
        let (picked, exact, bound) = branchAndBound(costs: open.map { costs[$0] }, values: open.map { values[$0] },
                                                    budget: budget, nodeLimit: nodeLimit)
        let free = chosen.reduce(0) { $0 + values[$1] }
        return finish(picked.map { open[$0] }, exact ? .branchAndBound : .bestFound(bound: bound + free))
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// best[c] = the most value at exact cost c; the cheapest cost reaching the most value wins.
    static func dynamicProgramming(weights: [Int], values: [Int], capacity: Int) -> [Int] {
        let n = weights.count, width = capacity + 1
        var best = [Int](repeating: -1, count: width)
        best[0] = 0
        var keep = [Bool](repeating: false, count: n * width)
        for i in 0..<n {
            let w = weights[i], v = values[i]
            guard w <= capacity else { continue }
            var c = capacity
            while c >= w {
                let from = best[c - w]
                if from >= 0 && from + v > best[c] {
                    best[c] = from + v
                    keep[i * width + c] = true
                }
                c -= 1
            }
        }
        var bestCost = 0
        for c in 0..<width where best[c] > best[bestCost] { bestCost = c }
        return backtrack(keep, width: width, count: n, from: bestCost, steps: weights)
    }

    /// Walks a dynamic-programming table back from its best column: item i was taken where `keep` marks
    /// it in the current column, which then moves back by the item's step (its cost or its value).
    static func backtrack(_ keep: [Bool], width: Int, count n: Int, from start: Int, steps: [Int]) -> [Int] {
        var picked: [Int] = []
        var column = start
        for i in stride(from: n - 1, through: 0, by: -1) where keep[i * width + column] {
            picked.append(i)
            column -= steps[i]
        }
        return picked.sorted()
    }

    /// cheapest[v] = the least cost reaching exactly value v; the most value within the budget wins, then the
    /// least cost. Exact whatever the costs, when the total value is small (scores are in hundredths).
    static func dynamicProgrammingByValue(costs: [Int], values: [Int], budget: Int) -> [Int] {
        let n = costs.count, width = values.reduce(0, +) + 1
        var cheapest = [Int](repeating: .max, count: width)
        cheapest[0] = 0
        var keep = [Bool](repeating: false, count: n * width)
        var reached = 0
        for i in 0..<n {
            let c = costs[i], w = values[i]
            reached += w
            var v = reached
            while v >= w {
                let from = cheapest[v - w]
                if from != .max, from + c <= budget, from + c < cheapest[v] {
                    cheapest[v] = from + c
                    keep[i * width + v] = true
                }
                v -= 1
            }
        }
        var best = 0
        for v in 0..<width where cheapest[v] <= budget { best = v }
        return backtrack(keep, width: width, count: n, from: best, steps: values)
    }

    /// Depth-first branch and bound over items sorted by value per cost, bounded by the linear relaxation.
    static func branchAndBound(costs: [Int], values: [Int], budget: Int, nodeLimit: Int) -> (picked: [Int], exact: Bool, bound: Int) {
        let order = costs.indices.sorted { a, b in
            let l = values[a] * costs[b], r = values[b] * costs[a]   // values[a]/costs[a] > values[b]/costs[b]
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
        // Greedy start.
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
}
