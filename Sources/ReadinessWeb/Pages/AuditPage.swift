import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// What `audit.mustache` shows: the filter form as sent, how many entries it selects, one page of them
/// in the page's language and Vietnam's time, and links to the other pages and to the CSV download.
struct AuditPage: Sendable {
    struct Row: Sendable {
        var at: String
        var who: String
        var commune: String
        var code: String
        var what: String
        var source: String
        /// Linked to the commune's page (an imported file has no one commune).
        var link: Bool
    }

    typealias Option = Choice

    var rows: [Row]
    var count: String
    var commune: String
    var actor: String
    var from: String
    var to: String
    var items: [Option]
    var kinds: [Option]
    var previous: String?
    var next: String?
    var pageLine: String
    var download: String

    init(_ found: AuditQuery.Result, filter: AuditQuery.Filter, query: FormData, session: Session, text: WebText) {
        let t = text.pages, lang = text.language
        let words = AttributeWords(text: text)
        let names = Dictionary(session.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        rows = found.entries.map { e in
            var row = Row(at: VietnamTime.minute(e.at), who: e.actor, commune: e.communeCode.isEmpty ? "" : names[e.communeCode] ?? e.communeCode,
                          code: e.communeCode, what: "", source: SourceWords(text: text).describe(e.source), link: !e.communeCode.isEmpty)
            switch e.kind {
            case .event:
                let item = session.catalog.item(e.item)
                row.what = "\(item?.name[lang] ?? e.item): \(t.working) \(e.working), \(t.broken) \(e.broken) (\(e.effectiveOn?.vietnamese ?? ""))"
                let attributes = words.describe(e.attributes, of: item)
                if !attributes.isEmpty { row.what += " · " + attributes }
                if !e.note.isEmpty { row.what += " · " + e.note }
                if let declared = e.declaredBy { row.who += " (\(t.declaredBy): \(declared))" }
            case .review:
                row.what = "\(t.reviewTitle) \(e.period): \(t.reviewStatus(e.action?.rawValue))" + (e.comment.isEmpty ? "" : " — \(e.comment)")
            case .import:
                row.what = "\(t.auditImport): \(e.fileName) · " + t.auditImportEvents.filled(["events": Style.integer(e.events, lang)])
            case .evidence:
                row.what = "\(t.auditEvidence): \(e.fileName) " + t.auditEvidenceOf.filled(["event": String(e.id)])
            }
            return row
        }
        count = t.auditCount.filled(["count": Style.integer(found.total, lang)])
        commune = query.get("commune") ?? ""
        actor = query.get("actor") ?? ""
        from = filter.from?.iso ?? ""
        to = filter.to?.iso ?? ""
        items = [Option(value: "", label: t.anyValue, selected: filter.item == nil)]
            + session.catalog.items.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == filter.item) }
        kinds = [Option(value: "", label: t.anyValue, selected: filter.kind == nil)]
            + AuditKind.allCases.map { Option(value: $0.rawValue, label: t.auditKind($0.rawValue), selected: $0 == filter.kind) }
        // The same filter on another page, or as CSV.
        var kept = query.pairs.filter { $0.name != "page" && $0.name != "lang" && !$0.value.isEmpty }
        func link(_ path: String, page: Int?) -> String {
            var pairs = kept
            if let page { pairs.append(("page", String(page))) }
            let form = pairs.map { pair -> String in
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                return (pair.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                    + (pair.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
            }.joined(separator: "&")
            return path + (form.isEmpty ? "" : "?" + form)
        }
        kept = kept.filter { !$0.name.isEmpty }
        previous = found.page > 1 ? link("/audit", page: found.page - 1) : nil
        next = found.page < found.pages ? link("/audit", page: found.page + 1) : nil
        pageLine = t.pageOf.filled(["page": Style.integer(found.page, lang), "pages": Style.integer(found.pages, lang)])
        download = link("/audit.csv", page: nil)
    }
}
