import ReadinessCore

/// One commune's card: each rule met or short by how many, its holdings, its readiness index.
public struct CommuneCard: Sendable {
    public var result: CommuneResult
    public var asOf: Day
    public var catalog: Catalog
    public var holdings: [Holding]
    public var language: Language

    public init(result: CommuneResult, asOf: Day, catalog: Catalog, holdings: [Holding], language: Language) {
        self.result = result
        self.asOf = asOf
        self.catalog = catalog
        self.holdings = holdings
        self.language = language
    }

    var vi: Bool { language == .vi }

    func status(_ o: Outcome) -> String {
        switch o {
        case .met(let have, let need): vi ? "đạt (\(have)/\(need))" : "met (\(have)/\(need))"
        case .short(let have, let need):
            vi ? "thiếu \(need - have) (có \(have)/\(need))" : "short by \(need - have) (has \(have)/\(need))"
        case .notApplicable: vi ? "không áp dụng" : "not applicable"
        case .unknown(let a): vi ? "chưa đủ dữ liệu (\(a))" : "cannot judge: registry lacks \(a)"
        }
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
        attrs.keys.sorted().map { "\($0)=\(attrs[$0]!)" }.joined(separator: ", ")
    }

    public func render(_ format: ReportFormat) throws(XlsxError) -> RenderedReport {
        switch format {
        case .json: RenderedReport(text: json().render() + "\n", format: format)
        case .table, .md, .csv: RenderedReport(text: text(markdown: format == .md), format: format)
        case .html, .xlsx: try document().render(format)
        }
    }

    /// The card as a document, for HTML and .xlsx: the rules with their status, then the holdings.
    public func document() -> ReportDocument {
        let c = result.commune
        let typeName = vi ? c.type.rawValue : c.type.english
        let cls = result.readinessClass.map { $0.name(language) } ?? "–"
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
            subtitle: [vi ? "Tính đến ngày \(Style.date(asOf, language)) · Chỉ số sẵn sàng \(indexText()) · \(cls)"
                          : "As of \(Style.date(asOf, language)) · readiness index \(indexText()) · \(cls)"],
            language: language,
            sections: [
                ReportSection(vi ? "Theo chỉ tiêu" : "By requirement", [
                    .table(ReportTable([ReportColumn("", key: "mark", sheetWidth: 4),
                                        ReportColumn(vi ? "Chỉ tiêu" : "Requirement", key: "rule", sheetWidth: 50),
                                        ReportColumn(vi ? "Tình trạng" : "Status", key: "status", sheetWidth: 28),
                                        ReportColumn(vi ? "Hạn" : "Deadline", key: "deadline", sheetWidth: 12)], rows: rules)),
                    .paragraph((vi ? "Theo lĩnh vực: " : "By domain: ") + domains),
                ]),
                ReportSection(vi ? "Trang thiết bị đang có" : "Holdings", sheet: vi ? "Thiết bị" : "Holdings", [
                    .table(ReportTable([ReportColumn(vi ? "Thiết bị" : "Item", key: "item", sheetWidth: 45),
                                        ReportColumn(vi ? "Hoạt động" : "Working", key: "working", numeric: true),
                                        ReportColumn(vi ? "Hỏng" : "Broken", key: "broken", numeric: true),
                                        ReportColumn(vi ? "Thuộc tính" : "Attributes", key: "attributes"),
                                        ReportColumn(vi ? "Từ ngày" : "Since", key: "since", sheetWidth: 12)], rows: held)),
                ]),
            ])
    }

    func text(markdown: Bool) -> String {
        let c = result.commune
        var out: [String] = []
        let typeName = vi ? c.type.rawValue : c.type.english
        out.append((markdown ? "# " : "") + "\(c.name) (\(c.code)) — \(typeName)\(c.provinceName.isEmpty ? "" : ", \(c.provinceName)")")
        let cls = result.readinessClass.map { $0.name(language) } ?? "–"
        out.append(vi ? "Tính đến ngày \(Style.date(asOf, language)) · Chỉ số sẵn sàng \(indexText()) · \(cls)"
                      : "As of \(Style.date(asOf, language)) · readiness index \(indexText()) · \(cls)")
        if !c.attributes.isEmpty { out.append((vi ? "Thuộc tính: " : "Attributes: ") + attributesText(c.attributes)) }
        out.append("")
        let nameWidth = min(60, result.outcomes.map { Style.width($0.rule.name[language]) }.max() ?? 20)
        if markdown {
            out.append(vi ? "| | Chỉ tiêu | Tình trạng | Hạn |" : "| | Requirement | Status | Deadline |")
            out.append("|---|---|---|---|")
        }
        for (rule, outcome) in result.outcomes {
            let deadline = Style.date(rule.deadline, language)
            if markdown {
                out.append("| \(mark(outcome)) | \(rule.name[language]) | \(status(outcome)) | \(deadline) |")
            } else {
                out.append("\(mark(outcome)) \(Style.pad(rule.name[language], nameWidth))  \(Style.pad(status(outcome), 24)) \(vi ? "hạn" : "due") \(deadline)")
            }
        }
        out.append("")
        let domainText = result.domainScores.map { d in
            "\(catalog.domain(d.domain)?.name[language] ?? d.domain) \(Style.decimal(d.score, places: 2, language))"
        }.joined(separator: "; ")
        out.append((vi ? "Theo lĩnh vực: " : "By domain: ") + domainText)
        out.append("")
        out.append(vi ? "Trang thiết bị đang có:" : "Holdings:")
        if holdings.isEmpty { out.append(vi ? "  (chưa ghi nhận)" : "  (nothing recorded)") }
        let itemWidth = holdings.map { Style.width(catalog.item($0.item)?.name[language] ?? $0.item) }.max() ?? 10
        for h in holdings {
            let name = catalog.item(h.item)?.name[language] ?? h.item
            var line = "  \(Style.pad(name, itemWidth))  " + (vi ? "hoạt động \(h.working), hỏng \(h.broken)" : "working \(h.working), broken \(h.broken)")
            if !h.attributes.isEmpty { line += "; " + attributesText(h.attributes) }
            line += vi ? " (từ \(Style.date(h.since, language)))" : " (since \(Style.date(h.since, language)))"
            out.append(markdown ? "-" + line.dropFirst(1) : line)
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func json() -> JSONValue {
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
                 "attributes": .object(h.attributes.keys.sorted().map { ($0, .string(h.attributes[$0]!.description)) })]
            }),
        ]
    }
}
