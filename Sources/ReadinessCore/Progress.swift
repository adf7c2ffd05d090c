/// The ledger event that changed a commune's standing on a rule, as a report shows it.
public struct ChangeCause: Hashable, Sendable {
    public var effectiveOn: Day
    public var working: Int
    public var broken: Int
    public var source: String
    public var recordedBy: String
    public var note: String

    public init(effectiveOn: Day, working: Int, broken: Int, source: String = "", recordedBy: String = "", note: String = "") {
        self.effectiveOn = effectiveOn
        self.working = working
        self.broken = broken
        self.source = source
        self.recordedBy = recordedBy
        self.note = note
    }
}

/// A change of one commune on one rule with the event that did it (nil when the ledger has none in the period,
/// e.g. a certificate that expired or a commune attribute that changed).
public struct ExplainedChange: Hashable, Sendable {
    public var change: RuleChange
    public var cause: ChangeCause?
    /// The event behind the change is not shown to the reader (another commune's details); `cause` is nil.
    public var causeWithheld: Bool
    public init(change: RuleChange, cause: ChangeCause?, causeWithheld: Bool = false) {
        self.change = change
        self.cause = cause
        self.causeWithheld = causeWithheld
    }
}

/// One rule between two dates: short then and now, who became met and who fell back.
public struct RuleProgress: Sendable {
    public var rule: Rule
    public var shortBefore: Int
    public var totalBefore: Int
    public var shortAfter: Int
    public var totalAfter: Int
    public var becameMet: [ExplainedChange]
    public var fellBack: [ExplainedChange]
    /// Still short, but by fewer (narrowed) or more (widened) units.
    public var narrowed: [ExplainedChange]
    public var widened: [ExplainedChange]

    /// Communes closing the gap: positive when fewer are short now.
    public var closed: Int { shortBefore - shortAfter }
}

/// A checklist's progress between two evaluations (same checklist, earlier first).
public struct ChecklistProgress: Sendable {
    public var from: Evaluation
    public var to: Evaluation
    public var rules: [RuleProgress]

    /// Builds the progress; `cause` finds the ledger event behind a change (the last event of the commune and
    /// item after `from` and on or before `to`), kept outside so this stays pure.
    public init(from: Evaluation, to: Evaluation, cause: (RuleChange) -> ChangeCause? = { _ in nil }) {
        self.from = from
        self.to = to
        let changes = to.changes(since: from).map { ExplainedChange(change: $0, cause: cause($0)) }
        rules = to.rules.enumerated().map { i, now in
            let before = i < from.rules.count ? from.rules[i] : now
            let mine = changes.filter { $0.change.rule.id == now.rule.id }
            func with(_ d: RuleChange.Direction) -> [ExplainedChange] { mine.filter { $0.change.direction == d } }
            return RuleProgress(rule: now.rule, shortBefore: before.shortCount, totalBefore: before.total,
                                shortAfter: now.shortCount, totalAfter: now.total,
                                becameMet: with(.becameMet), fellBack: with(.becameUnmet),
                                narrowed: with(.narrowed), widened: with(.widened))
        }
    }

    /// The same progress with the events behind the changes of every commune not in `readable` withheld:
    /// their dates, counts, notes, sources and recorders are not in the result.
    public func withholdingCauses(outside readable: Set<String>) -> ChecklistProgress {
        var copy = self
        func withhold(_ changes: [ExplainedChange]) -> [ExplainedChange] {
            changes.map { x in
                readable.contains(x.change.commune.code) ? x : ExplainedChange(change: x.change, cause: nil, causeWithheld: true)
            }
        }
        for i in copy.rules.indices {
            copy.rules[i].becameMet = withhold(copy.rules[i].becameMet)
            copy.rules[i].fellBack = withhold(copy.rules[i].fellBack)
            copy.rules[i].narrowed = withhold(copy.rules[i].narrowed)
            copy.rules[i].widened = withhold(copy.rules[i].widened)
        }
        return copy
    }

    /// Class counts before and after.
    public var classesBefore: [ReadinessClass: Int] { from.classCounts }
    public var classesAfter: [ReadinessClass: Int] { to.classCounts }
}
