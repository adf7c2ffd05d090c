import ReadinessCore
import Yams

/// The priority policy of a plan, in YAML:
///
/// ```yaml
/// weights:
///   deadline: 2       # overdue rules first, then the nearest deadline
///   rule_weight: 1    # the rule's weight in the checklist
///   has_none: 1       # "chưa có" before "chưa đủ"
///   readiness: 1      # the least ready communes first
/// rule_weights:       # replace the checklist's weight of single rules
///   vcs-terminal: 3
/// bonuses:
///   - name: island commune
///     where: {island: true}
///     points: 2
/// ```
/// Every key is optional; an unknown key, or a rule the checklist does not have, is an error with its file:line:column.
public enum PolicyFile {
    static let topKeys: Set<String> = ["version", "weights", "rule_weights", "bonuses"]
    static let weightKeys: Set<String> = ["deadline", "rule_weight", "has_none", "readiness"]
    static let bonusKeys: Set<String> = ["name", "where", "points"]

    /// - Parameters:
    ///   - checklist: when given, the rule ids of `rule_weights` are checked against it.
    ///   - registry: when given, the commune attributes of the bonuses are checked against the registry's (`RegistryCheck`).
    public static func parse(_ text: String, file: String, checklist: Checklist? = nil,
                             registry: RegistryAttributes? = nil) throws(InputProblems) -> PlanPolicy {
        let r = YAMLReader(file: file)
        let registryCheck = RegistryCheck(registry: registry, r: r)
        guard let root = r.root(of: text) else { throw InputProblems(r.issues) }
        var policy = PlanPolicy.standard
        guard let top = r.mapping(root, "the policy", allowed: topKeys) else { throw InputProblems(r.issues) }
        if let version = top["version"], let v = r.int(version, "version", in: 1...1_000), v != 1 {
            r.issue(version, "version \(v) is not known: this program reads version 1")
        }
        if let w = r.mapping(top["weights"], "weights", allowed: weightKeys) {
            if let x = w["deadline"].flatMap({ r.number($0, "weights.deadline", maximum: Limits.weightMaximum) }) { policy.deadline = x }
            if let x = w["rule_weight"].flatMap({ r.number($0, "weights.rule_weight", maximum: Limits.weightMaximum) }) { policy.ruleWeight = x }
            if let x = w["has_none"].flatMap({ r.number($0, "weights.has_none", maximum: Limits.weightMaximum) }) { policy.hasNone = x }
            if let x = w["readiness"].flatMap({ r.number($0, "weights.readiness", maximum: Limits.weightMaximum) }) { policy.readiness = x }
        }
        if let node = top["rule_weights"] {
            let ids = checklist.map { Set($0.rules.map(\.id)) } ?? Set(node.mapping?.keys.compactMap(\.string) ?? [])
            for (id, value) in r.mapping(node, "rule_weights", allowed: ids) ?? [:] {
                guard let w = r.number(value, "rule_weights.\(id)", maximum: Limits.weightMaximum, positive: true) else { continue }
                policy.ruleWeights[id] = w
            }
        }
        let bonusNodes = r.sequence(top["bonuses"], "bonuses") ?? []
        if bonusNodes.count > Limits.bonusCount {
            r.issue(top["bonuses"], "bonuses: \(bonusNodes.count) bonuses; a policy has at most \(Limits.bonusCount)")
        }
        for (i, node) in bonusNodes.prefix(Limits.bonusCount).enumerated() {
            let what: Phrase = "bonuses[\(i + 1)]"
            guard let m = r.mapping(node, what, allowed: bonusKeys, required: ["where", "points"]) else { continue }
            let points = m["points"].flatMap { r.number($0, "\(what).points", maximum: Limits.weightMaximum) }
            var conditions: [Condition] = []
            if let whereNode = m["where"], let conds = r.mapping(whereNode, "\(what).where", allowed: Set(whereNode.mapping?.keys.compactMap(\.string) ?? [])) {
                for (attribute, valueNode) in conds.sorted(by: { $0.key < $1.key }) {
                    if let c = ChecklistFile.condition(valueNode, attribute: attribute, type: nil, what: "\(what).where.\(attribute)", r: r) {
                        registryCheck.condition(c, at: valueNode, what: "\(what).where")
                        conditions.append(c)
                    }
                }
                if conds.isEmpty { r.issue(whereNode, "\(what).where names no attribute: write e.g. {island: true}") }
            }
            let name = m["name"].flatMap { r.string($0, "\(what).name") } ?? conditions.map(\.description).joined(separator: ", ")
            if let points { policy.bonuses.append(.init(name: name, conditions: conditions, points: points)) }
        }
        guard r.issues.isEmpty else { throw InputProblems(r.issues) }
        return policy
    }
}
