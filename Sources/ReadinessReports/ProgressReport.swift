import ReadinessCore

/// `readiness progress`: per rule, short then and now, the communes that became met and those that fell
/// back, each with the ledger event that did it.
public struct ProgressReport: Sendable {
    public var progress: ChecklistProgress
    public var language: Language

    public init(progress: ChecklistProgress, language: Language = .vi) {
        self.progress = progress
        self.language = language
    }

    var vi: Bool { language == .vi }
    func date(_ d: Day) -> String { Style.date(d, language) }

    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        try document().render(format, width: width)
    }

    /// "Xã Ba Tô (21496) — 03/10/2025: bàn giao thiết bị mới (hoạt động 1, hỏng 0)"
    func explain(_ x: ExplainedChange) -> String {
        var text = "\(x.change.commune.name) (\(x.change.commune.code))"
        switch (x.change.before, x.change.after) {
        case (.short(let h0, let n0), .short(let h1, let n1)):
            text += vi ? " thiếu \(n0 - h0) → \(n1 - h1)" : " short \(n0 - h0) → \(n1 - h1)"
        default: break
        }
        guard let c = x.cause else { return text + (vi ? " — không có sự kiện trong kỳ (hết hạn hoặc thay đổi thuộc tính)" : " — no event in the period (expiry or a registry change)") }
        let what = [c.note, c.source].filter { !$0.isEmpty }.joined(separator: "; ")
        text += " — \(date(c.effectiveOn))"
        text += vi ? " (hoạt động \(c.working), hỏng \(c.broken))" : " (working \(c.working), broken \(c.broken))"
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
                           bars: bars, legend: [(vi ? "ngày " : "") + date(p.from.asOf), (vi ? "ngày " : "") + date(p.to.asOf)])
    }

    public func document() -> ReportDocument {
        let p = progress
        let from = date(p.from.asOf), to = date(p.to.asOf)
        let columns = [ReportColumn(vi ? "Nội dung" : "Requirement", key: "rule", sheetWidth: 45),
                       ReportColumn(vi ? "Chưa đạt ngày \(from)" : "Short on \(from)", key: "short_before", numeric: true, sheetWidth: 14),
                       ReportColumn(vi ? "Chưa đạt ngày \(to)" : "Short on \(to)", key: "short_after", numeric: true, sheetWidth: 14),
                       ReportColumn(vi ? "Đã khắc phục" : "Became met", key: "became_met", numeric: true, sheetWidth: 12),
                       ReportColumn(vi ? "Phát sinh mới" : "Fell back", key: "fell_back", numeric: true, sheetWidth: 12),
                       ReportColumn(vi ? "Giảm thiếu" : "Narrowed", key: "narrowed", numeric: true, sheetWidth: 10),
                       ReportColumn(vi ? "Tăng thiếu" : "Widened", key: "widened", numeric: true, sheetWidth: 10)]
        let rows: [[ReportCell]] = p.rules.map { r in
            [.text(r.rule.name[language]), .int(r.shortBefore),
             .int(r.shortAfter, tone: r.shortAfter < r.shortBefore ? .good : (r.shortAfter > r.shortBefore ? .bad : nil)),
             .int(r.becameMet.count), .int(r.fellBack.count, tone: r.fellBack.isEmpty ? nil : .bad),
             .int(r.narrowed.count), .int(r.widened.count)]
        }
        var sections = [ReportSection(vi ? "Theo nội dung" : "By requirement", [
            .table(ReportTable(columns, rows: rows)), .chart(chart(title: vi ? "Số địa phương chưa đạt" : "Communes short")),
        ])]
        // One sheet (and one section) listing every change with its event, for the spreadsheet and for programs.
        var changeRows: [[ReportCell]] = []
        for r in p.rules {
            var blocks: [ReportBlock] = []
            let groups: [(String, [ExplainedChange], ReportTone?)] = [
                (vi ? "Đã khắc phục" : "Became met", r.becameMet, .good),
                (vi ? "Phát sinh chưa đạt mới" : "Fell back", r.fellBack, .bad),
                (vi ? "Giảm số thiếu" : "Shortfall narrowed", r.narrowed, nil),
                (vi ? "Tăng số thiếu" : "Shortfall widened", r.widened, .bad),
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
        let changeColumns = [ReportColumn(vi ? "Nội dung" : "Requirement", key: "rule", sheetWidth: 36),
                             ReportColumn(vi ? "Thay đổi" : "Change", key: "change", sheetWidth: 18),
                             ReportColumn(vi ? "Mã" : "Code", key: "code", sheetWidth: 8),
                             ReportColumn(vi ? "Địa phương" : "Commune", key: "commune", sheetWidth: 26),
                             ReportColumn(vi ? "Ngày" : "Date", key: "date", sheetWidth: 12),
                             ReportColumn(vi ? "Hoạt động" : "Working", key: "working", numeric: true, sheetWidth: 10),
                             ReportColumn(vi ? "Hỏng" : "Broken", key: "broken", numeric: true, sheetWidth: 8),
                             ReportColumn(vi ? "Ghi chú" : "Note", key: "note", sheetWidth: 30),
                             ReportColumn(vi ? "Nguồn" : "Source", key: "source", sheetWidth: 30),
                             ReportColumn(vi ? "Người ghi" : "Recorded by", key: "recorded_by", sheetWidth: 24)]
        sections.append(ReportSection(vi ? "Các thay đổi và sự kiện" : "Changes and their events", sheet: vi ? "Thay đổi" : "Changes",
                                      only: [.xlsx, .json],
                                      [.table(ReportTable(changeColumns, rows: changeRows, frozenColumns: 1, filter: true))]))
        return ReportDocument(title: vi ? "Tiến độ từ ngày \(from) đến ngày \(to)" : "Progress from \(from) to \(to)",
                              subtitle: [p.to.checklist.title[language]], language: language, sections: sections)
    }
}
