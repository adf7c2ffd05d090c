import ReadinessCore

/// `readiness deadlines`: every deadline of the checklist's rules (met by all, overdue, at risk, on track)
/// with the recent pace and projected date, what each commune has overdue, and what expires soon.
public struct DeadlineReport: Sendable {
    public var review: DeadlineReview
    public var checklist: Checklist
    public var catalog: Catalog
    public var language: Language

    public init(review: DeadlineReview, checklist: Checklist, catalog: Catalog, language: Language = .vi) {
        self.review = review
        self.checklist = checklist
        self.catalog = catalog
        self.language = language
    }

    var vi: Bool { language == .vi }
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
        let columns = [ReportColumn(vi ? "Nội dung" : "Requirement", key: "rule", sheetWidth: 45),
                       ReportColumn(vi ? "Thời hạn" : "Deadline", key: "deadline", sheetWidth: 12),
                       ReportColumn(vi ? "Còn (ngày)" : "Days left", key: "days_left", numeric: true, sheetWidth: 10),
                       ReportColumn(vi ? "Tình trạng" : "State", key: "state", sheetWidth: 18),
                       ReportColumn(vi ? "Chưa đạt" : "Short", key: "short", numeric: true, sheetWidth: 9),
                       ReportColumn(vi ? "Khắc phục/tuần" : "Closed/week", key: "pace", numeric: true, sheetWidth: 12),
                       ReportColumn(vi ? "Dự kiến xong" : "Projected", key: "projected", sheetWidth: 14)]
        let rows: [[ReportCell]] = r.rules.map { s in
            let late: ReportTone? = !s.short.isEmpty && (s.projected.map { $0 > s.rule.deadline } ?? true) ? .warning : nil
            let projected: ReportCell = s.short.isEmpty ? .empty
                : (s.projected.map { .date($0, tone: late) } ?? .text(vi ? "chưa có tiến triển" : "not closing", tone: late))
            return [.text(s.rule.name[language]), .date(s.rule.deadline), .int(s.daysLeft),
                    .text(s.state.name(language), tone: Self.tone(s.state)), .int(s.short.count),
                    s.pace.map { ReportCell(.decimal($0, places: 1)) } ?? .empty,
                    projected]
        }
        let counts = DeadlineState.allCases.map { "\($0.name(language)) \(r.count($0))" }.joined(separator: " · ")
        var blocks: [ReportBlock] = [.paragraph(counts), .table(ReportTable(columns, rows: rows, filter: true))]
        for s in r.rules where s.state == .overdue || s.state == .atRisk {
            let head = s.state == .overdue
                ? (vi ? "Quá hạn \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) địa phương chưa đạt \(s.rule.name.vi):"
                      : "Overdue since \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) communes short of \(s.rule.name.en):")
                : (vi ? "Có nguy cơ trễ hạn \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) địa phương chưa đạt \(s.rule.name.vi):"
                      : "At risk for \(date(s.rule.deadline)) — \(s.short.count)/\(s.total) communes short of \(s.rule.name.en):")
            blocks.append(.list(head, s.short.map { "\($0.commune.name) (\($0.commune.code))" }))
        }
        let paceNote = vi ? "Tốc độ: số địa phương khắc phục mỗi tuần, ước tính theo số chưa đạt hằng tuần từ ngày \(date(r.paceSince)) đến ngày \(date(r.asOf)); có nguy cơ trễ hạn khi thời hạn trong \(r.within) ngày tới và với tốc độ đó không kịp."
                          : "Pace: communes closing the gap per week, fitted to the weekly short counts from \(date(r.paceSince)) to \(date(r.asOf)); at risk when due within \(r.within) days and that pace will not make it."
        blocks.append(.paragraph(paceNote))
        var sections = [ReportSection(vi ? "Thời hạn theo nội dung" : "Deadlines by requirement", blocks)]

        let overdueRows: [[ReportCell]] = r.overdueByCommune.map { entry in
            [.text(entry.commune.code), .text(entry.commune.name), .int(entry.rules.count, tone: .bad),
             .text(entry.rules.map { "\($0.name[language]) (\(date($0.deadline)))" }.joined(separator: "; "))]
        }
        sections.append(ReportSection(vi ? "Địa phương có nội dung quá hạn (\(overdueRows.count))" : "Communes with overdue requirements (\(overdueRows.count))",
                                      sheet: vi ? "Quá hạn theo địa phương" : "Overdue by commune",
                                      overdueRows.isEmpty ? [.paragraph(vi ? "Không có." : "None.")] : [
            .table(ReportTable([ReportColumn(vi ? "Mã" : "Code", key: "code", sheetWidth: 8),
                                ReportColumn(vi ? "Địa phương" : "Commune", key: "commune", sheetWidth: 26),
                                ReportColumn(vi ? "Số nội dung" : "Count", key: "count", numeric: true, sheetWidth: 10),
                                ReportColumn(vi ? "Nội dung quá hạn" : "Overdue", key: "overdue", sheetWidth: 70)],
                               rows: overdueRows, frozenColumns: 2, filter: true)),
        ]))

        let expiryRows: [[ReportCell]] = r.expiring.map { x in
            [.text(x.commune.code), .text(x.commune.name), .text(catalog.item(x.item)?.name[language] ?? x.item),
             .date(x.expiresOn, tone: .warning), .int(r.asOf.days(until: x.expiresOn)), .int(x.working)]
        }
        let end = r.asOf.adding(days: r.within)
        sections.append(ReportSection(vi ? "Hết hạn từ ngày \(date(r.asOf)) đến ngày \(date(end)) (\(expiryRows.count))"
                                         : "Expiring from \(date(r.asOf)) to \(date(end)) (\(expiryRows.count))",
                                      sheet: vi ? "Sắp hết hạn" : "Expiring",
                                      expiryRows.isEmpty ? [.paragraph(vi ? "Không có." : "None.")] : [
            .table(ReportTable([ReportColumn(vi ? "Mã" : "Code", key: "code", sheetWidth: 8),
                                ReportColumn(vi ? "Địa phương" : "Commune", key: "commune", sheetWidth: 26),
                                ReportColumn(vi ? "Thiết bị" : "Item", key: "item", sheetWidth: 30),
                                ReportColumn(vi ? "Hết hạn" : "Expires", key: "expires_on", sheetWidth: 12),
                                ReportColumn(vi ? "Còn (ngày)" : "Days left", key: "days_left", numeric: true, sheetWidth: 10),
                                ReportColumn(vi ? "Số lượng" : "Units", key: "units", numeric: true, sheetWidth: 9)],
                               rows: expiryRows, frozenColumns: 2, filter: true)),
        ]))
        return ReportDocument(title: vi ? "Thời hạn hoàn thành — tính đến ngày \(date(r.asOf))" : "Deadlines — as of \(date(r.asOf))",
                              subtitle: [checklist.title[language]], language: language, sections: sections)
    }
}
