/// An event to append to the ledger.
/// (Corrections are new events: nothing in the ledger is ever overwritten.)
public struct NewEvent: Sendable, Hashable {
    public var communeCode: String
    public var item: String
    public var effectiveOn: Day
    public var working: Int
    public var broken: Int
    public var attributes: [String: AttributeValue]
    public var source: String
    public var recordedBy: String
    public var note: String
    /// When it was first recorded (ISO 8601, UTC), for an event exchanged from another database; empty: when
    /// this database records it.
    public var recordedAt: String

    public init(communeCode: String, item: String, effectiveOn: Day, working: Int, broken: Int = 0,
                attributes: [String: AttributeValue] = [:], source: String = "", recordedBy: String = "", note: String = "",
                recordedAt: String = "") {
        self.communeCode = communeCode
        self.item = item
        self.effectiveOn = effectiveOn
        self.working = working
        self.broken = broken
        self.attributes = attributes
        self.source = source
        self.recordedBy = recordedBy
        self.note = note
        self.recordedAt = recordedAt
    }
}


extension Sequence<NewEvent> {
    /// Adds the codes of the events' communes to `codes`, looking once per run of one commune.
    public func collectCommunes(into codes: inout Set<String>) {
        var last: String?
        for e in self where e.communeCode != last {
            codes.insert(e.communeCode)
            last = e.communeCode
        }
    }
}

extension Array<NewEvent> {
    /// Adds the codes of the events' communes to `codes`, looking once per run of one commune (and
    /// reading only that field of each event, not copying the event).
    public func collectCommunes(into codes: inout Set<String>) {
        withUnsafeBufferPointer { events in
            var last: String?
            for i in events.indices where events[i].communeCode != last {
                let code = events[i].communeCode
                codes.insert(code)
                last = code
            }
        }
    }
}
