import Foundation
import ReadinessCore

/// Which rules became met or unmet (or whose shortfall narrowed or widened), by commune:
/// what `record` and `import` print after a change to the ledger.
public struct ChangeSummary: Sendable {
    public var changes: [RuleChange]
    public var language: Language

    public init(changes: [RuleChange], language: Language) {
        self.changes = changes
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    func phrase(_ change: RuleChange) -> String {
        let name = change.rule.name[language]
        let before = change.before.missing, after = change.after.missing
        switch change.direction {
        case .becameMet?: return t("+ now met: \(name)")
        case .becameUnmet?: return t("- no longer met: \(name) (short by \(after))")
        case .narrowed?: return t("~ shortfall narrowed: \(name) (\(before) → \(after))")
        case .widened?: return t("~ shortfall widened: \(name) (\(before) → \(after))")
        case nil: return name
        }
    }

    /// One block per commune, in the order the changes come (checklist, then registry order, grouped by commune).
    public func lines() -> [String] {
        if changes.isEmpty { return [t("No rule became met or unmet.")] }
        // Grouped by positions in `changes`, not copies of them (each holds a rule and a commune).
        var groups: [[Int]] = []
        var groupOf: [String: Int] = [:]
        for k in changes.indices {   // by index, without copying each change
            if let g = groupOf[changes[k].commune.code] {
                groups[g].append(k)
            } else {
                groupOf[changes[k].commune.code] = groups.count
                groups.append([k])
            }
        }
        var lines: [String] = []
        lines.reserveCapacity(groups.count + changes.count)
        for group in groups {
            lines.append("\(changes[group[0]].commune.label):")
            for k in group { lines.append("  " + phrase(changes[k])) }
        }
        return lines
    }

    /// Counts for a closing line: communes touched, rules became met, became unmet.
    public var counts: (communes: Int, met: Int, unmet: Int) {
        var communes = Set<String>(), met = 0, unmet = 0
        for k in changes.indices {
            communes.insert(changes[k].commune.code)
            switch changes[k].direction {
            case .becameMet?: met += 1
            case .becameUnmet?: unmet += 1
            default: break
            }
        }
        return (communes.count, met, unmet)
    }

    public func json() -> JSONValue {
        .array(changes.map { c in
            .object([("commune", .string(c.commune.code)), ("name", .string(c.commune.name)), ("rule", .string(c.rule.id)),
                     ("change", .string(c.direction?.rawValue ?? "")), ("missingBefore", .int(c.before.missing)),
                     ("missingAfter", .int(c.after.missing))])
        })
    }
}

/// A commune's ledger events, newest first, for people (table), programs (json) or spreadsheets (csv).
public struct HistoryReport: Sendable {
    public struct Entry: Sendable {
        public var date: Day
        public var item: String
        public var working: Int
        public var broken: Int
        public var attributes: [String: AttributeValue]
        public var recordedBy: String
        public var recordedAt: String
        public var source: String
        public var note: String
        public init(date: Day, item: String, working: Int, broken: Int, attributes: [String: AttributeValue],
                    recordedBy: String, recordedAt: String, source: String, note: String) {
            self.date = date
            self.item = item
            self.working = working
            self.broken = broken
            self.attributes = attributes
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
            self.source = source
            self.note = note
        }
    }

    public var commune: Commune
    public var entries: [Entry]
    public var language: Language

    public init(commune: Commune, entries: [Entry], language: Language) {
        self.commune = commune
        self.entries = entries
        self.language = language
    }

    static func attributesText(_ a: [String: AttributeValue]) -> String {
        a.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    var header: [String] {
        [t("Date"), t("Equipment"), t("Usable"), t("Broken"), t("Attributes"), t("Recorded by"), t("Recorded at"), t("Source"), t("Note")]
    }

    func cells(_ e: Entry) -> [String] {
        [Style.date(e.date, language), e.item, String(e.working), String(e.broken), Self.attributesText(e.attributes),
         e.recordedBy, e.recordedAt, e.source, e.note]
    }

    /// The history as a report document, so it gets every format the same way as the other reports.
    public func document() -> ReportDocument {
        let title = t("Ledger history: \(commune.label)")
        guard !entries.isEmpty else {
            return ReportDocument(title: title, language: language,
                                  sections: [ReportSection("", [.paragraph(t("(no events)"))])])
        }
        let keys = ["date", "item", "working", "broken", "attributes", "recorded_by", "recorded_at", "source", "note"]
        let columns = zip(header, keys).enumerated().map { i, pair in
            ReportColumn(pair.0, key: pair.1, numeric: i == 2 || i == 3, sheetWidth: [12, 18, 10, 8, 28, 24, 22, 30, 30][i])
        }
        let rows: [[ReportCell]] = entries.map { e in
            [.date(e.date), .text(e.item), .int(e.working), .int(e.broken), .text(Self.attributesText(e.attributes)),
             .text(e.recordedBy), .text(Self.readableStamp(e.recordedAt)), .text(e.source), .text(e.note)]
        }
        return ReportDocument(title: title, language: language,
                              sections: [ReportSection("", [.table(ReportTable(columns, rows: rows, filter: true))])])
    }

    /// "2026-11-22T23:09:40Z" → "23/11/2026 06:09", Vietnam's time, for people; programs get the ISO stamp.
    static func readableStamp(_ iso: String) -> String { VietnamTime.minute(iso) }

    /// JSON and CSV keep their own shapes for other programs; the other formats come from the document.
    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        switch format {
        case .csv:
            return RenderedReport(text: SafeText.csv([["date", "item", "working", "broken", "attributes", "recorded_by", "recorded_at", "source", "note"]]
                             + entries.map { e in
                                 [.number(e.date.iso), .text(e.item), .int(e.working), .int(e.broken), .text(Self.attributesText(e.attributes)),
                                  .text(e.recordedBy), .text(e.recordedAt), .text(e.source), .text(e.note)]
                             }, byteOrderMark: true), format: format)
        case .json:
            return RenderedReport(text: JSONValue.object([
                ("commune", .string(commune.code)), ("name", .string(commune.name)),
                ("events", .array(entries.map { e in
                    .object([("date", .string(e.date.iso)), ("item", .string(e.item)), ("working", .int(e.working)),
                             ("broken", .int(e.broken)),
                             ("attributes", .object(e.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.description)) })),
                             ("recordedBy", .string(e.recordedBy)), ("recordedAt", .string(e.recordedAt)),
                             ("source", .string(e.source)), ("note", .string(e.note))])
                })),
            ]).render() + "\n", format: format)
        case .table, .md, .html, .xlsx, .pdf:
            return try document().render(format, width: width)
        }
    }
}
