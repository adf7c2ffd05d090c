import ReadinessCore

/// `readiness progress`: per rule, short then and now, the communes that became met and those that fell
/// back, each with the ledger event that did it.
public struct ProgressReport: Sendable {
    public var progress: ChecklistProgress
    public var language: Language
    /// The registry's changes between the report's dates, worded (`RegistryHistoryText.changeLines`); empty when none.
    public var registryChanges: [String] = []

    public init(progress: ChecklistProgress, language: Language = .vi) {
        self.progress = progress
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }
    func date(_ d: Day) -> String { Style.date(d, language) }

    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        try document().render(format, width: width)
    }

    /// "Xã Ba Tô (21496) — 03/10/2025: bàn giao thiết bị mới (hoạt động 1, hỏng 0)"
    func explain(_ x: ExplainedChange) -> String {
        var text = "\(x.change.commune.name) (\(x.change.commune.code))"
        switch (x.change.before, x.change.after) {
        case (.short(let h0, let n0), .short(let h1, let n1)):
            text += " " + t("short \(n0 - h0) → \(n1 - h1)")
        default: break
        }
        if x.causeWithheld { return text + " — " + t("the event's details are shown to the commune and the province's staff") }
        guard let c = x.cause else { return text + " — " + t("no event in the period (expiry or a registry change)") }
        let what = [c.note, c.source].filter { !$0.isEmpty }.joined(separator: "; ")
        text += " — \(date(c.effectiveOn))"
        text += " (" + t("working \(c.working), broken \(c.broken)") + ")"
        if !what.isEmpty { text += ": " + what }
        return text
    }

    /// Communes short on each rule, the earlier date's bar above the later one's ("42 → 9").
    func chart(title: String) -> ReportChart {
        let p = progress
        let bars = p.rules.map { r in
            ReportBar(r.rule.name[language], value: Double(r.shortAfter), caption: "\(r.shortBefore) → \(r.shortAfter)",
                      tone: r.shortAfter <= r.shortBefore ? nil : .bad, before: Double(r.shortBefore))
        }
        return ReportChart(.change, title: title, maximum: Double(max(1, p.rules.map { max($0.shortBefore, $0.shortAfter) }.max() ?? 1)),
                           bars: bars, legend: [t("on \(date(p.from.asOf))"), t("on \(date(p.to.asOf))")])
    }

    public func document() -> ReportDocument {
        let p = progress
        let from = date(p.from.asOf), to = date(p.to.asOf)
        let columns = [ReportColumn(t("Requirement"), key: "rule", sheetWidth: 45),
                       ReportColumn(t("Short on \(from)"), key: "short_before", numeric: true, sheetWidth: 14),
                       ReportColumn(t("Short on \(to)"), key: "short_after", numeric: true, sheetWidth: 14),
                       ReportColumn(t("Became met"), key: "became_met", numeric: true, sheetWidth: 12),
                       ReportColumn(t("Fell back"), key: "fell_back", numeric: true, sheetWidth: 12),
                       ReportColumn(t("Narrowed"), key: "narrowed", numeric: true, sheetWidth: 10),
                       ReportColumn(t("Widened"), key: "widened", numeric: true, sheetWidth: 10)]
        let rows: [[ReportCell]] = p.rules.map { r in
            [.text(r.rule.name[language]), .int(r.shortBefore),
             .int(r.shortAfter, tone: r.shortAfter < r.shortBefore ? .good : (r.shortAfter > r.shortBefore ? .bad : nil)),
             .int(r.becameMet.count), .int(r.fellBack.count, tone: r.fellBack.isEmpty ? nil : .bad),
             .int(r.narrowed.count), .int(r.widened.count)]
        }
        var sections = [ReportSection(t("By requirement"), [
            .table(ReportTable(columns, rows: rows)), .chart(chart(title: t("Communes short"))),
        ])]
        // One sheet (and one section) listing every change with its event, for the spreadsheet and for programs.
        var changeRows: [[ReportCell]] = []
        for r in p.rules {
            var blocks: [ReportBlock] = []
            let groups: [(String, [ExplainedChange], ReportTone?)] = [
                (t("Became met"), r.becameMet, .good),
                (t("Newly short"), r.fellBack, .bad),
                (t("Shortfall narrowed"), r.narrowed, nil),
                (t("Shortfall widened"), r.widened, .bad),
            ]
            for (label, changes, tone) in groups where !changes.isEmpty {
                blocks.append(.list("\(label) (\(changes.count)):", changes.map(explain)))
                for x in changes {
                    changeRows.append([.text(r.rule.name[language]), .text(label, tone: tone), .text(x.change.commune.code),
                                       .text(x.change.commune.name), x.cause.map { .date($0.effectiveOn) } ?? .empty,
                                       x.cause.map { .int($0.working) } ?? .empty, x.cause.map { .int($0.broken) } ?? .empty,
                                       .text(x.cause?.note ?? ""), .text(x.cause?.source ?? ""), .text(x.cause?.recordedBy ?? "")])
                }
            }
            if !blocks.isEmpty {
                sections.append(ReportSection("\(r.rule.name[language]): \(r.shortBefore) → \(r.shortAfter)", only: [.table, .md, .html], blocks))
            }
        }
        let changeColumns = [ReportColumn(t("Requirement"), key: "rule", sheetWidth: 30),
                             ReportColumn(t("Change"), key: "change", sheetWidth: 18),
                             ReportColumn(t("Code"), key: "code", sheetWidth: 8),
                             ReportColumn(t("Commune"), key: "commune", sheetWidth: 26),
                             ReportColumn(t("Date"), key: "date", sheetWidth: 12),
                             ReportColumn(t("Working"), key: "working", numeric: true, sheetWidth: 10),
                             ReportColumn(t("Broken"), key: "broken", numeric: true, sheetWidth: 8),
                             ReportColumn(t("Note"), key: "note", sheetWidth: 24),
                             ReportColumn(t("Source"), key: "source", sheetWidth: 24),
                             ReportColumn(t("Recorded by"), key: "recorded_by", sheetWidth: 16)]
        sections.append(ReportSection(t("Changes and their events"), sheet: t("Changes"),
                                      only: [.xlsx, .json],
                                      [.table(ReportTable(changeColumns, rows: changeRows, frozenColumns: 1, filter: true))]))
        if let changed = RegistryHistoryText.section(registryChanges, language: language) { sections.append(changed) }
        return ReportDocument(title: t("Progress from \(from) to \(to)"),
                              subtitle: [p.to.title(language)], language: language, sections: sections)
    }
}
