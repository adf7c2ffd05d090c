/// How one commune stands against one rule.
public enum Outcome: Hashable, Sendable {
    /// Has at least what the rule needs (qualifying working units `have` ≥ `need`).
    case met(have: Int, need: Int)
    /// Short by `need - have`; `have == 0` is "has none", otherwise "not enough".
    case short(have: Int, need: Int)
    /// The rule does not apply to this commune (its type or attributes).
    case notApplicable
    /// The rule needs a commune attribute the registry does not have (e.g. `officials`).
    case unknown(missingAttribute: String)

    public var isMet: Bool { if case .met = self { true } else { false } }
    public var isShort: Bool { if case .short = self { true } else { false } }
    public var isApplicable: Bool { self != .notApplicable }

    /// Units missing: 0 unless short.
    public var missing: Int {
        if case .short(let have, let need) = self { need - have } else { 0 }
    }
}

/// A commune short on a rule, with what it has and needs.
public struct Shortfall: Hashable, Sendable {
    public var commune: Commune
    public var have: Int
    public var need: Int
    public var missing: Int { need - have }
    /// "chưa có" rather than "chưa đủ".
    public var hasNone: Bool { have == 0 }
}

/// One rule over all communes.
public struct RuleResult: Sendable {
    public var rule: Rule
    /// Outcome per commune, in registry order.
    public var outcomes: [(commune: Commune, outcome: Outcome)]

    /// Communes the rule applies to (the denominator of "42/96").
    public var total: Int { outcomes.filter { $0.outcome.isApplicable }.count }
    public var shortfalls: [Shortfall] {
        outcomes.compactMap { entry in
            if case .short(let have, let need) = entry.outcome {
                return Shortfall(commune: entry.commune, have: have, need: need)
            }
            return nil
        }
    }
    public var shortCount: Int { outcomes.filter { $0.outcome.isShort }.count }
    public var metCount: Int { outcomes.filter { $0.outcome.isMet }.count }
    /// Communes that cannot be judged for lack of a registry attribute.
    public var unknown: [Commune] {
        outcomes.compactMap { if case .unknown = $0.outcome { $0.commune } else { nil } }
    }
}

/// How a commune is classed by its readiness index.
public enum ReadinessClass: String, Sendable, CaseIterable {
    case fullyMet = "fully-met"
    case partlyMet = "partly-met"
    case notMet = "not-met"

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.fullyMet, .vi): "Đạt đầy đủ"
        case (.fullyMet, .en): "Fully met"
        case (.partlyMet, .vi): "Đạt một phần"
        case (.partlyMet, .en): "Partly met"
        case (.notMet, .vi): "Chưa đạt"
        case (.notMet, .en): "Not met"
        }
    }
}

/// One commune over all rules: its outcomes, domain scores and readiness index.
public struct CommuneResult: Sendable {
    public var commune: Commune
    public var outcomes: [(rule: Rule, outcome: Outcome)]
    /// Share of applicable rules met per domain, weighted by rule weight (catalogue order).
    public var domainScores: [(domain: String, score: Double)]
    /// Mean of the domain scores (WHO SARA style); nil when no rule applies.
    public var index: Double?
    public var readinessClass: ReadinessClass?
}

/// A checklist evaluated against the inventory on one date.
public struct Evaluation: Sendable {
    public var checklist: Checklist
    public var asOf: Day
    public var rules: [RuleResult]
    public var communes: [CommuneResult]

    /// Communes per class, in class order.
    public var classCounts: [ReadinessClass: Int] {
        var counts: [ReadinessClass: Int] = [:]
        for c in ReadinessClass.allCases { counts[c] = 0 }
        for r in communes { if let k = r.readinessClass { counts[k, default: 0] += 1 } }
        return counts
    }

    public func result(for communeCode: String) -> CommuneResult? {
        communes.first { $0.commune.code == communeCode }
    }
}

