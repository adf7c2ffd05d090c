import ReadinessCore
import Yams

/// One problem found in an input file: where it is, what is wrong, how to fix it.
public struct SourceIssue: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// What is wrong, in either language.
    public var phrase: Phrase
    /// The worksheet, for a problem in a spreadsheet: then `line` is its row and `column` (1-based) is shown as a letter.
    public var sheet: String?

    public init(file: String, sheet: String? = nil, line: Int? = nil, column: Int? = nil, _ message: Phrase) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.phrase = message
    }

    /// What is wrong, in English.
    public var message: String { phrase.text(.en) }

    /// The place and the problem in either language: `Checklists/x.yaml:12:5: unknown item "vcs"`, or for a
    /// spreadsheet `phieu.xlsx, sheet "Thiết bị", row 12, column D: working -1 is negative`
    /// (`phieu.xlsx, trang tính "Thiết bị", dòng 12, cột D: …`).
    public var located: Phrase {
        if let sheet {
            var place: Phrase = "\(file), sheet \"\(sheet)\""
            if let line { place = place + ", row \(line)" }
            if let column, column > 0 { place = place + ", column \(XlsxReader.columnName(column - 1))" }
            return "\(place): \(phrase)"
        }
        var place = file
        if let line { place += ":\(line)" }
        if let line, line > 0, let column { place += ":\(column)" }
        return "\(place): \(phrase)"
    }

    /// The place and the problem in `language`.
    public func description(in language: Language) -> String { located.text(language) }

    /// In English.
    public var description: String { description(in: .en) }

    public static func < (a: SourceIssue, b: SourceIssue) -> Bool {
        (a.file, a.sheet ?? "", a.line ?? 0, a.column ?? 0, a.message) < (b.file, b.sheet ?? "", b.line ?? 0, b.column ?? 0, b.message)
    }
}

/// Every problem found in one or more files. Nothing from those files is used.
public struct InputProblems: Error, Sendable, CustomStringConvertible {
    public var issues: [SourceIssue]
    public init(_ issues: [SourceIssue]) { self.issues = issues }

    /// "2 problems; nothing was used:" then each problem on its own indented line, in either language.
    public var phrase: Phrase {
        let head: Phrase = "\(issues.count, "problem"); nothing was used:"
        return issues.reduce(head) { $0 + "\n  \($1.located)" }
    }

    /// In `language`.
    public func description(in language: Language) -> String { phrase.text(language) }

    /// In English.
    public var description: String { phrase.text(.en) }
}

/// "did you mean …?" for a word among known words.
func suggestion(for word: String, among known: [String]) -> Phrase {
    if let near = nearest(to: word, among: known) { return " (did you mean \(near)?)" }
    return known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))"
}

/// The known word a word is most likely a misspelling of, if any is near enough.
func nearest(to word: String, among known: [String]) -> String? {
    let w = word.lowercased()
    var best: (distance: Int, word: String)?
    for candidate in known {
        var d = VietnameseText.distance(w, candidate.lowercased())
        if candidate.contains(w) || w.contains(candidate) { d = min(d, 1) }
        guard d <= max(2, w.count / 2) else { continue }
        if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.word) { best = (d, candidate) }
    }
    return best?.word
}

/// Checks the commune attributes a checklist or a policy names against the registry's. A name no commune
/// has but near one the registry knows ("offcials", "islnd") is a mistake, with that name; so is a value
/// of a type the registry's values never take. A name no commune has and none is near (officials before
/// an attribute file is loaded) is not: nothing can be judged by it, and every report line says how many
/// communes are not judged.
struct RegistryCheck {
    let registry: RegistryAttributes?
    let r: YAMLReader

    /// A rule's `per`: an attribute some commune has as a whole number.
    func counted(_ name: String, at node: Node?, what: Phrase) {
        guard let registry else { return }
        guard let types = registry.types[name] else { unknown(name, at: node, what: what); return }
        if !types.contains(.int) {
            r.issue(node, "\(what): \(name) is \(describe(types)) in the registry, not a whole number: per needs a count such as officials")
        }
    }

    /// A condition on a commune attribute (`applies_to.where`, a bonus's `where`).
    func condition(_ condition: Condition, at node: Node?, what: Phrase) {
        guard let registry else { return }
        guard let types = registry.types[condition.attribute] else { unknown(condition.attribute, at: node, what: what); return }
        let wanted: AttributeType
        switch condition.comparison {
        case .valid: wanted = .date
        case .equal(let v), .notEqual(let v), .atLeast(let v), .greater(let v), .atMost(let v), .less(let v): wanted = v.type
        }
        if !types.contains(wanted) {
            r.issue(node, "\(what): \(condition.attribute) is \(describe(types)) in the registry, but the condition compares it with \(wanted.hint): no commune could match")
        }
    }

    private func unknown(_ name: String, at node: Node?, what: Phrase) {
        guard let near = nearest(to: name, among: registry?.names ?? []) else { return }
        r.issue(node, "\(what): no commune in the registry has the attribute \"\(name)\" (did you mean \(near)?)")
    }

    private func describe(_ types: Set<AttributeType>) -> Phrase {
        Phrase.joined(types.sorted { $0.hint.key < $1.hint.key }.map(\.hint), separator: " or ")
    }
}
