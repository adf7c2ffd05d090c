/// A commune whose standing on a rule changed between two evaluations.
public struct RuleChange: Hashable, Sendable {
    public enum Direction: String, Sendable { case becameMet = "became-met", becameUnmet = "became-unmet", narrowed, widened }
    public var rule: Rule
    public var commune: Commune
    public var before: Outcome
    public var after: Outcome

    /// Met ↔ short, or a shortfall that narrowed or widened; nil when nothing that matters changed.
    public var direction: Direction? { Self.direction(from: before, to: after) }

    static func direction(from before: Outcome, to after: Outcome) -> Direction? {
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
    /// Both evaluations must be of the same checklist; communes are matched by code (registry codes are unique).
    public func changes(since earlier: Evaluation) -> [RuleChange] {
        var result: [RuleChange] = []
        for (i, ruleResult) in rules.enumerated() where i < earlier.rules.count {
            let then = earlier.rules[i].outcomes
            let now = ruleResult.outcomes
            // An import evaluates the same communes in the same order before and after: then the outcomes
            // pair up by position, without a dictionary of codes per rule (a third of the import's summary).
            let samePositions = then.count == now.count
                && then.indices.allSatisfy { then.communes[$0].code == now.communes[$0].code }
            let old = samePositions ? [:]
                : Dictionary(then.indices.map { (then.communes[$0].code, then.outcomes[$0]) }, uniquingKeysWith: { a, _ in a })
            for j in now.indices {
                let after = now.outcomes[j]
                let before = samePositions ? then.outcomes[j] : old[now.communes[j].code] ?? .notApplicable
                // A change (with its copy of the rule and the commune) is made only when it has a direction.
                if before != after && RuleChange.direction(from: before, to: after) != nil {
                    result.append(RuleChange(rule: ruleResult.rule, commune: now.communes[j], before: before, after: after))
                }
            }
        }
        return result
    }
}
