import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore
import Testing
import TestSupport

@Suite("The plan page's query, evidence recorded with its event, approvals in the gap report, in process")
struct PlanPageAndApprovalTests {
    static let officer = Scope(name: "xa-dakplo", role: .commune(code: "23344", province: "51"))
    static let staff = Scope(name: "tinh-qn", role: .province("51"))
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)

    @Test("province staff get the plan of their province within the budget, summed by item")
    func staffPlan() throws {
        let app = try AppFixture()
        let r = try PlanPageQuery(session: app.session).run(.init(scope: Self.staff, asOf: Fixtures.day("2025-09-15"), budget: "2e9"))
        let plan = try #require(r.plan)
        #expect(plan.spent == 1_955_000_000)
        #expect(plan.spent <= 2_000_000_000)
        #expect(r.byItem.reduce(0) { $0 + $1.amount } == plan.spent)
        #expect(r.curve == nil)
    }

    @Test("with budgets to compare, the query also gives what each budget reaches")
    func curve() throws {
        let app = try AppFixture()
        let r = try PlanPageQuery(session: app.session).run(.init(scope: Self.staff, asOf: Fixtures.day("2025-09-15"), budget: "2e9",
                                                                   budgets: "1e9..3e9/3"))
        #expect(r.budgets == [1_000_000_000, 2_000_000_000, 3_000_000_000])
        #expect(r.curve?.points.count == 3)
    }

    @Test("a commune officer may not make the province's plan, on the page or as a download")
    func officerRefused() throws {
        let app = try AppFixture()
        #expect(appError { try PlanPageQuery(session: app.session).run(.init(scope: Self.officer, asOf: Fixtures.day("2025-09-15"),
                                                                             budget: "2e9")) }?.kind == .forbidden)
        #expect(appError { try PlanPageQuery(session: app.session).run(.init(scope: Self.officer, asOf: Fixtures.day("2025-09-15"),
                                                                             budget: nil)) }?.kind == .forbidden)
        #expect(appError { try ReportDownload(session: app.session).run(.init(kind: .plan, format: .csv, asOf: Fixtures.day("2025-09-15"),
                                                                              budget: 2_000_000_000, scope: Self.officer)) }?.kind == .forbidden)
    }

    @Test("budgets out of range or not numbers are refused on their field", arguments: [
        ("-5", nil, "budget"), ("abc", nil, "budget"), ("2e16", nil, "budget"), ("", nil, "budget"),
        ("2e9", "1e9..5e9/500", "budgets"), ("2e9", "1e9,x", "budgets"),
    ] as [(String, String?, String)])
    func badBudgets(budget: String, budgets: String?, field: String) throws {
        let app = try AppFixture()
        let error = appError { try PlanPageQuery(session: app.session).run(.init(scope: Self.staff, asOf: Fixtures.day("2025-09-15"),
                                                                                 budget: budget, budgets: budgets)) }
        #expect(error?.kind == .input)
        #expect(error?.field == field)
    }

    @Test("an event recorded with a photo stores both; a refused file stores neither")
    func evidenceWithEvent() throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        var input = RecordEvent.Input(commune: "23344", item: "vcs-terminal", working: 1, assignments: ["meets_hnth=yes"],
                                      on: Fixtures.day("2025-12-10"), recordedBy: "xa-dakplo", scope: Self.officer)
        input.evidence = EvidenceFile(fileName: "bien-ban.txt", bytes: Array("not a photo".utf8))
        let refused = appError { try RecordEvent(session: app.session).run(input) }
        #expect(refused?.field == "evidence")
        #expect(try app.eventCount() == before)
        #expect(try app.database.evidence(commune: "23344").isEmpty)

        input.evidence = EvidenceFile(fileName: "bien-ban.png", bytes: Self.png)
        let done = try RecordEvent(session: app.session).run(input)
        #expect(try app.eventCount() == before + 1)
        let event = try #require(try app.database.events(commune: "23344", item: "vcs-terminal").first)
        #expect(done.evidence?.eventID == event.id)
        #expect(try app.database.evidence(commune: "23344")[event.id]?.map(\.mediaType) == ["image/png"])
    }

    @Test("an event with a file for a locked period writes neither the event nor the file")
    func evidenceLocked() throws {
        let app = try AppFixture()
        let review = ReviewCommune(session: app.session)
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .submit, scope: Self.officer, source: "test"))
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .approve, scope: Self.staff, source: "test"))
        let before = try app.eventCount()
        var input = RecordEvent.Input(commune: "23344", item: "vcs-terminal", working: 1, assignments: ["meets_hnth=yes"],
                                      on: Fixtures.day("2025-12-10"), recordedBy: "xa-dakplo", scope: Self.officer)
        input.evidence = EvidenceFile(fileName: "bien-ban.png", bytes: Self.png)
        #expect(appError { try RecordEvent(session: app.session).run(input) }?.kind == .conflict)
        #expect(try app.eventCount() == before)
        #expect(try app.database.evidence(commune: "23344").isEmpty)
    }

    @Test("the gap report's downloads say which communes' figures are approved for the period, and how many")
    func approvedInGapReport() throws {
        let app = try AppFixture()
        let review = ReviewCommune(session: app.session)
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .submit, scope: Self.officer, source: "test"))
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .approve, scope: Self.staff, source: "test"))
        let approval = try ApprovalQuery(session: app.session).run(on: Fixtures.day("2025-12-12"))
        #expect(approval.approved == ["23344": "2025-12"])
        #expect(approval.total == 96)
        #expect(approval.period == "2025-12")
        let download = ReportDownload(session: app.session)
        func text(_ format: ReportFormat, _ language: Language = .vi) throws -> String {
            String(decoding: try download.run(.init(kind: .gaps, format: format, asOf: Fixtures.day("2025-12-12"), language: language,
                                                    scope: Self.staff)).report.bytes, as: UTF8.self)
        }
        #expect(try text(.md).contains("Đã duyệt số liệu kỳ 2025-12: 1/96 địa phương"))
        #expect(try text(.md, .en).contains("Figures approved for 2025-12: 1 of 96 communes"))
        let csv = try text(.csv)
        #expect(csv.contains("approved_period"))
        #expect(csv.split(separator: "\n").contains { $0.contains("23344") && $0.contains(",2025-12") })
        #expect(try text(.json).contains(#""approvedPeriod": "2025-12""#) || (try text(.json)).contains(#""approvedPeriod":"2025-12""#))
        // In November nothing is approved yet.
        #expect(try ApprovalQuery(session: app.session).run(on: Fixtures.day("2025-11-20")).approved.isEmpty)
    }
}

