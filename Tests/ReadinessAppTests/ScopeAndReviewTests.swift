import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Suite("Scope, review periods and their locks, in process")
struct ScopeAndReviewTests {
    static let officer = Scope(name: "xa-dakplo", role: .commune(code: "23344", province: "51"))
    static let staff = Scope(name: "tinh-qn", role: .province("51"))
    static let otherProvince = Scope(name: "tinh-hn", role: .province("01"))
    static let admin = Scope(name: "admin", role: .admin)

    static func record(_ commune: String = "23344", on: String = "2025-12-10", scope: Scope?) -> RecordEvent.Input {
        RecordEvent.Input(commune: commune, item: "vcs-terminal", working: 1, assignments: ["meets_hnth=yes"], on: Fixtures.day(on),
                          recordedBy: scope?.name ?? "test", source: "test", scope: scope)
    }

    @Test("a commune officer records for their own commune only; an admin records nothing; nothing is written when refused")
    func recordScope() throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        #expect(appError { try RecordEvent(session: app.session).run(Self.record("21211", scope: Self.officer)) }?.kind == .forbidden)
        #expect(appError { try RecordEvent(session: app.session).run(Self.record(scope: Self.admin)) }?.kind == .forbidden)
        #expect(appError { try RecordEvent(session: app.session).run(Self.record(scope: Self.otherProvince)) }?.kind == .forbidden)
        #expect(try app.eventCount() == before)
        let done = try RecordEvent(session: app.session).run(Self.record(scope: Self.officer))
        #expect(done.event.recordedBy == "xa-dakplo")
        _ = try RecordEvent(session: app.session).run(Self.record("21211", scope: Self.staff))
        #expect(try app.eventCount() == before + 2)
    }

    @Test("the store checks the scope again inside the transaction")
    func storeGuard() throws {
        let app = try AppFixture()
        let event = NewEvent(communeCode: "21211", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-01"), working: 1)
        #expect(throws: WriteRefusal.outOfScope(commune: "21211")) {
            try app.database.append([event], guard: WriteGuard(communes: .commune("23344")))
        }
        #expect(throws: WriteRefusal.outOfScope(commune: "21211")) {
            try app.database.append([event], guard: WriteGuard(communes: .province("01")))
        }
    }

    @Test("submit, approve locks the period for record and import (the command too), reopen unlocks; all in the trail")
    func lockCycle() async throws {
        let app = try AppFixture()
        let review = ReviewCommune(session: app.session)
        func step(_ action: ReviewAction, _ scope: Scope, comment: String = "") throws(AppError) -> ReviewEntry {
            try review.run(.init(commune: "23344", period: "2025-12", action: action, comment: comment, scope: scope, source: "test"))
        }
        // Only the province reviews; approving needs a submission first.
        #expect(appError { try step(.approve, Self.staff) }?.kind == .conflict)
        _ = try step(.submit, Self.officer)
        #expect(appError { try step(.approve, Self.officer) }?.kind == .forbidden)
        #expect(appError { try step(.approve, Self.otherProvince) }?.kind == .forbidden)
        #expect(appError { try step(.return, Self.staff) }?.field == "comment")
        let approved = try step(.approve, Self.staff)
        #expect(approved.actor == "tinh-qn")
        #expect(approved.firstDay == Fixtures.day("2025-12-01") && approved.lastDay == Fixtures.day("2025-12-31"))

        let before = try app.eventCount()
        let locked = appError { try RecordEvent(session: app.session).run(Self.record(scope: Self.officer)) }
        #expect(locked?.kind == .conflict)
        #expect(locked?.message.contains("2025-12") == true)
        #expect(appError { try RecordEvent(session: app.session).run(Self.record(scope: nil)) }?.kind == .conflict)  // the command
        let csv = "commune_code,item,working,broken,date,meets_hnth\n23344,vcs-terminal,1,0,2025-12-10,có\n"
        for dryRun in [true, false] {
            let refused = await appError {
                try await ImportFiles(session: app.session).run(.init(files: [ImportSource(name: "vcs.csv", bytes: Data(csv.utf8))],
                                                                      dryRun: dryRun, importedBy: "test"))
            }
            #expect(refused?.kind == .conflict)
        }
        // A date outside the period is not locked.
        _ = try RecordEvent(session: app.session).run(Self.record(on: "2025-11-30", scope: Self.officer))
        #expect(try app.eventCount() == before + 1)

        _ = try step(.reopen, Self.staff, comment: "sửa số liệu")
        _ = try RecordEvent(session: app.session).run(Self.record(scope: Self.officer))
        let trail = try app.database.reviewTrail(commune: "23344")
        #expect(trail.map(\.action) == [.reopen, .approve, .submit])
        #expect(trail.map(\.actor) == ["tinh-qn", "tinh-qn", "xa-dakplo"])
    }

    @Test("periods: months, quarters, years; anything else is an input error on the field")
    func periods() {
        #expect(ReportingPeriod("2025-02")?.lastDay == Fixtures.day("2025-02-28"))
        #expect(ReportingPeriod("2025-q4")?.firstDay == Fixtures.day("2025-10-01"))
        #expect(ReportingPeriod("2025")?.lastDay == Fixtures.day("2025-12-31"))
        #expect(ReportingPeriod("2025-13") == nil)
        #expect(appError { try ReportingPeriod.parse("December") }?.field == "period")
    }

    @Test("summaries are the province's; details only the scope's own; downloads check the scope")
    func readScope() throws {
        let app = try AppFixture()
        let page = CommunePageQuery(session: app.session)
        #expect(appError { try page.run(scope: Self.officer, commune: "21211", on: Fixtures.day("2025-12-12")) }?.kind == .forbidden)
        #expect(try page.run(scope: Self.officer, commune: "23344", on: Fixtures.day("2025-12-12")).canWrite)
        #expect(try page.run(scope: Self.staff, commune: "21211", on: Fixtures.day("2025-12-12")).canReview)
        let gaps = try GapListQuery(session: app.session).run(scope: Self.officer, on: Fixtures.day("2025-12-12"), filter: .init())
        #expect(gaps.evaluation.communes.count == 96)
        let none = try GapListQuery(session: app.session).run(scope: Self.otherProvince, on: Fixtures.day("2025-12-12"), filter: .init())
        #expect(none.evaluation.communes.isEmpty)
        let download = ReportDownload(session: app.session)
        #expect(appError { try download.run(.init(kind: .commune, format: .csv, asOf: Fixtures.day("2025-12-12"), commune: "21211",
                                                  scope: Self.officer)) }?.kind == .forbidden)
        let card = try download.run(.init(kind: .commune, format: .xlsx, asOf: Fixtures.day("2025-12-12"), commune: "23344", scope: Self.officer))
        #expect(card.fileName == "commune-23344-2025-12-12.xlsx")
        #expect(Array(card.report.bytes.prefix(2)) == [0x50, 0x4B])  // a zip
        let audit = try AuditQuery(session: app.session).run(scope: Self.officer)
        #expect(!audit.entries.isEmpty)
        #expect(audit.entries.allSatisfy { $0.communeCode == "23344" })
    }

    @Test("the gap list filters by rule, type and attribute, and refuses unknown ones on their field")
    func gapFilters() throws {
        let app = try AppFixture()
        let q = GapListQuery(session: app.session)
        let day = Fixtures.day("2025-12-12")
        let one = try q.run(scope: Self.staff, on: day, filter: .init(rule: "vcs-terminal"))
        #expect(one.rules.map(\.rule.id) == ["vcs-terminal"])
        let phuong = try q.run(scope: Self.staff, on: day, filter: .init(type: .phuong))
        #expect(phuong.evaluation.communes.allSatisfy { $0.commune.type == .phuong })
        #expect(appError { try q.run(scope: Self.staff, on: day, filter: .init(rule: "nope")) }?.field == "rule")
        #expect(appError { try q.run(scope: Self.staff, on: day, filter: .init(attributes: ["nope": "x"])) }?.field == "nope")
        let attribute = try #require(one.attributeValues.first { $0.name == "former_province" })
        let value = try #require(attribute.values.first)
        let filtered = try q.run(scope: Self.staff, on: day, filter: .init(attributes: ["former_province": value]))
        #expect(filtered.evaluation.communes.allSatisfy { $0.commune.attributes["former_province"]?.description == value })
    }
}
