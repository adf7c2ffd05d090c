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

/// A rule's outcome for each commune evaluated, as (commune, outcome) pairs: a view over the communes
/// and the outcomes, both shared by the whole evaluation, so that no commune is copied for each rule
/// (copying 3,321 communes for each of 10 rules, and freeing them, was a third of an evaluation).
public struct CommuneOutcomes: RandomAccessCollection, Sendable {
    /// The communes evaluated, in registry order (the same array for every rule).
    public let communes: [Commune]
    /// `outcomes[j]` is the outcome for `communes[j]`.
    public let outcomes: [Outcome]

    init(communes: [Commune], outcomes: [Outcome]) {
        precondition(communes.count == outcomes.count)
        self.communes = communes
        self.outcomes = outcomes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { outcomes.count }
    public subscript(position: Int) -> (commune: Commune, outcome: Outcome) { (communes[position], outcomes[position]) }
}

/// A commune's outcome on each rule, as (rule, outcome) pairs: a view over the checklist's rules,
/// shared by every commune, and the commune's outcomes (no rule copied per commune).
public struct RuleOutcomes: RandomAccessCollection, Sendable {
    /// The checklist's rules, in order.
    public let rules: [Rule]
    /// `outcomes[i]` is the outcome on `rules[i]`.
    public let outcomes: [Outcome]

    init(rules: [Rule], outcomes: [Outcome]) {
        precondition(rules.count == outcomes.count)
        self.rules = rules
        self.outcomes = outcomes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { outcomes.count }
    public subscript(position: Int) -> (rule: Rule, outcome: Outcome) { (rules[position], outcomes[position]) }
}

/// One rule over all communes.
public struct RuleResult: Sendable {
    public var rule: Rule
    /// Outcome per commune, in registry order.
    public let outcomes: CommuneOutcomes

    /// Communes the rule applies to (the denominator of "42/96").
    public let total: Int
    public let shortCount: Int
    public let metCount: Int
    /// Communes that cannot be judged (the length of `unknown`).
    public let unknownCount: Int

    /// The counts are kept, not computed on each use: reports ask for them per line and per
    /// name, and walking the 3,321 outcomes each time was a fifth of `gaps` on the national list.
    init(rule: Rule, outcomes: CommuneOutcomes) {
        self.rule = rule
        self.outcomes = outcomes
        var short = 0, met = 0, unknown = 0, notApplicable = 0
        for outcome in outcomes.outcomes {
            switch outcome {
            case .met: met += 1
            case .short: short += 1
            case .unknown: unknown += 1
            case .notApplicable: notApplicable += 1
            }
        }
        total = outcomes.count - notApplicable
        shortCount = short
        metCount = met
        unknownCount = unknown
    }

    public var shortfalls: [Shortfall] { shortfalls(upTo: shortCount) }

    /// The first `limit` shortfalls in registry order: a report that shows five names makes only five.
    public func shortfalls(upTo limit: Int) -> [Shortfall] {
        var result: [Shortfall] = []
        result.reserveCapacity(min(max(0, limit), shortCount))
        for (j, outcome) in outcomes.outcomes.enumerated() {
            if result.count >= limit { break }
            if case .short(let have, let need) = outcome { result.append(Shortfall(commune: outcomes.communes[j], have: have, need: need)) }
        }
        return result
    }
    /// The registry attribute missing where a commune cannot be judged (the first such commune's).
    public var missingAttribute: String? {
        guard unknownCount > 0 else { return nil }
        for outcome in outcomes.outcomes { if case .unknown(let name) = outcome { return name } }
        return nil
    }

    /// "20/96 địa phương chưa có …", saying how many communes cannot be judged when some cannot.
    public func gapLine(_ language: Language) -> String {
        rule.gapLine(short: shortCount, total: total, unknown: unknownCount, missing: missingAttribute, language: language)
    }

