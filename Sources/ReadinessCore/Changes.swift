/// A commune whose standing on a rule changed between two evaluations.
public struct RuleChange: Hashable, Sendable {
    public enum Direction: String, Sendable { case becameMet = "became-met", becameUnmet = "became-unmet", narrowed, widened }
    public var rule: Rule
    public var commune: Commune
    public var before: Outcome
    public var after: Outcome

    /// Met ↔ short, or a shortfall that narrowed or widened; nil when nothing that matters changed.
    public var direction: Direction? {
        switch (before.isMet, after.isMet) {
        case (false, true): return .becameMet
        case (true, false): return after.isShort ? .becameUnmet : nil
        default:
            if before.isShort, after.isShort, before.missing != after.missing {
                return after.missing < before.missing ? .narrowed : .widened
            }
            return nil
        }
    }
}

extension Evaluation {
    /// Every (rule, commune) whose outcome differs from `earlier`, in checklist then registry order.
    /// Both evaluations must be of the same checklist; communes are matched by code.
    public func changes(since earlier: Evaluation) -> [RuleChange] {
        var result: [RuleChange] = []
        for (i, ruleResult) in rules.enumerated() where i < earlier.rules.count {
            let old = Dictionary(earlier.rules[i].outcomes.map { ($0.commune.code, $0.outcome) }, uniquingKeysWith: { a, _ in a })
            for (commune, outcome) in ruleResult.outcomes {
                let before = old[commune.code] ?? .notApplicable
                if before != outcome {
                    let change = RuleChange(rule: ruleResult.rule, commune: commune, before: before, after: outcome)
                    if change.direction != nil { result.append(change) }
                }
            }
        }
        return result
    }
}
