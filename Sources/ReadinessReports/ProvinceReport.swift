import Foundation
import ReadinessCore

/// The report a province sends upward, in the shape of its own annex: one line per rule ("42/96 địa phương
/// chưa có …") with the deadline, the named lists, progress since an earlier date (42 → 9), the
/// classification of communes into fully / partly / not met (69/27/0) and the same split by a commune
/// attribute (the former province: Quảng Ngãi cũ / Kon Tum cũ). One document, every format.
public struct ProvinceReport: Sendable {
    public var evaluation: Evaluation
    /// ChecklistProgress since the earlier date, when one was asked for.
    public var progress: ChecklistProgress?
    /// The commune attribute to split the classification by (nil: no split).
    public var splitBy: String?
    public var catalog: Catalog
    public var language: Language
    /// The registry's changes between the report's dates, worded (`RegistryHistoryText.changeLines`); empty when none.
    public var registryChanges: [String] = []

    public init(evaluation: Evaluation, progress: ChecklistProgress? = nil, splitBy: String? = nil, catalog: Catalog, language: Language = .vi) {
        self.evaluation = evaluation
        self.progress = progress
        self.splitBy = splitBy
        self.catalog = catalog
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }
    func date(_ d: Day) -> String { Style.date(d, language) }

    /// How an attribute is named in a column header.
    func attributeLabel(_ name: String) -> String { t(RegistryAttributes.label(name)) }

    func groupLabel(_ value: String?) -> String {
        guard let value else { return t("(not recorded)") }
        if splitBy == "former_province" { return t("former \(value)") }
        return value
    }

    public func render(_ format: ReportFormat, width: Int = 100) throws(XlsxError) -> RenderedReport {
        try document().render(format, width: width)
    }

    public func document() -> ReportDocument {
        let e = evaluation
        var subtitle = [t("Figures as of \(date(e.asOf)) · \(Phrase.reportCount(e.communes.count, "commune-level unit"))")]
        if let p = progress {
            subtitle.append(t("Compared with \(date(p.from.asOf))"))
        }
        subtitle.append(t("Source: \(e.checklist.source)"))
        var sections = [summarySection(), namedSection()]
        sections += ruleSheets()
        if let p = progress { sections.append(progressSection(p)) }
        sections.append(classSection())
        sections.append(matrixSection())
        if let changed = RegistryHistoryText.section(registryChanges, language: language) { sections.append(changed) }
        return ReportDocument(title: e.title(language), subtitle: subtitle, language: language, sections: sections)
    }

    // MARK: I. One line per rule

    func summarySection() -> ReportSection {
        let e = evaluation
        var columns = [ReportColumn(t("No."), key: "no", numeric: true, sheetWidth: 5),
                       ReportColumn(t("Item"), key: "line", sheetWidth: 60),
                       ReportColumn(t("Short"), key: "short", numeric: true, sheetWidth: 10),
                       ReportColumn(t("Share met"), key: "met_share", numeric: true, sheetWidth: 12)]
        if let p = progress {
            columns.append(ReportColumn(t("Short on \(date(p.from.asOf))"), key: "short_before", numeric: true, sheetWidth: 14))
        }
        columns.append(ReportColumn(t("Deadline"), key: "deadline", sheetWidth: 12))
        let rows: [[ReportCell]] = e.rules.enumerated().map { i, r in
            var row: [ReportCell] = [.int(i + 1), .text(r.gapLine(language)),
                                     .int(r.shortCount, tone: r.shortCount == 0 ? .good : .bad),
                                     .percent(r.total == 0 ? 0 : Double(r.metCount) / Double(r.total))]
            if let p = progress { row.append(.int(p.rules[i].shortBefore)) }
            let late = r.shortCount > 0 && r.rule.deadline < e.asOf
            row.append(.date(r.rule.deadline, tone: late ? .bad : nil))
            return row
        }
        let bars = e.rules.map { r in
            ReportBar(r.rule.name[language], value: Double(r.metCount), caption: "\(r.metCount)/\(r.total)",
                      tone: r.shortCount == 0 ? .good : nil)
        }
        let maximum = Double(e.rules.map(\.total).max() ?? 1)
        return ReportSection(t("I. Equipment by requirement"), [
            .table(ReportTable(columns, rows: rows)),
            .chart(ReportChart(.bars, title: t("Communes meeting each requirement"),
                               maximum: maximum, bars: bars)),
        ])
    }

    func nameOf(_ s: Shortfall) -> String {
        if s.hasNone || s.need <= 1 { return "\(s.commune.name) (\(s.commune.code))" }
        return t("\(s.commune.name) (\(s.commune.code), short \(s.missing))")
    }

