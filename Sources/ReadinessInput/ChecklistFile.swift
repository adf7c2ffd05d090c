import Foundation
import ReadinessCore
import Yams

/// Reads a checklist in the checklist language (see README) and checks it
/// against the catalogue. A checklist with any mistake is rejected whole:
/// every mistake is reported with file:line:column and a reason.
public enum ChecklistFile {
    static let topKeys: Set<String> = ["id", "title", "source", "deadline", "classes", "rules"]
    static let ruleKeys: Set<String> = ["id", "item", "name", "min", "per", "ratio", "require", "applies_to",
                                        "wording", "domain", "weight", "deadline", "source"]

    /// - Parameter registry: when given, the commune attributes the rules count by (`per`) and select on
    ///   (`applies_to.where`) are checked against the registry's (`RegistryCheck`).
    public static func parse(_ text: String, file: String, catalog: Catalog,
                             registry: RegistryAttributes? = nil) throws(InputProblems) -> Checklist {
        let r = YAMLReader(file: file)
        let registryCheck = RegistryCheck(registry: registry, r: r)
        guard let root = r.root(of: text),
              let top = r.mapping(root, "the checklist", allowed: topKeys, required: ["id", "title", "deadline", "rules"]) else {
            throw InputProblems(r.issues)
        }
        let id = r.identifier(top["id"], "checklist id")
        let title = r.localized(top["title"], "title")
        let source = top["source"].flatMap { r.string($0, "source") } ?? ""
        let deadline = r.day(top["deadline"], "deadline")
        var classes = ClassThresholds()
        if let cm = r.mapping(top["classes"], "classes", allowed: ["fully_met", "partly_met"]) {
            if let f = cm["fully_met"].flatMap({ r.number($0, "classes.fully_met", maximum: 1) }) { classes.fullyMet = f }
            if let p = cm["partly_met"].flatMap({ r.number($0, "classes.partly_met", maximum: 1) }) { classes.partlyMet = p }
            if classes.partlyMet > classes.fullyMet || classes.fullyMet > 1 {
                r.issue(top["classes"], "classes: need 0 ≤ partly_met ≤ fully_met ≤ 1 (got \(classes.partlyMet) and \(classes.fullyMet))")
            }
        }
        var rules: [Rule] = []
        var ruleLines: [String: Int] = [:]
        let ruleNodes = r.sequence(top["rules"], "rules") ?? []
        if top["rules"] != nil, ruleNodes.isEmpty, case .sequence = top["rules"]! { r.issue(top["rules"], "rules: the list is empty") }
        for node in ruleNodes {
            guard let m = r.mapping(node, "a rule", allowed: ruleKeys, required: ["id", "item", "name"]) else { continue }
            guard let ruleID = r.identifier(m["id"], "rule id") else { continue }
            let what: Phrase = "rule \(ruleID)"
            if let first = ruleLines[ruleID] {
                r.issue(m["id"], "rule id \"\(ruleID)\" is used twice (first on line \(first))")
            } else {
                ruleLines[ruleID] = m["id"]?.mark?.line ?? 0
            }
            var item: ItemKind?
            if let itemID = r.string(m["item"], "\(what): item") {
                item = catalog.item(itemID)
                if item == nil {
                    r.issue(m["item"], "\(what): unknown item \"\(itemID)\"" + suggestion(for: itemID, among: catalog.items.map(\.id)))
                }
            }
            let name = r.localized(m["name"], "\(what): name")
            let minimum = m["min"].flatMap { r.int($0, "\(what): min", in: Limits.ruleMinimum) } ?? 1
            let per = m["per"].flatMap { r.identifier($0, "\(what): per") }
            if let per { registryCheck.counted(per, at: m["per"], what: "\(what): per") }
            let ratio = m["ratio"].flatMap { r.number($0, "\(what): ratio", maximum: Limits.ratioMaximum, positive: true) } ?? 1
            if m["ratio"] != nil && per == nil && m["per"] == nil { r.issue(m["ratio"], "\(what): ratio needs per (the commune attribute it multiplies)") }
            var require: [Condition] = []
            if let item, let reqNode = m["require"],
               let req = r.mapping(reqNode, "\(what): require", allowed: Set(item.attributes.map(\.name)).union(allAttributeNames(reqNode))) {
                for (attr, valueNode) in req.sorted(by: { ($0.value.mark?.line ?? 0) < ($1.value.mark?.line ?? 0) }) {
                    guard let spec = item.attribute(attr) else {
                        let known = item.attributes.map(\.name)
                        r.issue(keyNode(reqNode, attr), "\(what): item \(item.id) has no attribute \"\(attr)\""
                                + (known.isEmpty ? " (it has none)" : suggestion(for: attr, among: known)))
                        continue
                    }
                    if let c = condition(valueNode, attribute: attr, type: spec.type, what: "\(what): require \(attr)", r: r) {
                        require.append(c)
                    }
                }
            }
            var applies = Applicability.all
            if let an = r.mapping(m["applies_to"], "\(what): applies_to", allowed: ["type", "where"]) {
                if let typeNode = an["type"] {
                    let names: [Node] = typeNode.sequence.map(Array.init) ?? [typeNode]
                    var types = Set<CommuneType>()
                    for n in names {
                        guard let t = r.string(n, "\(what): applies_to.type") else { continue }
                        if let ct = CommuneType(loose: t) { types.insert(ct) } else {
                            r.issue(n, "\(what): applies_to.type \"\(t)\" is not a commune type (xã, phường, đặc khu)")
                        }
                    }
                    applies.types = types
                }
                if let wn = an["where"], case .mapping(let wm) = wn {
                    for (k, v) in wm {
                        guard let attr = r.identifier(k, "\(what): applies_to.where") else { continue }
                        if let c = condition(v, attribute: attr, type: nil, what: "\(what): applies_to.where \(attr)", r: r) {
                            registryCheck.condition(c, at: k, what: "\(what): applies_to.where")
                            applies.conditions.append(c)
                        }
                    }
                } else if let wn = an["where"] {
                    r.issue(wn, "\(what): applies_to.where must be a mapping of attribute: condition")
                }
            }
            var wording: GapWording?
            if let w = m["wording"].flatMap({ r.string($0, "\(what): wording") }) {
                wording = GapWording(rawValue: w)
                if wording == nil {
                    r.issue(m["wording"], "\(what): wording \"\(w)\" is not one of \(GapWording.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            var domain = item?.domain
            if let d = m["domain"].flatMap({ r.identifier($0, "\(what): domain") }) {
                if catalog.domain(d) == nil {
                    r.issue(m["domain"], "\(what): unknown domain \"\(d)\"" + suggestion(for: d, among: catalog.domains.map(\.id)))
                }
                domain = d
            }
            let weight = m["weight"].flatMap { r.number($0, "\(what): weight", maximum: Limits.weightMaximum, positive: true) } ?? 1
            let ruleDeadline = m["deadline"].map { r.day($0, "\(what): deadline") } ?? deadline
            let ruleSource = m["source"].flatMap { r.string($0, "\(what): source") } ?? source
            if let item, let name, let domain, let ruleDeadline {
                rules.append(Rule(id: ruleID, item: item.id, name: name, minimum: minimum, per: per, ratio: ratio,
                                  require: require, appliesTo: applies, wording: wording, domain: domain, weight: weight,
                                  deadline: ruleDeadline, source: ruleSource))
            }
        }
        guard r.issues.isEmpty, let id, let title, let deadline else { throw InputProblems(r.issues) }
        return Checklist(id: id, title: title, source: source, deadline: deadline, classes: classes, rules: rules)
    }

    private static func allAttributeNames(_ node: Node) -> Set<String> {
        Set((node.mapping.map { Array($0.keys) } ?? []).compactMap(\.string))
    }

    private static func keyNode(_ mapping: Node, _ key: String) -> Node? {
        mapping.mapping?.keys.first { $0.string == key }
    }

    /// `true`, `">= 100"`, `valid`, `"< 2026-01-01"`, `Kon Tum` — typed by the attribute's type when known.
    static func condition(_ node: Node, attribute: String, type: AttributeType?, what: Phrase, r: YAMLReader) -> Condition? {
        guard let raw = r.string(node, what) else { return nil }
        if raw == "valid" {
            if let type, type != .date {
                r.issue(node, "\(what): \"valid\" applies to dates; \(attribute) is \(type.rawValue)")
                return nil
            }
            return Condition(attribute: attribute, comparison: .valid)
        }
        var op = "==", operand = raw
        for candidate in [">=", "<=", "==", "!=", ">", "<"] where raw.hasPrefix(candidate) {
            op = candidate
            operand = String(raw.dropFirst(candidate.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let value: AttributeValue?
        if let type {
            value = AttributeValue.parse(operand, as: type)
            if value == nil || (type == .bool && !["true", "false"].contains(operand)) {
                let hint: Phrase = switch type {
                case .bool: "write true or false"
                case .int: "write a whole number, optionally after >=, >, <=, <, == or !="
                case .date: "write valid, or a date YYYY-MM-DD after an operator"
                case .text: "write a text"
                }
                r.issue(node, "\(what): \(attribute) is \(type.rawValue), \"\(raw)\" is not; \(hint)")
                return nil
            }
        } else {
            value = AttributeValue.infer(operand)
        }
        guard let value else { r.issue(node, "\(what): no value to compare with"); return nil }
        if value.type == .bool && !["==", "!="].contains(op) {
            r.issue(node, "\(what): a yes/no attribute can only be compared with == or !=")
            return nil
        }
        let comparison: Comparison = switch op {
        case ">=": .atLeast(value)
        case ">": .greater(value)
        case "<=": .atMost(value)
        case "<": .less(value)
        case "!=": .notEqual(value)
        default: .equal(value)
        }
        return Condition(attribute: attribute, comparison: comparison)
    }
}
