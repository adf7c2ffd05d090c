import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import Testing
import TestSupport

/// One report request for every front end: the defaults live once, every kind renders every format.
@Suite("Report requests, in process")
struct ReportRequestTests {
    static let local = Scope.local("test")

    @Test("progress without an earlier date compares with 90 days before, and names its file by both dates")
    func progressDefaultsToNinetyDays() throws {
        let app = try AppFixture()
        let found = try ReportRequest(session: app.session).run(.init(kind: .progress, format: .csv, asOf: Fixtures.day("2025-12-12"),
                                                                      scope: Self.local))
        #expect(found.fileName == "progress-2025-09-13-to-2025-12-12.csv")
    }

    @Test("the province report compares with an earlier date only when asked, when told so")
    func reportWithoutSince() throws {
        let app = try AppFixture()
        let request = ReportRequest(session: app.session)
        let plain = try request.run(.init(kind: .report, format: .md, asOf: Fixtures.day("2025-12-12"), scope: Self.local,
                                          options: .init(sinceByDefault: false))).report.text
        let compared = try request.run(.init(kind: .report, format: .md, asOf: Fixtures.day("2025-12-12"), scope: Self.local,
                                             options: .init(since: Fixtures.day("2025-09-15")))).report.text
        #expect(!plain.contains("III. Tiến độ") && compared.contains("III. Tiến độ từ ngày 15/09/2025"))
    }

    @Test("every kind renders every format but PDF in process, with its media type", arguments: ReportRequest.Kind.allCases)
    func everyKindEveryFormat(_ kind: ReportRequest.Kind) throws {
        let app = try AppFixture()
        let request = ReportRequest(session: app.session)
        for format in ReportFormat.allCases where format != .pdf {
            let options = ReportRequest.Options(commune: "23344", budget: .single(2_000_000_000), skipUnpriced: true)
            let found = try request.run(.init(kind: kind, format: format, asOf: Fixtures.day("2025-12-12"), scope: Self.local, options: options))
            #expect(found.report.mediaType == format.mediaType, "\(kind) \(format)")
            #expect(found.fileName.hasSuffix("." + format.fileExtension))
        }
    }

    @Test("a plan says how many lines it funds and what they cost")
    func planSummary() throws {
        let app = try AppFixture()
        let found = try ReportRequest(session: app.session).run(.init(kind: .plan, format: .json, asOf: Fixtures.day("2025-09-15"),
                                                                      scope: Self.local, options: .init(budget: .single(2_000_000_000))))
        #expect(found.plan?.spent == 1_955_000_000)
    }

    @Test("the defaults are the tool's: 90 days back, 30 days ahead, 8 weeks of pace")
    func defaults() {
        let o = ReportRequest.Options()
        #expect(ReportRequest.Options.sinceDays == 90 && o.within == 30 && o.paceWeeks == 8)
    }
}
