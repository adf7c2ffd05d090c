import GRDB
import ReadinessCore

extension InventoryDatabase {
    /// The ledger as a flat exchange file carries it: for each holding and day the event that day's state
    /// is (the last recorded of that day: a flat file holds one row per holding and day), in key order,
    /// with its source and recorder as people read them (a file's events carry the file's source).
    /// `province`: only its communes; `since`: only events effective on or after it.
    public func eachLastEventOfDay(province: String?, since: Day?, _ body: (LedgerEvent) throws -> Void) throws {
        try read { db in
            // Key order (commune, item, date, id): of the events of a holding and day, the last one read wins.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT l.commune_code, l.item, l.effective_on, l.id, l.working, l.broken, l.attributes, l.source,
                       l.recorded_by, l.recorded_at, l.note
                FROM ledger AS l JOIN commune AS c ON c.code = l.commune_code
                WHERE (?1 IS NULL OR c.province_code = ?1) AND l.effective_on >= ?2
                ORDER BY l.commune_code, l.item, l.effective_on, l.id
                """, arguments: [province, since?.iso ?? ""])
            var pending: LedgerEvent?
            while let row = try rows.next() {
                let e = LedgerEvent(id: row[3], recordedAt: row[9], event: NewEvent(
                    communeCode: row[0], item: row[1], effectiveOn: Day(iso: row[2]) ?? Day(daysSinceEpoch: 0),
                    working: row[4], broken: row[5], attributes: AttributeCoding.decode(row[6]),
                    source: row[7], recordedBy: row[8], note: row[10]))
                if let p = pending, (p.communeCode, p.item, p.effectiveOn) != (e.communeCode, e.item, e.effectiveOn) { try body(p) }
                pending = e
            }
            if let pending { try body(pending) }
        }
    }
}
