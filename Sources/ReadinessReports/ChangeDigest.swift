import ReadinessCore

/// What an import changed, short enough to read whatever its size: for each rule and direction, how many
/// communes and the first few of them by name. An import that touches few communes is shown whole, by
/// commune (`ChangeSummary`); the full list of a large one goes to a file.
public struct ChangeDigest: Sendable {
    /// Up to this many communes touched, the summary is shown whole, by commune.
    public static let wholeUpTo = 20
    /// Communes named per rule and direction; the rest are counted.
    public static let namedPerLine = 5

    public var changes: [RuleChange]
    public var language: Language

    public init(changes: [RuleChange], language: Language) {
        self.changes = changes
        self.language = language
    }

    /// Whether the whole summary is short enough to print as it is.
    public var isShort: Bool {
        var communes = Set<String>()
        for k in changes.indices {
            communes.insert(changes[k].commune.code)
            if communes.count > Self.wholeUpTo { return false }
        }
        return true
    }

    /// One line per rule and direction that occurs, in checklist order (the order the changes come).
    public func lines() -> [String] {
        struct Line { var rule: Rule; var direction: RuleChange.Direction; var names: [String] = []; var count = 0 }
        var found: [Line] = []
        var at: [String: Int] = [:]
        for k in changes.indices {
            guard let direction = changes[k].direction else { continue }
            let key = changes[k].rule.id + "\u{0}" + direction.rawValue
            let i: Int
            if let known = at[key] { i = known } else {
                i = found.count
                at[key] = i
                found.append(Line(rule: changes[k].rule, direction: direction))
            }
            found[i].count += 1
            if found[i].names.count < Self.namedPerLine { found[i].names.append(changes[k].commune.name) }
        }
        return found.map { line in
            let name = line.rule.name[language]
            let more = line.count - line.names.count
            let names = line.names.joined(separator: ", ") + (more > 0 ? Phrase(", … (\(more) more)").text(language) : "")
            let head: Phrase = switch line.direction {
            case .becameMet: "+ now met in \(line.count, "commune"): \(name)"
            case .becameUnmet: "- no longer met in \(line.count, "commune"): \(name)"
            case .narrowed: "~ shortfall narrowed in \(line.count, "commune"): \(name)"
            case .widened: "~ shortfall widened in \(line.count, "commune"): \(name)"
            }
            return head.text(language) + " — " + names
        }
    }
}
