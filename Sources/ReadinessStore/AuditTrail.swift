import GRDB
import ReadinessCore

/// What an entry of the audit trail records.
public enum AuditKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A ledger event (recorded one by one, or by an imported file).
    case event
    /// A review step (submit, approve, return, reopen).
    case review
    /// A file imported into the ledger.
    case `import`
    /// A photo or PDF attached to an event.
    case evidence
}

/// Which entries of the audit trail to read.
public struct AuditFilter: Sendable, Hashable {
    /// The communes whose entries may be read (nil: every commune's); an imported file counts when it
    /// added events to one of them, with those events only.
    public var communes: Set<String>?
    public var commune: String?
    /// An item of the catalogue: only ledger events of it.
    public var item: String?
    /// The account that made the change.
    public var actor: String?
    public var kind: AuditKind?
    /// From this moment (ISO 8601, UTC), inclusive.
    public var from: String?
    /// Before this moment (ISO 8601, UTC).
    public var before: String?

    public init(communes: Set<String>? = nil, commune: String? = nil, item: String? = nil, actor: String? = nil, kind: AuditKind? = nil,
                from: String? = nil, before: String? = nil) {
        self.communes = communes
        self.commune = commune
        self.item = item
        self.actor = actor
        self.kind = kind
        self.from = from
        self.before = before
    }
}

/// One entry of the audit trail: who changed what, when, and from where.
public struct AuditRecord: Sendable, Hashable {
    public var kind: AuditKind
    /// ISO 8601, UTC.
    public var at: String
    /// "" for an imported file, which may hold several communes' events.
    public var communeCode: String
    /// The account that made the change.
    public var actor: String
    /// The recorder a file named for an event, when not the account that imported it.
    public var declaredBy: String?
    public var item: String
    public var working: Int
    public var broken: Int
    public var effectiveOn: Day?
    public var attributes: [String: AttributeValue]
    public var source: String
    public var note: String
    /// A review step's period, step and comment.
    public var period: String
    public var action: ReviewAction?
    public var comment: String
    /// An imported file's or an evidence file's name.
    public var fileName: String
    /// An imported file's events (within the filter's communes).
    public var events: Int
    /// The event's, review step's, file's or evidence's id.
    public var id: Int64
}

