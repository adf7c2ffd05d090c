import Testing
@testable import ReadinessCore

let d1 = Day(iso: "2025-07-01")!, d2 = Day(iso: "2025-09-15")!, d3 = Day(iso: "2025-12-12")!

@Test func aNewEventReplacesAnOlderHolding() {
    let state = InventoryState(asOf: d3, holdings: [Holding(communeCode: "1", item: "vcs", working: 0, since: d1)])
    let after = state.applying([NewEvent(communeCode: "1", item: "vcs", effectiveOn: d2, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 1)
}

@Test func anEventOlderThanTheHoldingDoesNotReplaceIt() {
    let state = InventoryState(asOf: d3, holdings: [Holding(communeCode: "1", item: "vcs", working: 2, since: d2)])
    let after = state.applying([NewEvent(communeCode: "1", item: "vcs", effectiveOn: d1, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 2)
}

@Test func anEventAfterTheReportDateDoesNotCount() {
    let state = InventoryState(asOf: d2)
    let after = state.applying([NewEvent(communeCode: "1", item: "vcs", effectiveOn: d3, working: 1)])
    #expect(after.holding(commune: "1", item: "vcs") == nil)
}

@Test func theLaterOfTwoNewEventsWinsWhateverTheirOrder() {
    let after = InventoryState(asOf: d3).applying([
        NewEvent(communeCode: "1", item: "vcs", effectiveOn: d2, working: 5),
        NewEvent(communeCode: "1", item: "vcs", effectiveOn: d1, working: 1),
    ])
    #expect(after.holding(commune: "1", item: "vcs")?.working == 5)
}

@Test func anAttributeOfTheWrongTypeIsNamedWithWhatItShouldBe() throws {
    let item = ItemKind(id: "vcs", name: .init(vi: "v", en: "v"), unit: .init(vi: "b", en: "u"), domain: "c",
                        attributes: [AttributeSpec(name: "meets_hnth", type: .bool)])
    #expect(throws: AttributeInputError.self) { try item.parseAttributes(["meets_hnth=maybe"]) }
    #expect(try item.parseAttributes(["meets_hnth=có"]) == ["meets_hnth": .bool(true)])
}
