import Foundation
import Testing
import ReadinessCore
import ReadinessReports
import TestSupport

/// Every report renders every format as the bytes of a file of that format, with its media type.
@Suite struct RenderingTests {
    /// The reports of the shipped sample as of 12/12/2025, by name, rendered in a format.
    static func render(_ report: String, _ format: ReportFormat) throws -> RenderedReport {
        let store = try Fixtures.sampleStore()
        let day = Fixtures.day("2025-12-12")
        let now = try Fixtures.evaluate(store, on: day)
        let state = try store.state(asOf: day)
        let catalog = try Fixtures.catalog(), checklist = try Fixtures.checklist()
        switch report {
        case "gaps":
            return try GapReport(evaluation: now).render(format)
        case "commune":
            let plo = try #require(now.result(for: "23344"))
            return try CommuneCard(result: plo, asOf: day, catalog: catalog, holdings: state.holdings(commune: "23344"),
                                   language: .vi).render(format)
        case "report":
            return try ProvinceReport(evaluation: now, progress: nil, splitBy: "former_province", catalog: catalog).render(format)
        case "progress":
            let before = try Fixtures.evaluate(store, on: Fixtures.day("2025-09-15"))
            return try ProgressReport(progress: try store.progress(from: before, to: now)).render(format)
        case "deadlines":
            let review = DeadlineReview(now: now, history: [], state: state, within: 30)
            return try DeadlineReport(review: review, checklist: checklist, catalog: catalog).render(format)
        case "history":
            let plo = try #require(try store.communes().first { $0.code == "23344" })
            let entries = try store.events(commune: "23344").map { e in
                HistoryReport.Entry(date: e.effectiveOn, item: e.item, working: e.working, broken: e.broken, attributes: e.attributes,
                                    recordedBy: e.recordedBy, recordedAt: e.recordedAt, source: e.source, note: e.note)
            }
            return try HistoryReport(commune: plo, entries: entries, language: .vi).render(format)
        case "plan", "budgets":
            let prices = PriceList(catalog.items.map { Price(item: $0.id, unitPrice: 10_000_000, date: day, source: "test") })
            let found = Planner.candidates(now, state: state, prices: prices, policy: .standard)
            if report == "budgets" {
                let points = Planner.curve(now, candidates: found.candidates, budgets: [100_000_000, 500_000_000])
                return try BudgetCurveReport(points: points, before: Planner.tally(now), closeAllCost: 0, asOf: day).render(format)
            }
            let plan = Planner.plan(now, candidates: found.candidates, budget: 500_000_000)
            return try PlanReport(plan: plan, catalog: catalog, checklist: checklist).render(format)
        default:
            preconditionFailure("no report \(report)")
        }
    }

    static let reports = ["gaps", "commune", "report", "progress", "deadlines", "history", "plan", "budgets"]

    @Test("every report renders .xlsx as a workbook (a zip file), never as text", arguments: reports)
    func xlsxIsAWorkbook(_ report: String) throws {
        let xlsx = try Self.render(report, .xlsx)
        #expect(xlsx.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(report): not a zip file")
        #expect(xlsx.mediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(xlsx.fileExtension == "xlsx")
    }

    @Test("every report renders each text format as UTF-8 text with that format's media type", arguments: reports)
    func textFormatsAreText(_ report: String) throws {
        for format in ReportFormat.allCases where !format.isBinary {
            let rendered = try Self.render(report, format)
            #expect(!rendered.bytes.isEmpty && String(validating: rendered.bytes, as: UTF8.self) != nil, "\(report) \(format)")
            #expect(rendered.mediaType == format.mediaType && rendered.fileExtension == format.fileExtension)
        }
    }
}

/// CSV is for programs: every CSV a report gives is a table with one header row, and no number reads -0.0.
@Suite struct CSVForProgramsTests {
    @Test("a commune's card as CSV is a table: one row per rule, with its status and counts")
    func communeCardCSVIsATable() throws {
        let lines = try RenderingTests.render("commune", .csv).text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.map(String.init) == ["\u{FEFF}as_of", "commune_code", "commune", "rule_id", "rule", "status", "have", "need", "missing", "deadline"])
        #expect(rows.count == 11)
        #expect(rows.dropFirst().allSatisfy { $0.count >= 10 && $0[1] == "23344" })   // a quoted rule name may hold a comma
        #expect(rows.dropFirst().contains { $0[3] == "vcs-terminal" && $0[5] == "short" })
    }

    @Test("no CSV writes a negative zero (a pace of nothing closed is 0.0)", arguments: RenderingTests.reports)
    func noNegativeZero(_ report: String) throws {
        let text = try RenderingTests.render(report, .csv).text
        #expect(!text.contains(",-0.0") && !text.contains(",-0,"), "\(report)")
    }
}
