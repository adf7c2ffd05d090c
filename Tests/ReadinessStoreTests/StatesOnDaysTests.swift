import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Suite struct StatesOnDaysTests {
    /// The state on a day worked out from every event of every commune: the last on or before it.
    static func naive(_ store: InventoryDatabase, on day: Day) throws -> Set<Holding> {
        var result = Set<Holding>()
        for commune in try store.communes() {
            var seen = Set<String>()
            for e in try store.events(commune: commune.code) where e.effectiveOn <= day && seen.insert(e.item).inserted {
                result.insert(Holding(communeCode: e.communeCode, item: e.item, working: e.working, broken: e.broken,
                                      attributes: e.attributes, since: e.effectiveOn))
            }
        }
        return result
    }

    @Test("the states on several days read together are each day's last events, with same-day corrections winning")
    func statesMatchTheEvents() throws {
        let store = try Fixtures.sampleStore()
        let code = try #require(try store.communes().first?.code)
        try store.append([
            NewEvent(communeCode: code, item: "queue-machine", effectiveOn: Fixtures.day("2025-09-15"), working: 3),
            NewEvent(communeCode: code, item: "queue-machine", effectiveOn: Fixtures.day("2025-09-15"), working: 4),
        ])
        let days = ["2025-12-12", "2025-06-01", "2025-09-15", "2025-08-25", "2025-09-14", "2026-03-01"].map(Fixtures.day)
        let states = try store.states(asOf: days)
        let communes = try store.communes().map(\.code)
        for (day, state) in zip(days, states) {
            #expect(state.asOf == day)
            let read = Set(communes.flatMap { state.holdings(commune: $0) })
            #expect(read == (try Self.naive(store, on: day)), "\(day.iso)")
            let one = try store.state(asOf: day, communes: [code, communes.last!])
            #expect(Set(one.holdings(commune: code)) == Set(state.holdings(commune: code)))
            #expect(one.holdings(commune: communes[1]).isEmpty || communes.count == 2)
        }
        #expect(states[2].holding(commune: code, item: "queue-machine")?.working == 4)
    }

    @Test("an event recorded later but dated earlier does not replace a holding's latest state; one on the same latest day does")
    func latestStateKeptAcrossAppends() throws {
        let store = try Fixtures.sampleStore()
        let code = try #require(try store.communes().first?.code)
        try store.append([NewEvent(communeCode: code, item: "vcs-terminal", effectiveOn: Fixtures.day("2026-02-01"), working: 2)])
        try store.append([NewEvent(communeCode: code, item: "vcs-terminal", effectiveOn: Fixtures.day("2026-01-01"), working: 7)])
        let late = Fixtures.day("2026-06-01")
        #expect(try store.state(asOf: late).holding(commune: code, item: "vcs-terminal")?.working == 2)
        try store.append([NewEvent(communeCode: code, item: "vcs-terminal", effectiveOn: Fixtures.day("2026-02-01"), working: 5)])
        #expect(try store.state(asOf: late).holding(commune: code, item: "vcs-terminal")?.working == 5)
        #expect(try store.state(asOf: Fixtures.day("2026-01-15")).holding(commune: code, item: "vcs-terminal")?.working == 7)
        let communes = try store.communes().map(\.code)
        #expect(Set(communes.flatMap { (try? store.state(asOf: late))?.holdings(commune: $0) ?? [] }) == (try Self.naive(store, on: late)))
        #expect(try store.checks().filter { !$0.passed } == [])
    }
}
