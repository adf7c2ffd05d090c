import Foundation
import ReadinessCore
import Yams

/// Walks a YAML document and collects every problem with its file:line:column,
/// so that a file with five mistakes gets five messages in one run.
final class YAMLReader {
    let file: String
    private(set) var issues: [SourceIssue] = []

    init(file: String) { self.file = file }

    func issue(_ node: Node?, _ message: Phrase) {
        issues.append(SourceIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, message))
    }

    /// What a YAML file (a checklist, the catalogue, a policy) may hold: a checklist is a few kilobytes,
    /// six levels deep, a few thousand nodes.
    public enum Limits {
        /// Bytes of the text: 4 MiB.
        public static let bytes = 4 << 20
        /// Nesting of mappings and lists: 64 levels.
        public static let depth = 64
        /// Nodes, counting each use of an alias as a copy of what it names: 1,000,000.
        public static let nodes = 1_000_000
    }

    /// Parses the text; a syntax error, or a document beyond `Limits`, becomes one issue and returns nil.
    func root(of text: String) -> Node? {
        if text.utf8.count > Limits.bytes {
            issues.append(SourceIssue(file: file, "the file is larger than \(Limits.bytes >> 20) MiB, the limit for a YAML file"))
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                issues.append(SourceIssue(file: file, line: 1, "the file is empty"))
                return nil
            }
            if let problem = YAMLReader.beyondLimits(node) {
                issues.append(SourceIssue(file: file, line: problem.mark?.line, column: problem.mark?.column, problem.message))
                return nil
            }
            return node
        } catch let error as YamlError {
            issues.append(YAMLReader.issue(for: error, file: file))
            return nil
        } catch {
            issues.append(SourceIssue(file: file, "cannot read YAML: \(error)"))
            return nil
        }
    }

    /// The first place where a document goes beyond `Limits.depth` or `Limits.nodes`, walked without
    /// recursion (an alias is walked as the node it names, so a chain of aliases counts as what it expands to).
    static func beyondLimits(_ root: Node) -> (mark: Mark?, message: Phrase)? {
        var pending: [(node: Node, depth: Int)] = [(root, 1)]
        var nodes = 0
        while let (node, depth) = pending.popLast() {
            nodes += 1
            if nodes > Limits.nodes {
                return (node.mark, "the document has more than \(Limits.nodes) values (counting what each alias stands for), the limit")
            }
            if depth > Limits.depth { return (node.mark, "the document nests more than \(Limits.depth) levels deep, the limit") }
            switch node {
            case .mapping(let m): for (k, v) in m { pending.append((k, depth + 1)); pending.append((v, depth + 1)) }
            case .sequence(let s): for v in s { pending.append((v, depth + 1)) }
            case .scalar, .alias: break
            }
        }
        return nil
    }

    static func issue(for error: YamlError, file: String) -> SourceIssue {
        if "\(error)".contains("Maximum nesting level") {   // (libyaml's own limit, 1,000 levels)
            return SourceIssue(file: file, "the document nests more than \(Limits.depth) levels deep, the limit")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { $0.text + " " } ?? ""
            return SourceIssue(file: file, line: mark.line, column: mark.column, "YAML syntax: \(ctx)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SourceIssue(file: file, line: context.mark.line, column: context.mark.column,
                               "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in the same mapping")
        default:
            return SourceIssue(file: file, "YAML: \(error)")
        }
    }

    /// The pairs of a mapping, checking keys against the allowed set.
    func mapping(_ node: Node?, _ what: Phrase, allowed: Set<String>, required: [String] = []) -> [String: Node]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            issue(node, "\(what) must be a mapping (key: value lines)")
            return nil
        }
        var result: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else { issue(k, "\(what): keys must be plain words"); continue }
            if !allowed.contains(key) {
                issue(k, "\(what): unknown key \"\(key)\"\(suggestion(for: key, among: allowed.sorted()))")
                continue
            }
            result[key] = v
        }
        for key in required where result[key] == nil {
            issue(node, "\(what): \"\(key)\" is missing")
        }
        return result
    }

    func sequence(_ node: Node?, _ what: Phrase) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let s) = node else {
            issue(node, "\(what) must be a list (lines starting with \"- \")")
            return nil
        }
        return Array(s)
    }

    func string(_ node: Node?, _ what: Phrase) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            issue(node, "\(what) must be a single value")
            return nil
        }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { issue(node, "\(what) is empty"); return nil }
        return text
    }

    func identifier(_ node: Node?, _ what: Phrase) -> String? {
        guard let text = string(node, what) else { return nil }
        let ok = text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        if !ok { issue(node, "\(what) \"\(text)\" must use only a-z, 0-9, - and _"); return nil }
        return text
    }

    func day(_ node: Node?, _ what: Phrase) -> Day? {
        guard let text = string(node, what) else { return nil }
        guard let day = Day(iso: text) else {
            issue(node, "\(what) \"\(text)\" is not a date: write YYYY-MM-DD, e.g. 2025-12-31")
            return nil
        }
        return day
    }

    /// A whole number in ASCII digits within `range` ("+5", "0x10", "1e3" are not whole numbers).
    func int(_ node: Node?, _ what: Phrase, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let n = Numerals.whole(text), range.contains(n) else {
            issue(node, Numerals.looksWhole(text) ? "\(what) \(text) is out of range: give a whole number from \(ReadinessCore.Limits.describe(range))"
                                                  : "\(what) \"\(text)\" must be a whole number from \(ReadinessCore.Limits.describe(range)), in digits 0-9")
            return nil
        }
        return n
    }

    /// A decimal number in ASCII ("2", "0.5", "1e-3"; not "0x10", "inf", "+5") from 0 (or more than 0 when
    /// `positive`) to `maximum`.
    func number(_ node: Node?, _ what: Phrase, maximum: Double, positive: Bool = false) -> Double? {
        guard let text = string(node, what) else { return nil }
        let allowed: Phrase = positive ? "give a number more than 0 and at most \(ReadinessCore.Limits.grouped(maximum))"
                               : "give a number from 0 to \(ReadinessCore.Limits.grouped(maximum))"
        guard let x = Numerals.decimal(text) else {
            issue(node, Self.looksDecimal(text) ? "\(what) \(text) is out of range: \(allowed)" : "\(what) \"\(text)\" is not a number: \(allowed)")
            return nil
        }
        guard x <= maximum, positive ? x > 0 : x >= 0 else {
            issue(node, "\(what) \(text) is out of range: \(allowed)")
            return nil
        }
        return x
    }

    /// Written like a decimal number, however large ("1e999").
    static func looksDecimal(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "-")].contains($0) }
            && text.utf8.contains { $0 >= 48 && $0 <= 57 }
    }

    func localized(_ node: Node?, _ what: Phrase) -> Localized? {
        guard let node else { return nil }
        if case .scalar = node, let s = string(node, what) { return Localized(vi: s, en: s) }
        guard let m = mapping(node, what, allowed: ["vi", "en"], required: ["vi", "en"]),
              let vi = string(m["vi"], "\(what).vi"), let en = string(m["en"], "\(what).en") else { return nil }
        return Localized(vi: vi, en: en)
    }
}