public enum Evaluator {
    /// Units a commune needs to meet a rule, or the attribute that is missing to know it.
    public static func need(of rule: Rule, for commune: Commune) -> Result<Int, MissingAttribute> {
        guard let per = rule.per else { return .success(rule.minimum) }
        guard case .int(let n)? = commune.attribute(per) else { return .failure(MissingAttribute(name: per)) }
        let perCount = Int((Double(n) * rule.ratio).rounded(.up))
        return .success(max(rule.minimum, perCount))
    }

    public struct MissingAttribute: Error, Hashable { public var name: String }

    /// Working units of a holding that count for a rule: all of them when the
    /// holding meets every condition, none otherwise. Broken units never count.
    public static func qualifying(_ holding: Holding?, for rule: Rule, on asOf: Day) -> Int {
        guard let holding else { return 0 }
        let ok = rule.require.allSatisfy { $0.holds(for: holding.attributes[$0.attribute], on: asOf) }
        return ok ? max(0, holding.working) : 0
    }

    public static func outcome(of rule: Rule, for commune: Commune, in state: InventoryState) -> Outcome {
        guard rule.appliesTo.applies(to: commune, on: state.asOf) else { return .notApplicable }
        switch need(of: rule, for: commune) {
        case .failure(let missing): return .unknown(missingAttribute: missing.name)
        case .success(let need):
            let have = qualifying(state.holding(commune: commune.code, item: rule.item), for: rule, on: state.asOf)
            return have >= need ? .met(have: have, need: need) : .short(have: have, need: need)
        }
    }

    /// Evaluates a checklist for the given communes on the state's date.
    /// `domainOrder` orders the domain scores (the catalogue's order); domains not listed follow by name.
    public static func evaluate(_ checklist: Checklist, communes: [Commune], state: InventoryState,
                                domainOrder: [String] = []) -> Evaluation {
        var outcomes: [[Outcome]] = []  // [rule][commune]
        outcomes.reserveCapacity(checklist.rules.count)
        for rule in checklist.rules {
            outcomes.append(communes.map { outcome(of: rule, for: $0, in: state) })
        }
        let ruleResults = checklist.rules.enumerated().map { i, rule in
            RuleResult(rule: rule, outcomes: communes.enumerated().map { j, c in (c, outcomes[i][j]) })
        }
        let domains = orderedDomains(checklist.rules.map(\.domain), order: domainOrder)
        let communeResults = communes.enumerated().map { j, commune in
            let pairs = checklist.rules.enumerated().map { i, rule in (rule, outcomes[i][j]) }
            return communeResult(commune, pairs, domains: domains, classes: checklist.classes)
        }
        return Evaluation(checklist: checklist, asOf: state.asOf, rules: ruleResults, communes: communeResults)
    }

    static func orderedDomains(_ used: [String], order: [String]) -> [String] {
        let usedSet = Set(used)
        let known = order.filter { usedSet.contains($0) }
        let rest = usedSet.subtracting(known).sorted()
        return known + rest
    }

    static func communeResult(_ commune: Commune, _ pairs: [(Rule, Outcome)], domains: [String],
                              classes: ClassThresholds) -> CommuneResult {
        var scores: [(String, Double)] = []
        for domain in domains {
            var total = 0.0, met = 0.0
            for (rule, outcome) in pairs where rule.domain == domain && outcome.isApplicable {
                total += rule.weight
                if outcome.isMet { met += rule.weight }   // unknown counts as not met: never look readier than known
            }
            if total > 0 { scores.append((domain, met / total)) }
        }
        let index: Double? = scores.isEmpty ? nil : scores.map(\.1).reduce(0, +) / Double(scores.count)
        return CommuneResult(commune: commune, outcomes: pairs.map { (rule: $0.0, outcome: $0.1) },
                             domainScores: scores.map { (domain: $0.0, score: $0.1) },
                             index: index, readinessClass: index.map { classify($0, classes) })
    }

    public static func classify(_ index: Double, _ classes: ClassThresholds) -> ReadinessClass {
        let epsilon = 1e-9
        if index + epsilon >= classes.fullyMet { return .fullyMet }
        if index + epsilon >= classes.partlyMet { return .partlyMet }
        return .notMet
    }
}
