import ReadinessCore

extension InventoryDatabase {
    /// The ledger event behind a change between two dates: the last event of the commune and item
    /// effective after `after` and on or before `through` (newest wins, as in `state(asOf:)`).
    public func cause(commune: String, item: String, after: Day, through: Day) throws -> ChangeCause? {
        try events(commune: commune, item: item)
            .first { $0.effectiveOn > after && $0.effectiveOn <= through }
            .map { ChangeCause(effectiveOn: $0.effectiveOn, working: $0.working, broken: $0.broken,
                               source: $0.source, recordedBy: $0.recordedBy, note: $0.note) }
    }

    /// The progress of a checklist between two evaluations, each change with the event that did it.
    public func progress(from: Evaluation, to: Evaluation) throws -> ChecklistProgress {
        var failure: Error?
        let result = ChecklistProgress(from: from, to: to) { change in
            do { return try cause(commune: change.commune.code, item: change.rule.item, after: from.asOf, through: to.asOf) }
            catch { failure = error; return nil }
        }
        if let failure { throw failure }
        return result
    }
}