    /// Communes that cannot be judged for lack of a registry attribute.
    public var unknown: [Commune] {
        guard unknownCount > 0 else { return [] }
        return outcomes.outcomes.indices.compactMap { j in
            if case .unknown = outcomes.outcomes[j] { outcomes.communes[j] } else { nil }
        }
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
    /// Outcome per rule, in checklist order.
    public var outcomes: RuleOutcomes
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

    /// The checklist's title for the communes judged: its `{province}` names their province.
    public func title(_ language: Language) -> String {
        checklist.title(language, provinces: communes.map(\.commune.provinceName))
    }

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
    /// Units a commune needs to meet a rule, or the attribute that is missing to know it. Computed without
    /// trapping whatever the numbers (a need beyond Int is held at Int.max, a negative one counts as 0).
    public static func need(of rule: Rule, for commune: Commune) -> Result<Int, MissingAttribute> {
        guard let per = rule.per else { return .success(rule.minimum) }
        guard case .int(let n)? = commune.attribute(per) else { return .failure(MissingAttribute(name: per)) }
        let perCount = Int.clampedRoundingUp(Double(n) * rule.ratio)
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
        outcome(of: rule, for: commune, holdings: state.items(of: commune.code), on: state.asOf)
    }

    /// The outcome given the commune's holdings by item (looked up once per commune, not per rule).
    /// A commune lacking an attribute the rule selects on (`applies_to.where`) cannot be judged, as one lacking
    /// the attribute it counts by: it is never silently left out of "k/n".
    static func outcome(of rule: Rule, for commune: Commune, holdings: [String: Holding]?, on asOf: Day) -> Outcome {
        if let types = rule.appliesTo.types, !types.contains(commune.type) { return .notApplicable }
        if commune.awaitingTransfer { return .unknown(missingAttribute: Commune.transferAttribute) }
        if let missing = rule.appliesTo.conditions.first(where: { commune.attribute($0.attribute) == nil }) {
            return .unknown(missingAttribute: missing.attribute)
        }
        guard rule.appliesTo.applies(to: commune, on: asOf) else { return .notApplicable }
        switch need(of: rule, for: commune) {
        case .failure(let missing): return .unknown(missingAttribute: missing.name)
        case .success(let need):
            let have = qualifying(holdings?[rule.item], for: rule, on: asOf)
            return have >= need ? .met(have: have, need: need) : .short(have: have, need: need)
        }
    }

    /// Evaluates a checklist for the given communes on the state's date.
    /// `domainOrder` orders the domain scores (the catalogue's order); domains not listed follow by name.
    public static func evaluate(_ checklist: Checklist, communes: [Commune], state: InventoryState,
                                domainOrder: [String] = []) -> Evaluation {
        let rules = checklist.rules
        let layout = DomainLayout(orderedDomains(rules.map(\.domain), order: domainOrder), rules: rules)
        // Rule by rule over the communes, with each commune's holdings looked up once for all rules; the
        // outcomes go by position both to each rule's result and to each commune's. A rule is no longer
        // copied per outcome (enumerating the rules per commune did that: a quarter of evaluating).
        let holdings = communes.map { state.items(of: $0.code) }
        var byRule: [[Outcome]] = []
        byRule.reserveCapacity(rules.count)
        for rule in rules {
            var column: [Outcome] = []
            column.reserveCapacity(communes.count)
            for j in communes.indices {
                column.append(outcome(of: rule, for: communes[j], holdings: holdings[j], on: state.asOf))
            }
            byRule.append(column)
        }
        let communeResults = communes.indices.map { j in
            communeResult(communes[j], RuleOutcomes(rules: rules, outcomes: byRule.map { $0[j] }), layout, classes: checklist.classes)
        }
        let ruleResults = rules.indices.map { i in
            RuleResult(rule: rules[i], outcomes: CommuneOutcomes(communes: communes, outcomes: byRule[i]))
        }
        return Evaluation(checklist: checklist, asOf: state.asOf, rules: ruleResults, communes: communeResults)
    }

    static func orderedDomains(_ used: [String], order: [String]) -> [String] {
        let usedSet = Set(used)
        let known = order.filter { usedSet.contains($0) }
        let rest = usedSet.subtracting(known).sorted()
        return known + rest
    }

    /// The domains scored, in order, and the one each rule counts for, worked out once per evaluation.
    struct DomainLayout {
        var domains: [String]
        /// Per rule: the index in `domains` of its domain (-1: not scored).
        var ofRule: [Int]
        /// Per entry of `domains`: the index of its first occurrence (a domain listed twice is scored twice, as it was).
        var first: [Int]

        init(_ domains: [String], rules: [Rule]) {
            self.domains = domains
            ofRule = rules.map { domains.firstIndex(of: $0.domain) ?? -1 }
            first = domains.map { domains.firstIndex(of: $0)! }
        }
    }

    static func communeResult(_ commune: Commune, _ pairs: [(Rule, Outcome)], domains: [String],
                              classes: ClassThresholds) -> CommuneResult {
        let rules = pairs.map(\.0)
        return communeResult(commune, RuleOutcomes(rules: rules, outcomes: pairs.map(\.1)), DomainLayout(domains, rules: rules),
                             classes: classes)
    }

    /// `outcomes` are on the rules `layout` was made for, in the same order.
    static func communeResult(_ commune: Commune, _ outcomes: RuleOutcomes, _ layout: DomainLayout,
                              classes: ClassThresholds) -> CommuneResult {
        // One pass over the rules with each one's domain known by index (not a pass per domain comparing
        // names); each domain still sums its weights in rule order, so the scores are the same to the bit.
        var total = [Double](repeating: 0, count: layout.domains.count), met = total
        for (i, outcome) in outcomes.outcomes.enumerated() where outcome.isApplicable && layout.ofRule[i] >= 0 {
            let d = layout.ofRule[i], weight = outcomes.rules[i].weight
            total[d] += weight
            if outcome.isMet { met[d] += weight }   // unknown counts as not met: never look readier than known
        }
        var scores: [(domain: String, score: Double)] = []
        for (d, domain) in layout.domains.enumerated() {
            let k = layout.first[d]
            if total[k] > 0 { scores.append((domain, met[k] / total[k])) }
        }
        let index: Double? = scores.isEmpty ? nil : scores.map(\.score).reduce(0, +) / Double(scores.count)
        return CommuneResult(commune: commune, outcomes: outcomes, domainScores: scores,
                             index: index, readinessClass: index.map { classify($0, classes) })
    }

    public static func classify(_ index: Double, _ classes: ClassThresholds) -> ReadinessClass {
        let epsilon = 1e-9
        if index + epsilon >= classes.fullyMet { return .fullyMet }
        if index + epsilon >= classes.partlyMet { return .partlyMet }
        return .notMet
    }
}
