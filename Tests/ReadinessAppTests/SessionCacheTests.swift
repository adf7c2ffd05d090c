import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Suite("The session cache of a long-running server, in process")
struct SessionCacheTests {
    static let staff = Scope(name: "tinh-qn", role: .province("51"))
    static let day = Fixtures.day("2025-12-12")

    @Test("a dashboard asked for again is the same until an event is recorded; then it shows the event")
    func dashboardFollowsTheLedger() throws {
        let app = try AppFixture()
        let cache = SessionCache(workspace: Fixtures.workspace, database: app.database, clock: .fixed(on: Self.day))
        func vcsShort() throws -> Int {
            try DashboardQuery(session: cache.session()).run(scope: Self.staff, on: Self.day).coverage.first { $0.rule.id == "vcs-terminal" }!.short
        }
        let before = try vcsShort()
        #expect(try vcsShort() == before)
        let gaps = try cache.session()
        let short = try GapListQuery(session: gaps).run(scope: Self.staff, on: Self.day, filter: .init(rule: "vcs-terminal")).rules[0].shortfalls
        let commune = try #require(short.first?.commune.code)
        _ = try RecordEvent(session: cache.session()).run(.init(commune: commune, item: "vcs-terminal", working: 1,
                                                                 assignments: ["meets_hnth=yes"], on: Self.day, recordedBy: "test"))
        #expect(try vcsShort() == before - 1)
        let after = try GapListQuery(session: cache.session()).run(scope: Self.staff, on: Self.day, filter: .init(rule: "vcs-terminal"))
        #expect(!after.rules[0].shortfalls.contains { $0.commune.code == commune })
    }

    @Test("two officers of one province each see their own commune's submission on the dashboard, not the first one's")
    func ownSubmissionIsEachOfficers() throws {
        let app = try AppFixture()
        let cache = SessionCache(workspace: Fixtures.workspace, database: app.database, clock: .fixed(on: Self.day))
        _ = try ReviewCommune(session: app.session).run(.init(commune: "23344", period: "2025-12", action: .submit, scope: .local("test"),
                                                               source: "test"))
        let dakPlo = Scope(name: "xa-dakplo", role: .commune(code: "23344", province: "51"))
        let tinhKhe = Scope(name: "xa-tinhkhe", role: .commune(code: "21211", province: "51"))
        let first = try DashboardQuery(session: cache.session()).run(scope: dakPlo, on: Self.day)
        #expect(first.own?.commune.code == "23344")
        #expect(first.own?.isSubmitted == true)
        let second = try DashboardQuery(session: cache.session()).run(scope: tinhKhe, on: Self.day)
        #expect(second.own?.commune.code == "21211")
        #expect(second.own?.isSubmitted == false)
        #expect(try DashboardQuery(session: cache.session()).run(scope: Self.staff, on: Self.day).own == nil)
    }

    @Test("a review step or a change of the registry moves the data stamp; reading does not")
    func stampMoves() throws {
        let app = try AppFixture()
        let first = try app.database.dataStamp()
        #expect(try app.database.dataStamp() == first)
        _ = try ReviewCommune(session: app.session).run(.init(commune: "23344", period: "2025-12", action: .submit, scope: .local("test"),
                                                               source: "test"))
        let reviewed = try app.database.dataStamp()
        #expect(reviewed.reviews > first.reviews)
        var commune = try #require(try app.database.communes().first { $0.code == "23344" })
        commune.attributes["officials"] = .int(99)
        try app.database.upsertCommunes([commune])
        #expect(try app.database.dataStamp().registry > reviewed.registry)
    }
}
