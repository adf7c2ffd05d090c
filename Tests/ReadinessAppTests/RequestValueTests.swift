import Foundation
import ReadinessApp
import ReadinessCore
import Testing
import TestSupport

/// Values a person gives the use cases, from a form, a query, a file or an argument: each checked where
/// it is read, and refused with the field it came from.
@Suite struct RequestValueTests {
    @Test("every report refuses a date outside 2000–2100 as an input error naming the field, instead of failing")
    func reportDatesOutOfRange() throws {
        let app = try AppFixture()
        let s = app.session
        for day in [Fixtures.day("1999-12-31"), Fixtures.day("2101-01-01"), Day(daysSinceEpoch: -800_000)] {
            let errors: [AppError?] = [
                appError { try GapsQuery(session: s).run(on: day) },
                appError { try GapsQuery(session: s).runWithApproval(on: day) },
                appError { try CommuneCardQuery(session: s).run(commune: "23344", on: day) },
                appError { try DeadlinesQuery(session: s).run(on: day, within: 30, paceWeeks: 8) },
                appError { try ProvinceReportQuery(session: s).run(on: day, since: nil, by: nil) },
                appError { try DashboardQuery(session: s).run(scope: .local("t"), on: day) },
                appError { try GapListQuery(session: s).run(scope: .local("t"), on: day, filter: .init()) },
                appError { try CommunePageQuery(session: s).run(scope: .local("t"), commune: "23344", on: day) },
                appError { try ReportDownload(session: s).run(.init(kind: .gaps, format: .csv, asOf: day, scope: .local("t"))) },
            ]
            for error in errors {
                #expect(error?.kind == .input)
                #expect(error?.field == "as-of")
            }
        }
        let since = appError { try ProgressQuery(session: s).run(from: Fixtures.day("1999-01-01"), to: Fixtures.day("2025-12-12")) }
        #expect(since?.field == "from")
    }

    @Test("the month of any day is a period, whatever its year")
    func monthOfAnyDay() {
        #expect(ReportingPeriod.month(of: Fixtures.day("2025-12-12")).id == "2025-12")
        #expect(ReportingPeriod.month(of: Fixtures.day("2025-12-12")).lastDay.iso == "2025-12-31")
        #expect(ReportingPeriod.month(of: Fixtures.day("2024-02-10")).lastDay.iso == "2024-02-29")
        #expect(ReportingPeriod.month(of: Fixtures.day("1999-12-31")).id == "1999-12")
        #expect(ReportingPeriod.month(of: Fixtures.day("2101-01-01")).firstDay.iso == "2101-01-01")
        #expect(ReportingPeriod.month(of: Day(daysSinceEpoch: -800_000)).id.count >= 7)
    }

    @Test("a typed date is read in either form and checked against the ledger's dates")
    func typedDates() {
        #expect((try? DateInput.parse("15/09/2025", field: "as-of"))?.iso == "2025-09-15")
        #expect(appError { try DateInput.parse("soon", field: "since") }?.field == "since")
        let out = appError { try DateInput.parse("2101-01-01", field: "as-of") }
        #expect(out?.text(.vi) == "ngày 01/01/2101 nằm ngoài phạm vi: chọn ngày từ 01/01/2000 đến 31/12/2100")
        #expect(out?.text(.en).contains("--") == false)
    }

    @Test("free text loses control characters and forbidden code points; past the limit it is refused")
    func freeText() throws {
        #expect(try TextInput.clean("a\u{0}b\u{1B}c\r\nd\te\u{FFFE}\u{85}", field: "note") == "abc\nd e")
        #expect(appError { try TextInput.clean(String(repeating: "x", count: 2_001), field: "note") }?.field == "note")
    }

    @Test("an unknown commune type is refused, not ignored; a decomposed one is read")
    func communeTypes() throws {
        #expect(try CommuneType.filter("đặc khu") == .dacKhu)
        #expect(try CommuneType.filter("phu\u{031B}o\u{031B}\u{0300}ng") == .phuong)
        #expect(try CommuneType.filter("") == nil)
        #expect(appError { try CommuneType.filter("village") }?.field == "type")
    }
}
