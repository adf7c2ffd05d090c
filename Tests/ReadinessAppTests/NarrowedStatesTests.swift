import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// A province's dashboard reads only its province's holdings, and finds what reading the country finds for it.
@Suite struct NarrowedStatesTests {
    @Test("a province's deadlines and pace in a two-province database equal those of a database of that province alone")
    func provinceReadsOnlyItself() throws {
        let alone = try Fixtures.sampleStore()
        let both = try Fixtures.sampleStore()
        try both.upsertCommunes([
            Commune(code: "00004", name: "Phường Ba Đình", type: .phuong, provinceCode: "01", provinceName: "Thành phố Hà Nội"),
            Commune(code: "00008", name: "Phường Ngọc Hà", type: .phuong, provinceCode: "01", provinceName: "Thành phố Hà Nội"),
        ])
        try both.append([NewEvent(communeCode: "00004", item: "queue-machine", effectiveOn: Fixtures.day("2025-11-01"), working: 1)])
        let clock = Clock.fixed(on: Fixtures.day("2025-12-12"))
        let staff = Scope(name: "tinh-qn", role: .province("51"))
        let narrowed = try Session(workspace: Fixtures.workspace, database: both, checklist: nil, clock: clock).narrowed(to: staff)
        let plain = try Session(workspace: Fixtures.workspace, database: alone, checklist: nil, clock: clock)
        let day = Fixtures.day("2025-12-12")
        let a = try DeadlinesQuery(session: narrowed).run(on: day, within: 30, paceWeeks: 8)
        let b = try DeadlinesQuery(session: plain).run(on: day, within: 30, paceWeeks: 8)
        #expect(a.rules.map { $0.short.map(\.commune.code) } == b.rules.map { $0.short.map(\.commune.code) })
        #expect(a.rules.map(\.total) == b.rules.map(\.total))
        #expect(a.rules.map(\.pace) == b.rules.map(\.pace))
        #expect(try narrowed.states(on: [day])[0].holdings(commune: "00004").isEmpty)
    }
}