extension InventoryDatabase {
    /// The entries of the trail that `filter` selects, newest first, `limit` of them after `offset`, and
    /// how many it selects in all. One read.
    public func auditTrail(_ filter: AuditFilter, limit: Int, offset: Int) throws -> (records: [AuditRecord], total: Int) {
        try read { db in
            if let communes = filter.communes, communes.isEmpty { return ([], 0) }
            // The communes an entry may be of: the filter's one within the scope, else the scope's.
            var communes: [String]?
            if let one = filter.commune {
                communes = filter.communes.map { $0.contains(one) ? [one] : [] } ?? [one]
            } else if let scope = filter.communes {
                communes = scope.sorted()
            }
            if communes?.isEmpty == true { return ([], 0) }
            let limit = max(0, limit), offset = max(0, offset)
            // Without a filter on the account or the moment, each kind's newest `offset + limit` entries are all a
            // page can hold: each is read by its key, newest first, and counted apart (no entry's moment or
            // account is worked out for the rest). With one, every entry is looked at.
            let quick = filter.actor == nil && filter.from == nil && filter.before == nil
            let newest = offset + limit
            struct Part { var select: String; var args: [any DatabaseValueConvertible]; var count: String; var countArgs: [any DatabaseValueConvertible] }
            var parts: [Part] = []
            func within(_ column: String, _ args: inout [any DatabaseValueConvertible]) -> String {
                guard let communes else { return "1" }
                args += communes
                return "\(column) IN (" + communes.map { _ in "?" }.joined(separator: ", ") + ")"
            }
            func wanted(_ kind: AuditKind) -> Bool { filter.kind == nil || filter.kind == kind }
            if wanted(.event) {
                var rowArgs: [any DatabaseValueConvertible] = []
                var rows = "SELECT * FROM event WHERE \(within("commune_code", &rowArgs))"
                if let item = filter.item { rows += " AND item = ?"; rowArgs.append(item) }
                let countSQL = "SELECT COUNT(*) FROM (\(rows))"
                let countArgs = rowArgs
                if quick { rows += " ORDER BY id DESC LIMIT ?"; rowArgs.append(newest) }
                parts.append(Part(select: """
                    SELECT 'event' AS kind,
                           CASE WHEN e.recorded_at = '' THEN COALESCE(f.imported_at, '') ELSE e.recorded_at END AS at,
                           e.commune_code AS commune_code, COALESCE(f.imported_by, e.recorded_by) AS actor,
                           CASE WHEN f.id IS NOT NULL AND e.recorded_by <> '' AND e.recorded_by <> f.imported_by THEN e.recorded_by END AS declared,
                           e.item AS item, e.working AS working, e.broken AS broken, e.effective_on AS effective_on, e.attributes AS attributes,
                           CASE WHEN e.source = '' AND f.id IS NOT NULL THEN f.source ELSE e.source END AS source, e.note AS note,
                           '' AS period, '' AS action, '' AS comment, '' AS file_name, 0 AS events, e.id AS id
                    FROM (\(rows)) AS e LEFT JOIN import_file AS f ON f.id = e.import_id
                    """, args: rowArgs, count: countSQL, countArgs: countArgs))
            }
            if filter.item == nil && wanted(.review) {
                var rowArgs: [any DatabaseValueConvertible] = []
                var rows = "SELECT * FROM review_event WHERE \(within("commune_code", &rowArgs))"
                let countSQL = "SELECT COUNT(*) FROM (\(rows))", countArgs = rowArgs
                if quick { rows += " ORDER BY id DESC LIMIT ?"; rowArgs.append(newest) }
                parts.append(Part(select: """
                    SELECT 'review', r.at, r.commune_code, r.actor, NULL, '', 0, 0, NULL, '{}', r.source, '', r.period, r.action, r.comment,
                           '', 0, r.id
                    FROM (\(rows)) AS r
                    """, args: rowArgs, count: countSQL, countArgs: countArgs))
            }
            if filter.item == nil && wanted(.import) {
                var rowArgs: [any DatabaseValueConvertible] = []
                // A file counts when one of its events is in the communes (the first found is enough); the number of
                // those events is counted below for the files on the page only.
                let added = communes == nil ? "f.events > 0"
                    : "EXISTS (SELECT 1 FROM event AS x WHERE \(within("x.commune_code", &rowArgs)) AND x.import_id = f.id)"
                let rows = """
                    SELECT 'import', f.imported_at, '', f.imported_by, NULL, '', 0, 0, NULL, '{}', f.source, '', '', '', '',
                           f.name, f.events, f.id
                    FROM import_file AS f WHERE \(added)
                    """
                parts.append(Part(select: rows, args: rowArgs, count: "SELECT COUNT(*) FROM (\(rows))", countArgs: rowArgs))
            }
            if filter.item == nil && wanted(.evidence) {
                var rowArgs: [any DatabaseValueConvertible] = []
                var rows = "SELECT id, commune_code, uploaded_at, uploaded_by, file_name FROM evidence WHERE \(within("commune_code", &rowArgs))"
                let countSQL = "SELECT COUNT(*) FROM (\(rows))", countArgs = rowArgs
                if quick { rows += " ORDER BY id DESC LIMIT ?"; rowArgs.append(newest) }
                parts.append(Part(select: """
                    SELECT 'evidence', v.uploaded_at, v.commune_code, v.uploaded_by, NULL, '', 0, 0, NULL, '{}', '', '', '', '', '',
                           v.file_name, 0, v.id
                    FROM (\(rows)) AS v
                    """, args: rowArgs, count: countSQL, countArgs: countArgs))
            }
            guard !parts.isEmpty else { return ([], 0) }
            var outer: [String] = []
            var outerArgs: [any DatabaseValueConvertible] = []
            if let actor = filter.actor { outer.append("actor = ?"); outerArgs.append(actor) }
            if let from = filter.from { outer.append("at >= ?"); outerArgs.append(from) }
            if let before = filter.before { outer.append("at < ?"); outerArgs.append(before) }
            let unionArgs = parts.flatMap(\.args) + outerArgs
            let selected = "SELECT * FROM (" + parts.map(\.select).joined(separator: " UNION ALL ") + ")"
                + (outer.isEmpty ? "" : " WHERE " + outer.joined(separator: " AND "))
            let total: Int
            if quick {
                total = try parts.reduce(0) { sum, part in
                    sum + (try Int.fetchOne(db, sql: part.count, arguments: StatementArguments(part.countArgs)) ?? 0)
                }
            } else {
                total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(selected))", arguments: StatementArguments(unionArgs)) ?? 0
            }
            let rows = try Row.fetchAll(db, sql: selected + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                                        arguments: StatementArguments(unionArgs + [limit, offset]))
            var records = rows.map(Self.auditRecord)
            // An imported file on the page within some communes: only its events in them.
            if let communes {
                for i in records.indices where records[i].kind == .import {
                    records[i].events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE commune_code IN ("
                                                             + communes.map { _ in "?" }.joined(separator: ", ") + ") AND import_id = ?",
                                                         arguments: StatementArguments(communes + [records[i].id])) ?? 0
                }
            }
            return (records, total)
        }
    }

    private static func auditRecord(_ row: Row) -> AuditRecord {
        let effective: String? = row["effective_on"]
        let action: String = row["action"] ?? ""
        return AuditRecord(kind: AuditKind(rawValue: row["kind"] ?? "") ?? .event, at: row["at"] ?? "", communeCode: row["commune_code"] ?? "",
                           actor: row["actor"] ?? "", declaredBy: row["declared"], item: row["item"] ?? "", working: row["working"] ?? 0,
                           broken: row["broken"] ?? 0, effectiveOn: effective.flatMap { Day(iso: $0) },
                           attributes: AttributeCoding.decode(row["attributes"] ?? "{}"), source: row["source"] ?? "", note: row["note"] ?? "",
                           period: row["period"] ?? "", action: ReviewAction(rawValue: action), comment: row["comment"] ?? "",
                           fileName: row["file_name"] ?? "", events: row["events"] ?? 0, id: row["id"] ?? 0)
    }
}
