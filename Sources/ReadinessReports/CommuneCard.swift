import ReadinessCore

/// One commune's card: each rule met or short by how many, its holdings, its readiness index.
public struct CommuneCard: Sendable {
    public var result: CommuneResult
    public var asOf: Day
    public var catalog: Catalog
    public var holdings: [Holding]
    public var language: Language
    /// The unit's history in words (`RegistryHistoryText`), oldest first; empty when it never changed.
    public var history: [String]

    public init(result: CommuneResult, asOf: Day, catalog: Catalog, holdings: [Holding], language: Language, history: [String] = []) {
        self.result = result
        self.history = history
        self.asOf = asOf
        self.catalog = catalog
        self.holdings = holdings
        self.language = language
    }

    func t(_ p: Phrase) -> String { p.text(language) }

    func status(_ o: Outcome) -> String {
        switch o {
        case .met(let have, let need): t("met (\(have)/\(need))")
        case .short(let have, let need): t("short by \(need - have) (has \(have)/\(need))")
        case .notApplicable: t("not applicable")
        case .unknown(let a): t("cannot judge: registry lacks \(a)")
        }
    }

    /// "xã" or "commune": the kind of unit, in the reader's language.
    var typeName: String { t(Phrase(stringLiteral: result.commune.type.english)) }

    /// "As of … · readiness index … · class" under the card's title.
    var subtitle: String {
        let cls = result.readinessClass.map { $0.name(language) } ?? "–"
        return t("As of \(Style.date(asOf, language)) · readiness index \(indexText()) · \(cls)")
    }

    func mark(_ o: Outcome) -> String {
        switch o {
        case .met: "✓"
        case .short: "✗"
        case .notApplicable: "–"
        case .unknown: "?"
        }
    }

    func indexText() -> String {
        guard let index = result.index else { return "–" }
        return Style.decimal(index, places: 2, language)
    }