    // MARK: II. The named lists

    func namedSection() -> ReportSection {
        let lists: [ReportBlock] = evaluation.rules.filter { $0.shortCount > 0 }.map { r in
            .list(r.gapLine(language) + ":", r.shortfalls.map(nameOf))
        }
        let none: [ReportBlock] = lists.isEmpty ? [.paragraph(t("No commune is short."))] : []
        return ReportSection(t("II. The communes short, by requirement"),
                             only: [.table, .md, .html, .json], lists + none)
    }

    /// For the spreadsheet: a sheet per rule with its short communes.
    func ruleSheets() -> [ReportSection] {
        let attr = splitBy
        return evaluation.rules.enumerated().map { i, r in
            var columns = [ReportColumn(t("Code"), key: "code", sheetWidth: 8),
                           ReportColumn(t("Commune"), key: "commune", sheetWidth: 28)]
            if let attr { columns.append(ReportColumn(attributeLabel(attr), key: attr, sheetWidth: 16)) }
            columns += [ReportColumn(t("Has"), key: "have", numeric: true, sheetWidth: 9),
                        ReportColumn(t("Needs"), key: "need", numeric: true, sheetWidth: 9),
                        ReportColumn(t("Missing"), key: "missing", numeric: true, sheetWidth: 10)]
            let rows: [[ReportCell]] = r.shortfalls.map { s in
                var row: [ReportCell] = [.text(s.commune.code), .text(s.commune.name)]
                if let attr { row.append(.text(s.commune.attribute(attr)?.description ?? "")) }
                return row + [.int(s.have), .int(s.need), .int(s.missing, tone: .bad)]
            }
            return ReportSection(r.gapLine(language),
                                 sheet: Self.sheetLabel("\(i + 1). \(r.rule.name[language])"), only: [.xlsx],
                                 [.table(ReportTable(columns, rows: rows, frozenColumns: 2, filter: true))])
        }
    }

    /// A sheet name within Excel's 31 characters, cut at a word rather than inside one.
    static func sheetLabel(_ text: String) -> String {
        guard text.count > 31 else { return text }
        let cut = String(text.prefix(31))
        guard let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > 10 else { return cut }
        return String(cut[..<space]).trimmingCharacters(in: CharacterSet(charactersIn: " ,(–-"))
    }

    // MARK: III. ChecklistProgress

    func progressSection(_ p: ChecklistProgress) -> ReportSection {
        let columns = [ReportColumn(t("No."), key: "no", numeric: true, sheetWidth: 5),
                       ReportColumn(t("Requirement"), key: "rule", sheetWidth: 45),
                       ReportColumn(t("Short on \(date(p.from.asOf))"), key: "short_before", numeric: true, sheetWidth: 14),
                       ReportColumn(t("Short on \(date(p.to.asOf))"), key: "short_after", numeric: true, sheetWidth: 14),
                       ReportColumn(t("Became met"), key: "became_met", numeric: true, sheetWidth: 12),
                       ReportColumn(t("Fell back"), key: "fell_back", numeric: true, sheetWidth: 12)]
        let rows: [[ReportCell]] = p.rules.enumerated().map { i, r in
            [.int(i + 1), .text(r.rule.name[language]), .int(r.shortBefore),
             .int(r.shortAfter, tone: r.shortAfter < r.shortBefore ? .good : (r.shortAfter > r.shortBefore ? .bad : nil)),
             .int(r.becameMet.count), .int(r.fellBack.count, tone: r.fellBack.isEmpty ? nil : .bad)]
        }
        let progressReport = ProgressReport(progress: p, language: language)
        var blocks: [ReportBlock] = [
            .table(ReportTable(columns, rows: rows)),
            .chart(progressReport.chart(title: t("Communes short on \(date(p.from.asOf)) and on \(date(p.to.asOf))"))),
        ]
        for r in p.rules where !r.fellBack.isEmpty {
            blocks.append(.list(t("Fell back — \(r.rule.name[language]):"), r.fellBack.map(progressReport.explain)))
        }
        let before = p.classesBefore, after = p.classesAfter
        let line = ReadinessClass.allCases.map { "\($0.name(language)) \(before[$0] ?? 0) → \(after[$0] ?? 0)" }.joined(separator: "; ")
        blocks.append(.paragraph(t("Classes: \(line).")))
        return ReportSection(t("III. Progress from \(date(p.from.asOf)) to \(date(p.to.asOf))"),
                             sheet: t("Progress"), blocks)
    }

    // MARK: IV. Classification