/// A printer that records the page it was given and answers with a fixed PDF.
final class RecordingPrinter: PDFPrinter, @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [[UInt8]] = []
    var printed: [[UInt8]] { lock.withLock { pages } }
    func pdf(html: [UInt8]) throws(AppError) -> [UInt8] {
        lock.withLock { pages.append(html) }
        return Array("%PDF-1.7 test".utf8)
    }
}

@Suite("PDF downloads, printed through the app's printer")
struct PDFDownloadTests {
    @Test("a .pdf download is the report's HTML page, printed, named .pdf and typed application/pdf")
    func pdfIsThePrintedPage() throws {
        let app = try AppFixture()
        let printer = RecordingPrinter()
        let found = try ReportDownload(session: app.session, printer: printer)
            .run(.init(kind: .gaps, format: .pdf, asOf: Fixtures.day("2025-09-15"), scope: PlanPageAndApprovalTests.staff))
        #expect(found.report.mediaType == "application/pdf")
        #expect(found.fileName == "gaps-2025-09-15.pdf")
        #expect(found.report.bytes.starts(with: Array("%PDF".utf8)))
        let page = String(decoding: try #require(printer.printed.first), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("@page { size: A4") && page.contains("counter(pages)"))
        #expect(page.contains("20/96 địa phương chưa có Thiết bị đầu cuối (VCS) đáp ứng yêu cầu HNTH"))
    }

    @Test("other formats never reach the printer")
    func otherFormatsAreNotPrinted() throws {
        let app = try AppFixture()
        let printer = RecordingPrinter()
        _ = try ReportDownload(session: app.session, printer: printer)
            .run(.init(kind: .gaps, format: .html, asOf: Fixtures.day("2025-09-15"), scope: PlanPageAndApprovalTests.staff))
        #expect(printer.printed.isEmpty)
    }
}
