import ReadinessCore

/// The gap report: one line per rule in checklist order, "42/96 địa phương chưa có …", with the communes short.
public struct GapReport: Sendable {
    public var evaluation: Evaluation
    public var language: Language
    /// Show at most this many names per rule (nil: all).
    public var names: Int?
    /// Word lines as the share equipped ("95,83% địa phương đã có …") instead of "k/n … chưa có".
    public var percent: Bool
    public var width: Int
    /// When given, which communes' figures are approved: a line under the header, a mark by each name,
    /// and a column (CSV) or field (JSON) per commune.
    public var approval: GapApproval?

    public init(evaluation: Evaluation, language: Language = .vi, names: Int? = nil, percent: Bool = false, width: Int = 100,
                approval: GapApproval? = nil) {
        self.approval = approval
        self.evaluation = evaluation
        self.language = language
        self.names = names
        self.percent = percent
        self.width = width
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    /// The report in a format: its own table, JSON, CSV and Markdown; HTML and .xlsx from its document.
    public func render(_ format: ReportFormat) throws(XlsxError) -> RenderedReport {
        switch format {
        case .table: RenderedReport(text: table(), format: format)
        case .json: RenderedReport(text: json().render() + "\n", format: format)
        case .csv: RenderedReport(text: csv(), format: format)
        case .md: RenderedReport(text: markdown(), format: format)
        case .html, .xlsx, .pdf: try document().render(format, width: width)
        }
    }

    /// The gap report as a document, for HTML and .xlsx: one table of rules with the communes short.
    public func document() -> ReportDocument {
        let h = header()
        let columns = [ReportColumn(t("No."), key: "no", numeric: true, sheetWidth: 5),
                       ReportColumn(t("Rule"), key: "line", sheetWidth: 60),
                       ReportColumn(t("Number short"), key: "short", numeric: true),
                       ReportColumn(t("Total"), key: "total", numeric: true),
                       ReportColumn(t("Which communes"), key: "communes", sheetWidth: 80)]
        let rows: [[ReportCell]] = evaluation.rules.enumerated().map { i, r in
            let shown = shownShortfalls(r)
            var names = shown.map(nameOf).joined(separator: ", ")
            let hidden = r.shortCount - shown.count
            if hidden > 0 { names += " " + t("and \(hidden) more") }
            return [.int(i + 1), .text(line(r)), .int(r.shortCount, tone: r.shortCount == 0 ? .good : .bad), .int(r.total), .text(names)]
        }
        return ReportDocument(title: h[0], subtitle: Array(h.dropFirst()), language: language,
                              sections: [ReportSection(t("Results by rule"), [.table(ReportTable(columns, rows: rows))])])
    }

    /// "42/96 địa phương chưa có …" or, with `percent`, "56,25% (54/96) địa phương đã có …".
    public func line(_ r: RuleResult) -> String {
        guard percent else { return r.gapLine(language) }
        let met = r.total - r.shortCount - r.unknownCount
        let share = Style.percent(met, of: r.total, language)
        let name = r.rule.name[language]
        let line: Phrase = switch r.rule.wording {
        case .none: "\(share) (\(met)/\(r.total)) of communes with \(name)"
        case .notEnough: "\(share) (\(met)/\(r.total)) of communes with enough \(name)"
        case .notConnected: "\(share) (\(met)/\(r.total)) of communes connected to \(name)"
        }
        return t(line) + Rule.notJudged(r.unknownCount, missing: r.missingAttribute, language: language)
    }

    func nameOf(_ s: Shortfall) -> String {
        let mark = approval?.mark(s.commune.code, language) ?? ""
        if s.hasNone || s.need <= 1 { return s.commune.name + mark }
        return t("\(s.commune.name) (short \(s.missing))") + mark
    }

    func header() -> [String] {
        let e = evaluation
        let classes = e.classCounts
        let total = e.communes.count
        return [
            e.title(language),
            t("As of \(Style.date(e.asOf, language)) · \(Phrase.communes(total)) · checklist \(e.checklist.id)"),
            classLine(classes),
        ] + (approval.map { [$0.line(language)] } ?? [])
    }

    func classLine(_ classes: [ReadinessClass: Int]) -> String {
        let parts = ReadinessClass.allCases.map { "\(classes[$0] ?? 0) \($0.name(language).lowercased())" }
        return t("Classes: \(parts.joined(separator: " / "))")
    }

    func table() -> String {
        var out = header()
        out.append("")
        let countWidth = evaluation.rules.map { "\($0.shortCount)/\($0.total)".count }.max() ?? 5
        for r in evaluation.rules {
            var text = line(r)
            if !percent {
                let k = "\(r.shortCount)/\(r.total)"
                text = Style.padLeft(k, countWidth) + String(text.dropFirst(k.count))
            }
            out.append(text)
            let indent = String(repeating: " ", count: countWidth + 1)
            let shown = shownShortfalls(r)
            if !shown.isEmpty {
                var parts = shown.map(nameOf)
                let hidden = r.shortCount - shown.count
                if hidden > 0 { parts.append(t("and \(hidden) more")) }
                if percent { parts[0] = t("short: \(parts[0])") }
                out += Style.wrap(parts, width: width, indent: indent)
            }
            if r.unknownCount > 0 {
                let label = t("cannot be judged (registry data missing):") + " "
                out += Style.wrap(r.unknown.map(\.name), width: width, indent: indent + label)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func shownShortfalls(_ r: RuleResult) -> [Shortfall] {
        guard let names else { return r.shortfalls }
        return r.shortfalls(upTo: names)
    }

    public func json() -> JSONValue {
        let report = plainJSON()
        guard let approval, case .object(var pairs) = report else { return report }
        pairs.append(("approval", ["period": .string(approval.period), "approved": .int(approval.approved.count),
                                   "total": .int(approval.total)]))
        return .object(pairs)
    }

    func plainJSON() -> JSONValue {
        let e = evaluation
        let classes = e.classCounts
        return [
            "asOf": .string(e.asOf.iso),
            "checklist": ["id": .string(e.checklist.id), "title": .string(e.title(language))],
            "language": .string(language.rawValue),
            "total": .int(e.communes.count),
            "classes": .object(ReadinessClass.allCases.map { ($0.rawValue, .int(classes[$0] ?? 0)) }),
            "rules": .array(e.rules.map { r in
                [
                    "id": .string(r.rule.id),
                    "item": .string(r.rule.item),
                    "name": .string(r.rule.name[language]),
                    "line": .string(line(r)),
                    "short": .int(r.shortCount),
                    "total": .int(r.total),
                    "met": .int(r.metCount),
                    "deadline": .string(r.rule.deadline.iso),
                    "source": .string(r.rule.source),
                    "communes": .array(r.shortfalls.map { s in
                        var pairs: [(String, JSONValue)] = [("code", .string(s.commune.code)), ("name", .string(s.commune.name)),
                                                            ("have", .int(s.have)), ("need", .int(s.need)), ("missing", .int(s.missing))]
                        if let approval { pairs.append(("approvedPeriod", approval.approved[s.commune.code].map { .string($0) } ?? .null)) }
                        return .object(pairs)
                    }),
                    "unknown": .array(r.unknown.map { .string($0.code) }),
                ]
            }),
        ]
    }

    func csv() -> String {
        let approvedColumn: [CSVValue] = approval == nil ? [] : ["approved_period"]
        var rows: [[CSVValue]] = [["rule_id", "rule", "short", "total", "commune_code", "commune", "have", "need", "missing"] + approvedColumn]
        for r in evaluation.rules {
            let head: [CSVValue] = [.text(r.rule.id), .text(r.rule.name[language]), .int(r.shortCount), .int(r.total)]
            if r.shortfalls.isEmpty { rows.append(head + ["", "", "", "", ""] + approvedColumn.map { _ in "" }) }
            for s in r.shortfalls {
                let approved: [CSVValue] = approval.map { [.text($0.approved[s.commune.code] ?? "")] } ?? []
                rows.append(head + [.text(s.commune.code), .text(s.commune.name), .int(s.have), .int(s.need), .int(s.missing)] + approved)
            }
        }
        return SafeText.csv(rows, byteOrderMark: true)
    }

    func markdown() -> String {
        let h = header()
        var out = ["# \(h[0])", "", h[1], "", h[2], ""] + h.dropFirst(3).flatMap { [$0, ""] }
        out.append("| \(t("No.")) | \(t("Rule")) | \(t("Communes")) | \(t("Which")) |")
        out.append("|---:|---|---:|---|")
        for (i, r) in evaluation.rules.enumerated() {
            let shown = shownShortfalls(r)
            var names = shown.map(nameOf).joined(separator: ", ")
            let hidden = r.shortCount - shown.count
            if hidden > 0 { names += " " + t("and \(hidden) more") }
            out.append("| \(i + 1) | \(md(line(r))) | \(r.shortCount)/\(r.total) | \(md(names)) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    func md(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