    func classSection() -> ReportSection {
        let e = evaluation
        let counts = e.classCounts
        let total = e.communes.count
        let roman = progress == nil ? "III" : "IV"
        let limits = e.checklist.classes
        var blocks: [ReportBlock] = [
            .paragraph(t("Readiness index of a commune: per domain, the weighted share of applicable requirements met; the index is the mean over domains. Fully met at \(Style.decimal(limits.fullyMet, places: 2, language)) or above, partly met at \(Style.decimal(limits.partlyMet, places: 2, language)) or above, otherwise not met.")),
        ]
        let summary = ReadinessClass.allCases.map { "\(counts[$0] ?? 0)" }.joined(separator: "/")
        blocks.append(.paragraph(t("Result: \(summary) communes (fully / partly / not met) of \(total).")))
        var columns = [ReportColumn(t("Group"), key: "group", sheetWidth: 24),
                       ReportColumn(t("Total"), key: "total", numeric: true, sheetWidth: 9)]
        columns += ReadinessClass.allCases.map { ReportColumn($0.name(language), key: $0.rawValue, numeric: true, sheetWidth: 13) }
        func row(_ label: String, _ counts: [ReadinessClass: Int], _ n: Int) -> [ReportCell] {
            [.text(label), .int(n)] + ReadinessClass.allCases.map { .int(counts[$0] ?? 0) }
        }
        var rows: [[ReportCell]] = []
        if let attr = splitBy {
            rows = e.classSplit(by: attr).map { row(groupLabel($0.value), $0.counts, $0.total) }
            columns[0].title = attributeLabel(attr)
        }
        rows.append(row(t("Province"), counts, total))
        blocks.append(.table(ReportTable(columns, rows: rows)))
        let bins = e.indexDistribution()
        let bars = bins.enumerated().map { i, b in
            ReportBar(i == bins.count - 1 ? Style.decimal(1, places: 1, language)
                                          : "\(Style.decimal(b.lower, places: 1, language))–\(Style.decimal(b.upper, places: 1, language))",
                      value: Double(b.count), caption: "\(b.count)",
                      tone: b.lower >= limits.fullyMet - 1e-9 ? .good : (b.upper <= limits.partlyMet + 1e-9 ? .bad : .warning))
        }
        blocks.append(.chart(ReportChart(.columns, title: t("Readiness index distribution (communes)"),
                                         maximum: Double(max(1, bins.map(\.count).max() ?? 1)), bars: bars)))
        for k in ReadinessClass.allCases where k != .fullyMet {
            let members = e.communes.filter { $0.readinessClass == k }
            if members.isEmpty { continue }
            blocks.append(.list("\(k.name(language)) (\(members.count)):", members.map { c in
                "\(c.commune.name) (\(c.index.map { Style.decimal($0, places: 2, language) } ?? "–"))"
            }))
        }
        return ReportSection(t("\(roman). Classification"), sheet: nil, blocks)
    }

    // MARK: The matrix (spreadsheet)

    func matrixSection() -> ReportSection {
        let e = evaluation
        var columns = [ReportColumn(t("Code"), key: "code", sheetWidth: 8),
                       ReportColumn(t("Commune"), key: "commune", sheetWidth: 26)]
        if let attr = splitBy { columns.append(ReportColumn(attributeLabel(attr), key: attr, sheetWidth: 14)) }
        columns += [ReportColumn(t("Index"), key: "index", numeric: true, sheetWidth: 8),
                    ReportColumn(t("Class"), key: "class", sheetWidth: 14)]
        columns += e.rules.map { ReportColumn($0.rule.name[language], key: $0.rule.id, sheetWidth: 14) }
        let rows: [[ReportCell]] = e.communes.map { c in
            var row: [ReportCell] = [.text(c.commune.code), .text(c.commune.name)]
            if let attr = splitBy { row.append(.text(c.commune.attribute(attr)?.description ?? "")) }
            row.append(c.index.map { ReportCell(.decimal($0, places: 2)) } ?? .empty)
            row.append(.text(c.readinessClass?.name(language) ?? "–"))
            row += c.outcomes.map { _, o in
                switch o {
                case .met: .text(t("met"), tone: .good)
                case .short(let have, let need): .text(t("short \(need - have)"), tone: .bad)
                case .notApplicable: .text("–")
                case .unknown: .text("?", tone: .warning)
                }
            }
            return row
        }
        return ReportSection(t("Communes × requirements"), sheet: t("Matrix"),
                             only: [.xlsx], [.table(ReportTable(columns, rows: rows, frozenColumns: 2, filter: true))])
    }
}
