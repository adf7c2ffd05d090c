import ReadinessCore

/// `readiness deadlines`: every deadline of the checklist's rules (met by all, overdue, at risk, on track)
/// with the recent pace and projected date, what each commune has overdue, and what expires soon.
public struct DeadlineReport: Sendable {
    public var review: DeadlineReview
    public var checklist: Checklist
    public var catalog: Catalog
    public var language: Language
    /// The registry's changes between the report's dates, worded (`RegistryHistoryText.changeLines`); empty when none.
    public var registryChanges: [String] = []

    public init(review: DeadlineReview, checklist: Checklist, catalog: Catalog, language: Language = .vi) {
        self.review = review
        self.checklist = checklist
        self.catalog = catalog
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }
    func date(_ d: Day) -> String { Style.date(d, language) }

    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        try document().render(format, width: width)
    }

    static func tone(_ s: DeadlineState) -> ReportTone? {
        switch s {
        case .metByAll: .good
        case .overdue: .bad
        case .atRisk: .warning
        case .onTrack: nil
        }
    }

    public func document() -> ReportDocument {
        let r = review
        let columns = [ReportColumn(t("Requirement"), key: "rule", sheetWidth: 45),
                       ReportColumn(t("Deadline"), key: "deadline", sheetWidth: 12),
                       ReportColumn(t("Days left"), key: "days_left", numeric: true, sheetWidth: 10),
                       ReportColumn(t("State"), key: "state", sheetWidth: 18),
                       ReportColumn(t("Short"), key: "short", numeric: true, sheetWidth: 9),
                       ReportColumn(t("Closed/week"), key: "pace", numeric: true, sheetWidth: 12),
                       ReportColumn(t("Projected"), key: "projected", sheetWidth: 14)]
        let rows: [[ReportCell]] = r.rules.map { s in
            let late: ReportTone? = !s.short.isEmpty && (s.projected.map { $0 > s.rule.deadline } ?? true) ? .warning : nil
            let projected: ReportCell = s.short.isEmpty ? .empty
                : (s.projected.map { .date($0, tone: late) } ?? .text(t("not closing"), tone: late))
            return [.text(s.rule.name[language]), .date(s.rule.deadline), .int(s.daysLeft),
                    .text(s.state.name(language), tone: Self.tone(s.state)), .int(s.short.count),
                    s.pace.map { ReportCell(.decimal($0, places: 1)) } ?? .empty,
                    projected]
        }
        let counts = DeadlineState.allCases.map { "\($0.name(language)) \(r.count($0))" }.joined(separator: " · ")
        var blocks: [ReportBlock] = [.paragraph(counts), .table(ReportTable(columns, rows: rows, filter: true))]
        for s in r.rules where s.state == .overdue || s.state == .atRisk {
            let name = s.rule.name[language]
            let head = s.state == .overdue
                ? t("Overdue since \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) communes short of \(name):")
                : t("At risk for \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) communes short of \(name):")
            blocks.append(.list(head, s.short.map { "\($0.commune.name) (\($0.commune.code))" }))
        }
        let paceNote = t("Pace: communes closing the gap per week, fitted to the weekly short counts from \(date(r.paceSince)) to \(date(r.asOf)); at risk when due within \(Phrase.reportCount(r.within, "day")) and that pace will not make it.")
        blocks.append(.paragraph(paceNote))
        var sections = [ReportSection(t("Deadlines by requirement"), blocks)]

        let overdueRows: [[ReportCell]] = r.overdueByCommune.map { entry in
            [.text(entry.commune.code), .text(entry.commune.name), .int(entry.rules.count, tone: .bad),
             .text(entry.rules.map { "\($0.name[language]) (\(date($0.deadline)))" }.joined(separator: "; "))]
        }
        sections.append(ReportSection(t("Communes with overdue requirements (\(overdueRows.count))"),
                                      sheet: t("Overdue by commune"),
                                      overdueRows.isEmpty ? [.paragraph(t("None."))] : [
            .table(ReportTable([ReportColumn(t("Code"), key: "code", sheetWidth: 8),
                                ReportColumn(t("Commune"), key: "commune", sheetWidth: 26),
                                ReportColumn(t("Requirements"), key: "count", numeric: true, sheetWidth: 10),
                                ReportColumn(t("Requirements overdue"), key: "overdue", sheetWidth: 70)],
                               rows: overdueRows, frozenColumns: 2, filter: true)),
        ]))

        let expiryRows: [[ReportCell]] = r.expiring.map { x in
            [.text(x.commune.code), .text(x.commune.name), .text(catalog.item(x.item)?.name[language] ?? x.item),
             .date(x.expiresOn, tone: .warning), .int(r.asOf.days(until: x.expiresOn)), .int(x.working)]
        }
        let end = r.asOf.adding(days: r.within)
        sections.append(ReportSection(t("Expiring from \(date(r.asOf)) to \(date(end)) (\(expiryRows.count))"),
                                      sheet: t("Expiring"),
                                      expiryRows.isEmpty ? [.paragraph(t("None."))] : [
            .table(ReportTable([ReportColumn(t("Code"), key: "code", sheetWidth: 8),
                                ReportColumn(t("Commune"), key: "commune", sheetWidth: 26),
                                ReportColumn(t("Equipment"), key: "item", sheetWidth: 30),
                                ReportColumn(t("Expires"), key: "expires_on", sheetWidth: 12),
                                ReportColumn(t("Days left"), key: "days_left", numeric: true, sheetWidth: 10),
                                ReportColumn(t("Units"), key: "units", numeric: true, sheetWidth: 9)],
                               rows: expiryRows, frozenColumns: 2, filter: true)),
        ]))
        if let changed = RegistryHistoryText.section(registryChanges, language: language) { sections.append(changed) }
        return ReportDocument(title: t("Deadlines — as of \(date(r.asOf))"),
                              subtitle: [checklist.title(language, provinces: r.provinces)], language: language, sections: sections)
    }
}
