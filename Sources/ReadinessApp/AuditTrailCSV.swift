import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The audit trail as a CSV table for other programs (what `AuditQuery` selects, rendered): one row per entry, newest first, its moment in
/// UTC and in Vietnam's time, every text cell made safe (no live formula, no control character).
public enum AuditTrailCSV {
    public static let columns: [CSVValue] = ["at_utc", "at_vietnam", "kind", "commune_code", "commune", "actor", "declared_by", "item",
                                             "working", "broken", "effective_on", "attributes", "period", "action", "comment", "file",
                                             "events", "source", "note"]

    /// - Parameter communeNames: the registry's names by code.
    public static func render(_ records: [AuditRecord], communeNames: [String: String]) -> RenderedReport {
        let rows: [[CSVValue]] = records.map { r in
            let event = r.kind == .event
            return [.text(r.at), .text(VietnamTime.minute(r.at)), .text(r.kind.rawValue), .text(r.communeCode),
                    .text(communeNames[r.communeCode] ?? ""), .text(r.actor), .text(r.declaredBy ?? ""), .text(r.item),
                    event ? .int(r.working) : "", event ? .int(r.broken) : "", .text(r.effectiveOn?.iso ?? ""),
                    .text(r.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
                    .text(r.period), .text(r.action?.rawValue ?? ""), .text(r.comment), .text(r.fileName),
                    r.kind == .import ? .int(r.events) : "", .text(r.source), .text(r.note)]
        }
        return RenderedReport(bytes: Array(SafeText.csv([columns] + rows, byteOrderMark: true).utf8), format: .csv)
    }
}

extension AuditQuery {
    /// Every entry the filter selects (at most `downloadLimit`), as CSV.
    public func download(scope: Scope, filter: Filter) throws(AppError) -> RenderedReport {
        let found = try run(scope: scope, filter: filter, page: 1, size: Self.downloadLimit)
        let names = Dictionary(session.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return AuditTrailCSV.render(found.entries, communeNames: names)
    }
}
