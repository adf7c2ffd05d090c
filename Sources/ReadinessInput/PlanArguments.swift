import ReadinessCore

/// Reading what people type for budgets and phases; each failure says how to write it. Every amount is
/// 0 to `Limits.money` (10^15 đ); at most `Limits.budgetCount` budgets and `Limits.phaseCount` phases.
public enum PlanArguments {
    public struct Problem: Error, CustomStringConvertible {
        /// How to write it, in either language.
        public var phrase: Phrase
        init(description: Phrase) { phrase = description }
        /// In English.
        public var description: String { phrase.text(.en) }
    }

    static var largest: String { Limits.grouped(Limits.money.upperBound) }

    /// A budget in VND, 0 to 10^15: "2000000000", "2e9", "2.000.000.000".
    public static func budget(_ raw: String, option: String = "--budget") throws(Problem) -> Int {
        switch Money.read(raw) {
        case .invalid:
            throw Problem(description: "\(option) \"\(raw)\" is not an amount in VND: write e.g. 2000000000, 2e9 or 2.000.000.000")
        case .tooLarge:
            throw Problem(description: "\(option) \(raw) is too large: give 0 to \(largest) VND (10^15)")
        case .amount(let n) where n < 0:
            throw Problem(description: "\(option) \(raw) is negative: give the money available in VND (0 or more)")
        case .amount(let n) where n > Limits.money.upperBound:
            throw Problem(description: "\(option) \(raw) is too large: give 0 to \(largest) VND (10^15)")
        case .amount(let n):
            return n
        }
    }

    /// "1e9,2e9,5e9" or a range "1e9..5e9/5" (five budgets from 1e9 to 5e9, both ends included); at most 100 budgets.
    public static func budgets(_ raw: String) throws(Problem) -> [Int] {
        let most = Limits.budgetCount
        if raw.contains("..") {
            let parts = raw.split(separator: "/", maxSplits: 1).map(String.init)
            let ends = parts[0].components(separatedBy: "..")
            guard ends.count == 2, parts.count == 2, let steps = Numerals.whole(parts[1]) ?? (Numerals.looksWhole(parts[1]) ? Int.max : nil),
                  steps >= 2 else {
                throw Problem(description: "--budgets \"\(raw)\": write a range as FROM..TO/COUNT, e.g. 1e9..5e9/5 (COUNT from 2 to \(most))")
            }
            guard steps <= most else {
                throw Problem(description: "--budgets \"\(raw)\": COUNT \(parts[1]) is too many: compare 2 to \(most) budgets")
            }
            let low = try budget(ends[0], option: "--budgets"), high = try budget(ends[1], option: "--budgets")
            guard low < high else { throw Problem(description: "--budgets \"\(raw)\": FROM must be less than TO") }
            // (Both ends are at most 10^15, so the span and each step are exact in Double and far from Int's limits.)
            return (0..<steps).map { low + Int((Double(high - low) * Double($0) / Double(steps - 1)).rounded()) }
        }
        let pieces = raw.split(separator: ",")
        guard pieces.count <= most else {
            throw Problem(description: "--budgets lists \(pieces.count) budgets: compare at most \(most)")
        }
        var result: [Int] = []
        for piece in pieces { result.append(try budget(String(piece), option: "--budgets")) }
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

    /// Every `--phase`, in order: 1 to 20 of them, each budget 0 to 10^15, so their total is at most 2·10^16.
    public static func phases(_ raws: [String]) throws(Problem) -> [PlanPhase] {
        guard raws.count <= Limits.phaseCount else {
            throw Problem(description: "\(raws.count) --phase options: a plan has at most \(Limits.phaseCount) budget periods")
        }
        var result: [PlanPhase] = []
        for raw in raws { result.append(try phase(raw)) }
        return result
    }
}
