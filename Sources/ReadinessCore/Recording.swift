extension InventoryState {
    /// The state once `events` are in the ledger too: for each holding, an event on or before
    /// `asOf` replaces it unless the holding comes from a later date (on the same date the new
    /// event wins, as a later-recorded event does in the ledger). Lets an import or a dry run
    /// say what would change without writing anything.
    public func applying(_ events: [NewEvent]) -> InventoryState {
        var state = self
        state.apply(events)
        return state
    }

    /// Applies `events` in place, as `applying` does (the state is not copied).
    public mutating func apply(_ events: [NewEvent]) {
        // One pass in the events' own order: an event replaces what is held unless that comes from a later
        // day, so for each holding the latest date wins and, on one date, the event later in the array (as
        // if applied sorted by date, then position). A run of events of one commune looks it up once.
        let asOf = self.asOf
        var start = events.startIndex
        while start < events.endIndex {
            let code = events[start].communeCode
            var end = start + 1
            while end < events.endIndex && events[end].communeCode == code { end += 1 }
            updateItems(of: code, expected: end - start) { items in
                for k in start..<end where events[k].effectiveOn <= asOf {
                    InventoryState.setUnlessLater(Holding(communeCode: events[k].communeCode, item: events[k].item, working: events[k].working,
                                                          broken: events[k].broken, attributes: events[k].attributes,
                                                          since: events[k].effectiveOn), in: &items)
                }
            }
            start = end
        }
    }

    /// Does the event say exactly what this state already holds (same counts and attributes)?
    public func alreadyHolds(_ event: NewEvent) -> Bool {
        guard let h = holding(commune: event.communeCode, item: event.item) else { return false }
        return h.working == event.working && h.broken == event.broken && h.attributes == event.attributes
    }
}

/// A mistake in the values given for one event (`readiness record`).
public struct AttributeInputError: Error, Sendable, CustomStringConvertible {
    /// The mistake, in either language.
    public var phrase: Phrase
    /// The attribute whose value is wrong, when the mistake is in one value given on its own (a form's field).
    public var attribute: String?
    public init(_ phrase: Phrase, attribute: String? = nil) {
        self.phrase = phrase
        self.attribute = attribute
    }
    /// In English.
    public var description: String { phrase.text(.en) }
}

extension ItemKind {
    /// One attribute's value as typed in its own field (a form's checkbox, number or date): its type and
    /// range checked; the mistake names the attribute, its message does not (the field's label says it).
    public func parseValue(_ raw: String, for name: String) throws(AttributeInputError) -> AttributeValue {
        guard let spec = attribute(name) else { throw AttributeInputError("\(id) has no such attribute", attribute: name) }
        let text = raw.trimmedSpaces
        guard let value = AttributeValue.parse(text, as: spec.type) else {
            if spec.type == .int, Numerals.looksWhole(text) {
                throw AttributeInputError("\(text) is out of range: give a whole number from \(Limits.describe(Limits.wholeAttribute))",
                                          attribute: name)
            }
            throw AttributeInputError("\"\(text)\" is not \(spec.type.hint)", attribute: name)
        }
        if case .date(let d) = value, !Limits.ledgerDays.contains(d) {
            throw AttributeInputError("the date \(d.vietnamese) is out of range: give a date from \(Limits.ledgerDays.lowerBound.vietnamese) to \(Limits.ledgerDays.upperBound.vietnamese)",
                                      attribute: name)
        }
        return value
    }

    /// Parses `ATTR=VALUE` assignments against this item's typed attributes; whole numbers and dates within
    /// `Limits.wholeAttribute` and `Limits.ledgerDays`.
    public func parseAttributes(_ assignments: [String]) throws(AttributeInputError) -> [String: AttributeValue] {
        var result: [String: AttributeValue] = [:]
        let listed = attributes.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")
        let known: Phrase = attributes.isEmpty ? "\(id) has no attributes" : "\(id) has \(listed)"
        for assignment in assignments {
            guard let eq = assignment.firstIndex(of: "=") else {
                throw AttributeInputError("--set \(assignment): write ATTR=VALUE, e.g. --set meets_hnth=yes; \(known)")
            }
            let name = assignment[..<eq].trimmingCharacters(in: .whitespaces)
            let raw = String(assignment[assignment.index(after: eq)...])
            guard let spec = attribute(name) else { throw AttributeInputError("--set \(assignment): unknown attribute \"\(name)\"; \(known)") }
            guard let value = AttributeValue.parse(raw, as: spec.type) else {
                if spec.type == .int, Numerals.looksWhole(raw.trimmedSpaces) {
                    throw AttributeInputError("--set \(assignment): \(name) \(raw.trimmedSpaces) is out of range: give a whole number from \(Limits.describe(Limits.wholeAttribute))")
                }
                throw AttributeInputError("--set \(assignment): \(name) is \(spec.type.rawValue), \"\(raw)\" is not \(spec.type.hint)")
            }
            if let problem = value.rangeProblem(name) { throw AttributeInputError("--set \(assignment): \(problem)") }
            if result[name] != nil { throw AttributeInputError("--set \(name) is given twice: keep one") }
            result[name] = value
        }
        return result
    }

}

extension AttributeType {
    /// What a value of this type looks like, for messages: "a whole number".
    public var hint: Phrase {
        switch self {
        case .bool: "yes/no (true/false, có/không)"
        case .int: "a whole number"
        case .date: "a date (YYYY-MM-DD or dd/MM/yyyy)"
        case .text: "a text"
        }
    }
}
