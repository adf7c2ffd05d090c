import ReadinessApp
import ReadinessCore
import Testing
import TestSupport

@Suite("Reports, in process")
struct ReportQueryTests {
    @Test("the gap report on 15/09/2025 has 20 communes without a VCS terminal")
    func gaps() throws {
        let app = try AppFixture()
        let evaluation = try GapsQuery(session: app.session).run(on: Fixtures.day("2025-09-15"))
        #expect(evaluation.rules.first { $0.rule.id == "vcs-terminal" }?.shortCount == 20)
        #expect(evaluation.communes.count == 96)
    }

    @Test("a commune card lists the holdings in catalogue order")
    func communeCard() throws {
        let app = try AppFixture()
        let card = try CommuneCardQuery(session: app.session).run(commune: "23344", on: Fixtures.day("2025-12-12"))
        #expect(card.commune.commune.code == "23344")
        let order = app.session.catalog.items.map(\.id)
        let positions = card.holdings.map { order.firstIndex(of: $0.item)! }
        #expect(positions == positions.sorted())
        #expect(!card.holdings.isEmpty)
    }

    @Test("progress needs its earlier date first")
    func progressOrder() throws {
        let app = try AppFixture()
        let error = appError { try ProgressQuery(session: app.session).run(from: Fixtures.day("2025-12-12"), to: Fixtures.day("2025-09-15")) }
        #expect(error?.kind == .input)
        #expect(error?.field == "from")
    }

    @Test("progress between the two reports: 42 then 9 communes without a queue machine, each change explained")
    func progress() throws {
        let app = try AppFixture()
        let progress = try ProgressQuery(session: app.session).run(from: Fixtures.day("2025-09-15"), to: Fixtures.day("2025-12-12"))
        let queue = try #require(progress.rules.first { $0.rule.id == "queue-machine" })
        #expect((queue.shortBefore, queue.shortAfter) == (42, 9))
        #expect(!queue.becameMet.isEmpty)
        #expect(queue.becameMet.allSatisfy { $0.cause != nil })
    }

    @Test("deadlines refuse a pace window beyond ten years")
    func paceWindow() throws {
        let app = try AppFixture()
        let error = appError { try DeadlinesQuery(session: app.session).run(on: Fixtures.day("2025-12-12"), within: 30, paceWeeks: 100_000) }
        #expect(error?.kind == .input)
        #expect(error?.field == "pace-weeks")
    }

    @Test("deadlines on 12/12/2025 judge every rule of the checklist")
    func deadlines() throws {
        let app = try AppFixture()
        let review = try DeadlinesQuery(session: app.session).run(on: Fixtures.day("2025-12-12"), within: 30, paceWeeks: 8)
        #expect(review.rules.count == app.session.checklist.rules.count)
        #expect(review.paceSince == Fixtures.day("2025-10-17"))
    }

    @Test("the province report splits by former province unless told otherwise")
    func provinceReportSplit() throws {
        let app = try AppFixture()
        let query = ProvinceReportQuery(session: app.session)
        #expect(try query.run(on: Fixtures.day("2025-12-12"), since: nil, by: nil).splitBy == "former_province")
        #expect(try query.run(on: Fixtures.day("2025-12-12"), since: nil, by: "none").splitBy == nil)
        #expect(appError { try query.run(on: Fixtures.day("2025-12-12"), since: nil, by: "islnd") }?.field == "by")
    }

    @Test("the province report carries the progress since an earlier date")
    func provinceReportProgress() throws {
        let app = try AppFixture()
        let report = try ProvinceReportQuery(session: app.session).run(on: Fixtures.day("2025-12-12"), since: Fixtures.day("2025-09-15"), by: nil)
        #expect(report.progress?.rules.count == app.session.checklist.rules.count)
    }
}
