import Foundation
import Testing
import ReadinessCore
import ReadinessReports
import TestSupport

/// A report speaks one language at a time: in English no Vietnamese word is left in its labels and counts
/// say "1 commune", "2 communes"; in Vietnamese none of the English labels shows through. Names the data
/// brings in (communes, provinces, items, the checklist's source, the ledger's notes) are shown as they are.
@Suite struct OneLanguageTests {
    /// Every text a reader sees in a report in `format`: the file's text, or a workbook's sheet names, cells
    /// and chart titles. Markup and the keys meant for programs are left out: HTML tags and styles, the
    /// column keys heading a CSV file, JSON's member names and its codes (status, action, change, class, language, type, currency).
    static func readable(_ rendered: RenderedReport, _ format: ReportFormat) throws -> [String] {
        switch format {
        case .xlsx:
            let path = Fixtures.temporaryDirectory().appendingPathComponent("report.xlsx").path
            try Data(rendered.bytes).write(to: URL(fileURLWithPath: path))
            let book = try XlsxReadBack(path: path)
            var texts = book.sheetNames
            for sheet in book.sheetNames { texts += try book.cells(sheet).values }
            var i = 1
            while let chart = try? book.member("xl/charts/chart\(i).xml") {
                texts += matches(#"<(?:a:t|c:v)>([^<]*)</"#, in: chart)
                i += 1
            }
            return texts
        case .html, .pdf:   // a report's .pdf is its HTML page, printed by the app
            var html = rendered.text
            if let start = html.range(of: "<style>"), let end = html.range(of: "</style>") { html.removeSubrange(start.lowerBound..<end.upperBound) }
            return html.replacingOccurrences(of: #"<[^>]*>"#, with: "\n", options: .regularExpression)
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                .components(separatedBy: "\n")
        case .csv:
            return Array(rendered.text.components(separatedBy: "\n").dropFirst())
        case .json:
            return strings(in: try JSONSerialization.jsonObject(with: Data(rendered.bytes), options: [.fragmentsAllowed]))
        case .table, .md:
            return rendered.text.components(separatedBy: "\n")
        }
    }

    static let codeKeys: Set<String> = ["status", "action", "change", "class", "language", "type", "currency"]

    static func strings(in json: Any) -> [String] {
        switch json {
        case let s as String: [s]
        case let a as [Any]: a.flatMap(strings)
        case let o as [String: Any]: o.filter { !codeKeys.contains($0.key) }.flatMap { strings(in: $0.value) }
        default: []
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The texts with every name the data brings in taken out.
    static func withoutNames(_ texts: [String], _ names: [String]) -> [String] {
        // One text with the texts on lines of their own, each name replaced once through all of it.
        var all = texts.joined(separator: "\n").precomposedStringWithCanonicalMapping
        for name in names { all = all.replacingOccurrences(of: name.precomposedStringWithCanonicalMapping, with: "\u{1}") }
        return all.components(separatedBy: "\n")
    }

    /// Words holding a letter only Vietnamese writes (a diacritic or đ).
    static func vietnameseWords(_ texts: [String]) -> Set<String> {
        var found = Set<String>()
        for text in texts {
            for word in text.split(whereSeparator: { !$0.isLetter }) where word.contains(where: isVietnamese) { found.insert(String(word)) }
        }
        return found
    }

    static func isVietnamese(_ c: Character) -> Bool {
        c == "đ" || c == "Đ" || String(c).decomposedStringWithCanonicalMapping.unicodeScalars.contains { (0x300...0x36F).contains($0.value) }
    }

    /// English words that only a label says (never a name, a code or a unit of the catalogue).
    static let englishLabels: Set<String> = [
        "requirement", "requirements", "commune", "communes", "total", "deadline", "deadlines", "working", "broken",
        "summary", "budget", "source", "holdings", "status", "overdue", "expiring", "progress", "score", "funded",
        "classes", "domain", "quantity", "amount", "priority", "phase", "today", "changes", "recorded", "date",
        "note", "since", "short", "met", "due", "none", "vnd", "million", "matrix", "code", "index", "group",
        "province", "needs", "missing", "share", "became", "narrowed", "widened", "produced", "ledger", "repair",
        "buy", "shortfall", "events", "rule", "rules", "item", "equipment", "figures", "compared", "result",
        "unfunded", "selection", "prices", "policy", "measure", "plan", "after", "left", "days", "as", "of",
        "usable", "unit", "units", "has", "which", "number", "criterion", "class", "expires", "projected", "pace",
        "state", "closed", "week", "optimum", "exact", "lines", "items", "attributes", "applicable", "optimal",
    ]

    static func englishWords(_ texts: [String]) -> Set<String> {
        var found = Set<String>()
        for text in texts {
            for word in text.split(whereSeparator: { !$0.isLetter }) where englishLabels.contains(word.lowercased()) { found.insert(String(word)) }
        }
        return found
    }

    @Test("a report in English holds no Vietnamese word outside the names of its data, in every format",
          arguments: ReportSamples.names)
    func englishHasNoVietnamese(_ report: String) throws {
        let samples = try ReportSamples(.en)
        let names = try samples.dataNames()
        for format in ReportFormat.allCases {
            let words = Self.vietnameseWords(Self.withoutNames(try Self.readable(samples.render(report, format), format), names))
            #expect(words.isEmpty, "\(report) \(format): \(words.sorted())")
        }
    }

    @Test("a report in Vietnamese shows none of the English labels, in every format", arguments: ReportSamples.names)
    func vietnameseHasNoEnglish(_ report: String) throws {
        let samples = try ReportSamples(.vi)
        let names = try samples.dataNames()
        for format in ReportFormat.allCases {
            let words = Self.englishWords(Self.withoutNames(try Self.readable(samples.render(report, format), format), names))
            #expect(words.isEmpty, "\(report) \(format): \(words.sorted())")
        }
    }

    @Test("what record and import print about changed rules is in one language")
    func changeLinesInOneLanguage() throws {
        let en = try ReportSamples(.en), vi = try ReportSamples(.vi)
        let english = en.changeLines(), vietnamese = vi.changeLines()
        #expect(english.contains("  + now met: a queue-number machine"))
        #expect(english.last == "No rule became met or unmet.")
        #expect(vietnamese.last == "Không quy định nào đổi trạng thái đạt/chưa đạt.")
        #expect(Self.vietnameseWords(Self.withoutNames(english, try en.dataNames())).isEmpty)
        #expect(Self.englishWords(Self.withoutNames(vietnamese, try vi.dataNames())).isEmpty)
    }

    /// The sample's first `n` communes, evaluated as of 12/12/2025.
    static func evaluation(of n: Int) throws -> (Evaluation, ReportSamples) {
        let samples = try ReportSamples(.en)
        let communes = Array(try samples.store.communes().prefix(n))
        let evaluation = Evaluator.evaluate(samples.checklist, communes: communes, state: samples.state,
                                            domainOrder: samples.catalog.domains.map(\.id))
        return (evaluation, samples)
    }

    @Test("the gap report's header counts 1 commune and 2 communes in English, địa phương in Vietnamese")
    func gapHeaderCountsCommunes() throws {
        let (one, _) = try Self.evaluation(of: 1)
        let (two, _) = try Self.evaluation(of: 2)
        #expect(try GapReport(evaluation: one, language: .en).render(.table).text.contains(" · 1 commune · checklist "))
        #expect(try GapReport(evaluation: two, language: .en).render(.table).text.contains(" · 2 communes · checklist "))
        #expect(try GapReport(evaluation: one, language: .vi).render(.table).text.contains(" · 1 địa phương · bộ tiêu chí "))
    }

    @Test("the province report's subtitle counts 1 commune-level unit in English")
    func provinceSubtitleCountsUnits() throws {
        let (one, samples) = try Self.evaluation(of: 1)
        let md = try ProvinceReport(evaluation: one, catalog: samples.catalog, language: .en).render(.md).text
        #expect(md.contains("Figures as of 2025-12-12 · 1 commune-level unit\n"))
    }

    @Test("the plan counts 1 commune and 1 line in English: totals and what stays unfunded")
    func planCountsInEnglish() throws {
        let (all, samples) = try Self.evaluation(of: 96)
        let found = Planner.candidates(all, state: samples.state, prices: PriceList(samples.catalog.items.map {
            Price(item: $0.id, unitPrice: 10_000_000, date: all.asOf, source: "test")
        }), policy: .standard)
        let plan = Planner.plan(all, candidates: found.candidates, budget: 10_000_000 * (found.candidates.count - 1))
        let text = try PlanReport(plan: plan, catalog: samples.catalog, checklist: samples.checklist, language: .en).render(.md).text
        #expect(text.contains("1 line in 1 commune left unfunded, needing 10,000,000 VND more (10.00 million VND)."), "\(text)")
        let small = Planner.plan(all, candidates: found.candidates, budget: 10_000_000)
        let smallText = try PlanReport(plan: small, catalog: samples.catalog, checklist: samples.checklist, language: .en).render(.md).text
        #expect(smallText.contains("| Grand total (1 commune) |"))
    }

    @Test("numbers and dates read 1.234.567,89 and 15/09/2025 in Vietnamese, 1,234,567.89 and 2025-09-15 in English")
    func numbersInTheReadersStyle() {
        #expect(Style.decimal(1_234_567.891, places: 2, .vi) == "1.234.567,89")
        #expect(Style.decimal(1_234_567.891, places: 2, .en) == "1,234,567.89")
        #expect(Style.decimal(-0.5, places: 1, .vi) == "-0,5")
        #expect(Style.integer(-1_000, .vi) == "-1.000" && Style.integer(999, .en) == "999")
        #expect(Money.millions(1_234_570_000, .vi) == "1.234,57 triệu đồng")
        #expect(Money.millions(1_234_570_000, .en) == "1,234.57 million VND")
        #expect(Style.date(Day(iso: "2025-09-15")!, .vi) == "15/09/2025")
        #expect(Style.date(Day(iso: "2025-09-15")!, .en) == "2025-09-15")
    }
}
