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
        /// Attribute values given one by one (a form's fields), by attribute name; a mistake names the
        /// attribute's field (`attribute.NAME`).
        public var values: [String: String] = [:]
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
        // A unit merged, split off or dissolved before the day holds nothing from then on: its equipment is its successor's.
        if !session.history.versions(of: commune.code).isEmpty, session.history.commune(commune.code, on: day) == nil {
            throw .field("on", "\(commune.label) did not exist on \(day.iso) (see its history): record under the commune it became, or a day it existed")
        }
        var attributes = try AppError.wrap { try kind.parseAttributes(input.assignments) }
        var wrong: [AppError] = []
        for (name, raw) in input.values.sorted(by: { $0.key < $1.key }) where !raw.trimmedSpaces.isEmpty {
            do { attributes[name] = try kind.parseValue(raw, for: name) } catch { wrong.append(AppError(error)) }
        }
        if let error = AppError.fields(wrong) { throw error }
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
        try checkCount(input.working, field: "working")
        try checkCount(input.broken, field: "broken")
        try refuseFuture(input.on, today: today)
    }

    /// A count of units: 0 to 100,000.
    static func checkCount(_ n: Int, field: String) throws(AppError) {
        let range: Phrase = "give 0 to \(Limits.grouped(Limits.units.upperBound)) units"
        if n < 0 { throw .field(field, "\(n) is negative: counts are 0 or more; \(range)") }
        if n > Limits.units.upperBound { throw .field(field, "\(n) is out of range: \(range)") }
    }

    /// The date may not be after today, nor outside the ledger's dates (`Limits.ledgerDays`).
    public static func refuseFuture(_ on: Day?, today: Day) throws(AppError) {
        guard let on else { return }
        if on > today {
            throw .field("on", "\(on.vietnamese) is in the future (today is \(today.vietnamese)): the ledger records what is, not what is planned")
        }
        try DateInput.check(on, field: "on")
    }
}

extension RecordEvent {
    /// The record form as typed, every value a text: what the page and the API send, read into the use
    /// case's input by one parser. Each mistake names its field.
    public struct Form: Sendable {
        public var item: String
        public var working: String
        public var broken: String
        /// Empty for today.
        public var on: String
        public var note: String
        /// Attribute values by name, each from its own field (empty: not given, carried over).
        public var values: [String: String]
        /// `NAME=VALUE` lines, the older way of giving attributes.
        public var assignments: [String]

        public init(item: String, working: String, broken: String = "", on: String = "", note: String = "",
                    values: [String: String] = [:], assignments: [String] = []) {
            self.item = item
            self.working = working
            self.broken = broken
            self.on = on
            self.note = note
            self.values = values
            self.assignments = assignments
        }

        /// The input to record, for `commune`, by `scope`, from `source` ("web: commune page", "web: api").
        public func input(commune: String, scope: Scope, source: String) throws(AppError) -> Input {
            func count(_ text: String, _ field: String, empty: Int?) throws(AppError) -> Int {
                let t = text.trimmedSpaces
                if t.isEmpty, let empty { return empty }
                guard let n = Numerals.whole(t) else {
                    throw .field(field, "\"\(Echo.short(t))\" is not a whole number: give 0 to \(Limits.grouped(Limits.units.upperBound)) units")
                }
                try RecordEvent.checkCount(n, field: field)
                return n
            }
            // Every field is read, and every mistake reported at once.
            var errors: [AppError] = []
            func read<T>(_ body: () throws(AppError) -> T) -> T? {
                do { return try body() } catch { errors.append(error); return nil }
            }
            let (typedWorking, typedBroken, typedOn, typedNote) = (working, broken, on, note)
            let units = read { () throws(AppError) in try count(typedWorking, "working", empty: nil) }
            let broke = read { () throws(AppError) in try count(typedBroken, "broken", empty: 0) }
            let day = read { () throws(AppError) -> Day? in
                typedOn.trimmedSpaces.isEmpty ? nil : try DateInput.parse(typedOn.trimmedSpaces, field: "on")
            }
            let cleaned = read { () throws(AppError) in try TextInput.clean(typedNote, field: "note") }
            if let error = AppError.fields(errors) { throw error }
            var input = Input(commune: commune, item: item, working: units ?? 0, broken: broke ?? 0, assignments: assignments,
                              on: day ?? nil, note: cleaned ?? "", recordedBy: scope.name, source: source, scope: scope)
            input.values = values
            return input
        }
    }
}
