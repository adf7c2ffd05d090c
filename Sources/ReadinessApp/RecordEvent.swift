import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// Records what one commune holds of one item: appends one event and says which rules became met or
/// unmet (judged today). Attributes not given are carried over from the holding as it stood on the date.
public struct RecordEvent: Sendable {
    public struct Input: Sendable {
        /// The commune as typed: code or name.
        public var commune: String
        public var item: String
        public var working: Int
        public var broken: Int
        /// `ATTR=VALUE` assignments, typed by the catalogue.
        public var assignments: [String]
        /// The day the state holds from; nil for today. Not after today.
        public var on: Day?
        public var note: String
        public var recordedBy: String
        /// Where the event came from ("command", "web: commune page").
        public var source: String
        /// Who records: the command line (nil) may change any commune, a signed-in account only its own.
        public var scope: Scope?
        /// A photo or PDF of the handover minutes, stored with the event in the same transaction (checked
        /// as `AttachEvidence` checks it: a refused file means nothing is written).
        public var evidence: EvidenceFile?

        public init(commune: String, item: String, working: Int, broken: Int = 0, assignments: [String] = [], on: Day? = nil,
                    note: String = "", recordedBy: String, source: String = "command", scope: Scope? = nil,
                    evidence: EvidenceFile? = nil) {
            self.scope = scope
            self.evidence = evidence
            self.commune = commune
            self.item = item
            self.working = working
            self.broken = broken
            self.assignments = assignments
            self.on = on
            self.note = note
            self.recordedBy = recordedBy
            self.source = source
        }
    }

    public struct Result: Sendable {
        public var commune: Commune
        public var item: ItemKind
        public var event: NewEvent
        /// When a later event of the same holding exists, its date: that event still decides the state today.
        public var laterEventOn: Day?
        public var changes: [RuleChange]
        /// The file stored with the event, when one was given.
        public var evidence: EvidenceInfo?
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> Result {
        let today = session.today
        try Self.check(input, today: today)
        let file = try input.evidence.map { f throws(AppError) in try AttachEvidence.check(f) }
        let commune = try session.commune(input.commune)
        let scope = input.scope ?? .local(input.recordedBy)
        try scope.requireWrite(commune)
        let kind = try session.item(input.item)
        let day = input.on ?? today
        var attributes = try AppError.wrap { try kind.parseAttributes(input.assignments) }
        // Only this commune's events are read: the rules it changes are judged on it alone.
        let previous = try AppError.wrap { try session.database.state(asOf: day, communes: [commune.code]) }
            .holding(commune: commune.code, item: kind.id)
        for (name, value) in previous?.attributes ?? [:] where attributes[name] == nil { attributes[name] = value }
        let note = try TextInput.clean(input.note, field: "note")
        let event = NewEvent(communeCode: commune.code, item: kind.id, effectiveOn: day, working: input.working, broken: input.broken,
                             attributes: attributes, source: input.source, recordedBy: scope.actor(claimed: input.recordedBy),
                             note: note)
        let before = try AppError.wrap { try session.database.state(asOf: today, communes: [commune.code]) }
        let changes = session.ruleChanges(applying: [event], to: before)
        var stored: EvidenceInfo?
        if let file, let bytes = input.evidence?.bytes {
            stored = try AppError.wrap {
                try session.database.appendWithEvidence(event, mediaType: file.type.rawValue, sha256: file.sha256, fileName: file.name,
                                                        bytes: bytes, recordedAt: session.clock.now(), guard: scope.writeGuard)
            }
        } else {
            _ = try AppError.wrap { try session.database.append([event], recordedAt: session.clock.now(), guard: scope.writeGuard) }
        }
        let later = before.holding(commune: commune.code, item: kind.id).flatMap { $0.since > day ? $0.since : nil }
        return Result(commune: commune, item: kind, event: event, laterEventOn: later, changes: changes, evidence: stored)
    }

    /// Counts are 0 to 100,000 (`Limits.units`); the date is not after today (the ledger records what is, not
    /// what is planned) nor outside `Limits.ledgerDays`.
    public static func check(_ input: Input, today: Day) throws(AppError) {
        let range: Phrase = "give 0 to \(Limits.grouped(Limits.units.upperBound)) units"
        if input.working < 0 { throw .input("--working \(input.working) is negative: counts are 0 or more; \(range)", field: "working") }
        if input.broken < 0 { throw .input("--broken \(input.broken) is negative: counts are 0 or more; \(range)", field: "broken") }
        if input.working > Limits.units.upperBound { throw .input("--working \(input.working) is out of range: \(range)", field: "working") }
        if input.broken > Limits.units.upperBound { throw .input("--broken \(input.broken) is out of range: \(range)", field: "broken") }
        try refuseFuture(input.on, today: today)
    }

    /// `--on` may not be after today, nor outside the ledger's dates (`Limits.ledgerDays`).
    public static func refuseFuture(_ on: Day?, today: Day) throws(AppError) {
        if let on, on > today {
            throw .input("--on \(on.iso) is in the future (today is \(today.iso)): the ledger records what is, not what is planned",
                         field: "on")
        }
        if let on, let problem = LedgerCSV.dateProblem(on, "--on") { throw .input(problem, field: "on") }
    }
}