    func attributesText(_ attrs: [String: AttributeValue]) -> String {
        attrs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    public func render(_ format: ReportFormat) throws(XlsxError) -> RenderedReport {
        switch format {
        case .json: RenderedReport(text: json().render() + "\n", format: format)
        case .csv: RenderedReport(text: csv(), format: format)
        case .table, .md: RenderedReport(text: text(markdown: format == .md), format: format)
        case .html, .xlsx, .pdf: try document().render(format)
        }
    }

    /// The card as a document, for HTML and .xlsx: the rules with their status, then the holdings.
    public func document() -> ReportDocument {
        let c = result.commune
        let rules: [[ReportCell]] = result.outcomes.map { rule, outcome in
            let tone: ReportTone? = outcome.isMet ? .good : (outcome.isShort ? .bad : nil)
            return [.text(mark(outcome), tone: tone), .text(rule.name[language]), .text(status(outcome), tone: tone),
                    .date(rule.deadline)]
        }
        let held: [[ReportCell]] = holdings.map { h in
            [.text(catalog.item(h.item)?.name[language] ?? h.item), .int(h.working), .int(h.broken),
             .text(attributesText(h.attributes)), .date(h.since)]
        }
        let domains = result.domainScores.map { d in
            "\(catalog.domain(d.domain)?.name[language] ?? d.domain) \(Style.decimal(d.score, places: 2, language))"
        }.joined(separator: "; ")
        return ReportDocument(
            title: "\(c.name) (\(c.code)) — \(typeName)\(c.provinceName.isEmpty ? "" : ", \(c.provinceName)")",
            subtitle: [subtitle],
            language: language,
            sections: [
                ReportSection(t("By rule"), [
                    .table(ReportTable([ReportColumn("", key: "mark", sheetWidth: 4),
                                        ReportColumn(t("Rule"), key: "rule", sheetWidth: 50),
                                        ReportColumn(t("Status"), key: "status", sheetWidth: 28),
                                        ReportColumn(t("Due"), key: "deadline", sheetWidth: 12)], rows: rules)),
                    .paragraph(t("By domain: \(domains)")),
                ]),
                ReportSection(t("Holdings"), sheet: t("Equipment"), [
                    .table(ReportTable([ReportColumn(t("Equipment"), key: "item", sheetWidth: 45),
                                        ReportColumn(t("Working"), key: "working", numeric: true),
                                        ReportColumn(t("Broken"), key: "broken", numeric: true),
                                        ReportColumn(t("Attributes"), key: "attributes"),
                                        ReportColumn(t("Since"), key: "since", sheetWidth: 12)], rows: held)),
                ]),
            ] + (history.isEmpty ? [] : [ReportSection(t("History"), sheet: t("History"), history.map { .paragraph($0) })]))
    }

    func text(markdown: Bool) -> String {
        let c = result.commune
        var out: [String] = []
        out.append((markdown ? "# " : "") + "\(c.name) (\(c.code)) — \(typeName)\(c.provinceName.isEmpty ? "" : ", \(c.provinceName)")")
        out.append(subtitle)
        if !c.attributes.isEmpty { out.append(t("Attributes: \(attributesText(c.attributes))")) }
        out.append("")
        let nameWidth = min(60, result.outcomes.map { Style.width($0.rule.name[language]) }.max() ?? 20)
        if markdown {
            out.append("| | \(t("Rule")) | \(t("Status")) | \(t("Due")) |")
            out.append("|---|---|---|---|")
        }
        for (rule, outcome) in result.outcomes {
            let deadline = Style.date(rule.deadline, language)
            if markdown {
                out.append("| \(mark(outcome)) | \(rule.name[language]) | \(status(outcome)) | \(deadline) |")
            } else {
                out.append("\(mark(outcome)) \(Style.pad(rule.name[language], nameWidth))  \(Style.pad(status(outcome), 24)) \(t("due \(deadline)"))")
            }
        }
        out.append("")
        let domainText = result.domainScores.map { d in
            "\(catalog.domain(d.domain)?.name[language] ?? d.domain) \(Style.decimal(d.score, places: 2, language))"
        }.joined(separator: "; ")
        out.append(t("By domain: \(domainText)"))
        out.append("")
        out.append(t("Holdings:"))
        if holdings.isEmpty { out.append("  " + t("(nothing recorded)")) }
        let itemWidth = holdings.map { Style.width(catalog.item($0.item)?.name[language] ?? $0.item) }.max() ?? 10
        for h in holdings {
            let name = catalog.item(h.item)?.name[language] ?? h.item
            var line = "  \(Style.pad(name, itemWidth))  " + t("working \(h.working), broken \(h.broken)")
            if !h.attributes.isEmpty { line += "; " + attributesText(h.attributes) }
            line += " " + t("(since \(Style.date(h.since, language)))")
            out.append(markdown ? "-" + line.dropFirst(1) : line)
        }
        if !history.isEmpty {
            out.append("")
            out.append(t("History:"))
            for line in history { out.append((markdown ? "- " : "  ") + line) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One row per rule, for other programs: the commune, the rule, its status and counts, its deadline
    /// (UTF-8 with a byte-order mark, like every CSV the tool writes).
    func csv() -> String {
        let c = result.commune
        var rows: [[CSVValue]] = [["as_of", "commune_code", "commune", "rule_id", "rule", "status", "have", "need", "missing", "deadline"]]
        for (rule, outcome) in result.outcomes {
            let counts: [CSVValue]
            let status: String
            switch outcome {
            case .met(let have, let need): (status, counts) = ("met", [.int(have), .int(need), .int(0)])
            case .short(let have, let need): (status, counts) = ("short", [.int(have), .int(need), .int(need - have)])
            case .notApplicable: (status, counts) = ("not-applicable", ["", "", ""])
            case .unknown: (status, counts) = ("unknown", ["", "", ""])
            }
            rows.append([.number(asOf.iso), .text(c.code), .text(c.name), .text(rule.id), .text(rule.name[language]), .text(status)]
                        + counts + [.number(rule.deadline.iso)])
        }
        return SafeText.csv(rows, byteOrderMark: true)
    }

    /// The card for other programs; "history" only for a unit that changed.
    public func json() -> JSONValue {
        guard case .object(var fields) = plainJSON(), !history.isEmpty else { return plainJSON() }
        fields.insert(("history", .array(history.map(JSONValue.string))), at: max(0, fields.count - 1))
        return .object(fields)
    }

    func plainJSON() -> JSONValue {
        let c = result.commune
        return [
            "asOf": .string(asOf.iso),
            "code": .string(c.code),
            "name": .string(c.name),
            "type": .string(c.type.rawValue),
            "province": .string(c.provinceName),
            "index": result.index.map(JSONValue.double) ?? .null,
            "class": result.readinessClass.map { .string($0.rawValue) } ?? .null,
            "domains": .object(result.domainScores.map { ($0.domain, .double($0.score)) }),
            "rules": .array(result.outcomes.map { rule, outcome in
                var fields: [(String, JSONValue)] = [("id", .string(rule.id)), ("name", .string(rule.name[language]))]
                switch outcome {
                case .met(let have, let need): fields += [("status", "met"), ("have", .int(have)), ("need", .int(need)), ("missing", 0)]
                case .short(let have, let need): fields += [("status", "short"), ("have", .int(have)), ("need", .int(need)), ("missing", .int(need - have))]
                case .notApplicable: fields += [("status", "not-applicable")]
                case .unknown(let a): fields += [("status", "unknown"), ("missingAttribute", .string(a))]
                }
                return .object(fields)
            }),
            "holdings": .array(holdings.map { h in
                ["item": .string(h.item), "working": .int(h.working), "broken": .int(h.broken), "since": .string(h.since.iso),
                 "attributes": .object(h.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.description)) })]
            }),
        ]
    }
}
