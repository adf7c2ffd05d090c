import ReadinessCore

/// Reading what people type for budgets and phases; each failure says how to write it.
public enum PlanArguments {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// A budget in VND, 0 or more: "2000000000", "2e9", "2.000.000.000".
    public static func budget(_ raw: String, option: String = "--budget") throws(Problem) -> Int {
        guard let n = Money.parse(raw) else {
            throw Problem(description: "\(option) \"\(raw)\" is not an amount in VND: write e.g. 2000000000, 2e9 or 2.000.000.000")
        }
        guard n >= 0 else {
            throw Problem(description: "\(option) \(raw) is negative: give the money available in VND (0 or more)")
        }
        return n
    }

    /// "1e9,2e9,5e9" or a range "1e9..5e9/5" (five budgets from 1e9 to 5e9, both ends included).
    public static func budgets(_ raw: String) throws(Problem) -> [Int] {
        if raw.contains("..") {
            let parts = raw.split(separator: "/", maxSplits: 1).map(String.init)
            let ends = parts[0].components(separatedBy: "..")
            guard ends.count == 2, parts.count == 2, let steps = Int(parts[1]), steps >= 2 else {
                throw Problem(description: "--budgets \"\(raw)\": write a range as FROM..TO/COUNT, e.g. 1e9..5e9/5 (COUNT ≥ 2)")
            }
            let low = try budget(ends[0], option: "--budgets"), high = try budget(ends[1], option: "--budgets")
            guard low < high else { throw Problem(description: "--budgets \"\(raw)\": FROM must be less than TO") }
            return (0..<steps).map { low + Int((Double(high - low) * Double($0) / Double(steps - 1)).rounded()) }
        }
        var result: [Int] = []
        for piece in raw.split(separator: ",") { result.append(try budget(String(piece), option: "--budgets")) }
        if result.isEmpty { throw Problem(description: "--budgets is empty: write e.g. 1e9,2e9,5e9 or 1e9..5e9/5") }
        return Array(Set(result)).sorted()
    }

    /// "2025-Q4:2e9:2025-12-31" or "2026:3e9": NAME:BUDGET[:DEADLINE].
    public static func phase(_ raw: String) throws(Problem) -> PlanPhase {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (2...3).contains(parts.count), !parts[0].isEmpty else {
            throw Problem(description: "--phase \"\(raw)\": write NAME:BUDGET[:DEADLINE], e.g. 2025-Q4:2e9:2025-12-31")
        }
        let money = try budget(parts[1], option: "--phase \(parts[0])")
        var deadline: Day?
        if parts.count == 3 {
            guard let d = Day(lenient: parts[2]) else {
                throw Problem(description: "--phase \"\(raw)\": \"\(parts[2])\" is not a date: write YYYY-MM-DD or dd/MM/yyyy")
            }
            deadline = d
        }
        return PlanPhase(name: parts[0], budget: money, deadline: deadline)
    }
}
