import Testing
@testable import ReadinessCore
import PropertyBased

let d1 = TestData.day("2025-07-01"), d2 = TestData.day("2025-09-15"), d3 = TestData.day("2025-12-12")

@Test func aNewEventReplacesAnOlderHolding() {
    let state = InventoryState(asOf: d3, holdings: [TestData.holding("1", "vcs", working: 0, since: d1)])
    let after = state.applying([TestData.event("1", "vcs", on: d2, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 1)
}

@Test func anEventOlderThanTheHoldingDoesNotReplaceIt() {
    let state = InventoryState(asOf: d3, holdings: [TestData.holding("1", "vcs", working: 2, since: d2)])
    let after = state.applying([TestData.event("1", "vcs", on: d1, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 2)
}

@Test func anEventAfterTheReportDateDoesNotCount() {
    let state = InventoryState(asOf: d2)
    let after = state.applying([TestData.event("1", "vcs", on: d3, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs") == nil)
}

@Test func theLaterOfTwoNewEventsWinsWhateverTheirOrder() {
    let after = InventoryState(asOf: d3).applying([
        TestData.event("1", "vcs", on: d2, working: 5),
        TestData.event("1", "vcs", on: d1, working: 1),
    ])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 5)
}

@Test func anAttributeOfTheWrongTypeIsNamedWithWhatItShouldBe() throws {
    let item = ItemKind(id: "vcs", name: .init(vi: "v", en: "v"), unit: .init(vi: "b", en: "u"), domain: "c",
                        attributes: [AttributeSpec(name: "meets_hnth", type: .bool)])
    #expect(throws: AttributeInputError.self) { try item.parseAttributes(["meets_hnth=maybe"]) }
    #expect(try item.parseAttributes(["meets_hnth=có"]) == ["meets_hnth": .bool(true)])
}

/// `applying` makes one pass in array order; it must give what applying the events sorted by
/// (date, position) gives: that sorted pass is the reference here.
@Suite struct ApplyingMatchesSortedPass {
    static let communes = ["1", "2", "3"], items = ["vcs", "pc"]
    static let asOf = d2

    /// Events sorted by (date, position), each replacing a holding from no later a day.
    static func reference(_ state: InventoryState, _ events: [NewEvent]) -> InventoryState {
        var state = state
        let ordered = events.indices.sorted { (events[$0].effectiveOn, $0) < (events[$1].effectiveOn, $1) }
        for e in ordered.map({ events[$0] }) where e.effectiveOn <= state.asOf {
            if let h = state.holding(commune: e.communeCode, item: e.item), h.since > e.effectiveOn { continue }
            state.set(TestData.holding(e.communeCode, e.item, working: e.working, broken: e.broken, e.attributes, since: e.effectiveOn))
        }
        return state
    }

    @Test("one pass gives what the sorted pass gives, with same-day ties and events after the report date")
    func sameAsSortedPass() async {
        // (commune, item, day offset from asOf in -3...2, working): few holdings and days, so ties are common.
        let event = PropertyBased.zip(Gen.int(in: 0...2), Gen.int(in: 0...1), Gen.int(in: -3...2), Gen.int(in: 0...9))
        let held = PropertyBased.zip(Gen.int(in: 0...2), Gen.int(in: 0...1), Gen.int(in: -4...0))
        await propertyCheck(count: 500, input: held.array(of: 0...6), event.array(of: 0...30)) { held, raw in
            let state = InventoryState(asOf: Self.asOf, holdings: held.map { c, i, offset in
                TestData.holding(Self.communes[c], Self.items[i], working: 100 + offset, since: Self.asOf.adding(days: offset))
            })
            let events = raw.map { c, i, offset, working in
                TestData.event(Self.communes[c], Self.items[i], on: Self.asOf.adding(days: offset), working: working, ["n": .int(working)])
            }
            let fast = state.applying(events), slow = Self.reference(state, events)
            for c in Self.communes {
                for i in Self.items { #expect(fast.holding(commune: c, item: i) == slow.holding(commune: c, item: i)) }
                #expect(fast.holdings(commune: c) == slow.holdings(commune: c))
            }
        }
    }
}
