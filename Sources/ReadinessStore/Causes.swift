import GRDB
import ReadinessCore

extension InventoryDatabase {
    /// The ledger event behind a change between two dates: the last event of the commune and item
    /// effective after `after` and on or before `through` (newest wins, as in `state(asOf:)`).
    public func cause(commune: String, item: String, after: Day, through: Day) throws -> ChangeCause? {
        try read { db in try Self.cause(commune: commune, item: item, after: after, through: through, in: db) }
    }

    /// One seek into the holding's events (it read the holding's whole history for every change, each in
    /// its own read: 5.9 s of report --since at 2 M events).
    static func cause(commune: String, item: String, after: Day, through: Day, in db: Database) throws -> ChangeCause? {
        let statement = try db.cachedStatement(sql: """
            SELECT effective_on, working, broken, source, recorded_by, note FROM ledger
            WHERE commune_code = ? AND item = ? AND effective_on > ? AND effective_on <= ?
            ORDER BY effective_on DESC, id DESC LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [commune, item, after.iso, through.iso]).map { row in
            ChangeCause(effectiveOn: Day(iso: row[0]) ?? after, working: row[1], broken: row[2],
                        source: row[3], recordedBy: row[4], note: row[5])
        }
    }

    /// The progress of a checklist between two evaluations, each change with the event that did it
    /// (all looked up in one read; a holding's cause once, whatever the number of its rules).
    public func progress(from: Evaluation, to: Evaluation) throws -> ChecklistProgress {
        try read { db in
            var failure: Error?
            var found: [String: [String: ChangeCause?]] = [:]
            let result = ChecklistProgress(from: from, to: to) { change in
                let (commune, item) = (change.commune.code, change.rule.item)
                if let known = found[commune]?[item] { return known }
                do {
                    let cause = try Self.cause(commune: commune, item: item, after: from.asOf, through: to.asOf, in: db)
                    found[commune, default: [:]][item] = .some(cause)
                    return cause
                } catch { failure = error; return nil }
            }
            if let failure { throw failure }
            return result
        }
    }
}
