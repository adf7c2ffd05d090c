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
            return Result(chosen: all, value: all.reduce(0) { $0.addingSaturated(values[$1]) },
                          cost: all.reduce(0) { $0.addingSaturated(costs[$1]) }, method: method)
        }
        if open.isEmpty { return finish([], .dynamicProgramming) }
        // (Sums are held at Int.max rather than overflowing: a sum that large is more than any budget.)
        let total = open.reduce(0) { $0.addingSaturated(costs[$1]) }
        if total <= budget { return finish(open, .dynamicProgramming) }
        let g = open.reduce(0) { gcd($0, costs[$1]) }
        let capacity = budget / g
        if open.count.multipliedReportingOverflow(by: capacity + 1).partialValue <= cellLimit,
           !open.count.multipliedReportingOverflow(by: capacity + 1).overflow {
            let picked = dynamicProgramming(weights: open.map { costs[$0] / g }, values: open.map { values[$0] }, capacity: capacity)
            return finish(picked.map { open[$0] }, .dynamicProgramming)
        }
        let totalValue = open.reduce(0) { $0.addingSaturated(values[$1]) }
        let byValue = open.count.multipliedReportingOverflow(by: totalValue.addingSaturated(1))
        if !byValue.overflow, byValue.partialValue <= cellLimit {
            let picked = dynamicProgrammingByValue(costs: open.map { costs[$0] }, values: open.map { values[$0] }, budget: budget)
            return finish(picked.map { open[$0] }, .dynamicProgramming)
        }
        let (picked, exact, bound) = branchAndBound(costs: open.map { costs[$0] }, values: open.map { values[$0] },
                                                    budget: budget, nodeLimit: nodeLimit)
        let free = chosen.reduce(0) { $0.addingSaturated(values[$1]) }
        return finish(picked.map { open[$0] }, exact ? .branchAndBound : .bestFound(bound: bound.addingSaturated(free)))
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

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
                if from != .max, c <= budget - from, from + c < cheapest[v] {
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
    /// The search keeps its own stack (one pending sibling per level), never the call stack, so that no
    /// number of items can overflow it; it visits the nodes in the order a recursive search would (taking
    /// an item before leaving it out) and so finds the same plan. The relaxation is read from running
    /// sums of the sorted costs and values (a binary search, not a walk): the same numbers, exactly, as
    /// long as the costs sum within Int and below 2^53 and so do the values.
    static func branchAndBound(costs: [Int], values: [Int], budget: Int, nodeLimit: Int) -> (picked: [Int], exact: Bool, bound: Int) {
        let order = costs.indices.sorted { a, b in
            // values[a]/costs[a] > values[b]/costs[b], compared as exact double-width products.
            let l = values[a].multipliedFullWidth(by: costs[b]), r = values[b].multipliedFullWidth(by: costs[a])
            return (l.high, l.low) != (r.high, r.low) ? (l.high, l.low) > (r.high, r.low) : a < b
        }
        let c = order.map { Double(costs[$0]) }, v = order.map { Double(values[$0]) }
        let n = order.count
        // costSum[i], valueSum[i]: the sums of the first i sorted items.
        var costSum = [Int](repeating: 0, count: n + 1), valueSum = costSum
        for i in 0..<n {
            costSum[i + 1] = costSum[i].addingSaturated(costs[order[i]])
            valueSum[i + 1] = valueSum[i].addingSaturated(values[order[i]])
        }
        /// Taking items k, k+1, … whole while they fit, then the fraction of the first that does not.
        func relaxation(from k: Int, room: Int) -> Double {
            // The last j in k...n with costSum[j] - costSum[k] <= room: items k..<j fit whole.
            let limit = costSum[k].addingSaturated(room)
            var low = k, high = n
            while low < high {
                let mid = (low + high + 1) / 2
                if costSum[mid] <= limit { low = mid } else { high = mid - 1 }
            }
            let j = low
            let total = Double(valueSum[j] - valueSum[k])
            guard j < n else { return total }
            return total + v[j] * Double(room - (costSum[j] - costSum[k])) / c[j]
        }
        // Greedy start.
        var bestValue = 0, bestSet: [Bool] = Array(repeating: false, count: n)
        do {
            var room = budget
            for i in 0..<n where costs[order[i]] <= room {
                room -= costs[order[i]]; bestValue += values[order[i]]; bestSet[i] = true
            }
        }
        let rootRelaxation = relaxation(from: 0, room: budget).rounded(.down)
        let rootBound = rootRelaxation < 9.2e18 ? Int(rootRelaxation) : Int.max
        var nodes = 0, stopped = false
        // current[i]: whether the path to the node being visited takes sorted item i (for i below its depth).
        var current = [Bool](repeating: false, count: n)
        var stack: [(depth: Int, room: Int, value: Int, takes: Bool)] = [(0, budget, 0, false)]
        while let node = stack.popLast() {
            nodes += 1
            if nodes > nodeLimit { stopped = true; break }
            let k = node.depth
            if k > 0 { current[k - 1] = node.takes }
            if node.value > bestValue {
                bestValue = node.value
                bestSet = Array(current[0..<k]) + Array(repeating: false, count: n - k)
            }
            if k == n { continue }
            if Double(node.value) + relaxation(from: k, room: node.room) < Double(bestValue) + 1 { continue }
            // Leaving item k out is pushed first, so that taking it is visited first.
            stack.append((k + 1, node.room, node.value, false))
            let ci = costs[order[k]]
            if ci <= node.room { stack.append((k + 1, node.room - ci, node.value.addingSaturated(values[order[k]]), true)) }
        }
        let picked = (0..<n).filter { bestSet[$0] }.map { order[$0] }.sorted()
        return (picked, !stopped, stopped ? max(rootBound, bestValue) : bestValue)
    }
}
