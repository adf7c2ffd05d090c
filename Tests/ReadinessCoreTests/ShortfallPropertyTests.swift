import Testing
import PropertyBased
import ReadinessCore

/// Adding a working unit never makes any commune shorter on any rule.
@Suite struct ShortfallPropertyTests {
    static let rules: [Rule] = [
        TestData.rule("q", item: "queue-machine", minimum: 2),
        TestData.rule("pcs", item: "official-pc", per: "officials"),
        TestData.rule("vcs", item: "vcs-terminal", require: [Condition(attribute: "meets_hnth", comparison: .equal(.bool(true)))], domain: "network"),
        TestData.rule("net", item: "data-network-link", require: [Condition(attribute: "bandwidth_mbps", comparison: .atLeast(.int(100)))], domain: "network"),
    ]
    static let items = ["queue-machine", "official-pc", "vcs-terminal", "data-network-link"]

    @Test("adding a working unit never increases any shortfall")
    func addingNeverHurts() async {
        // working and broken per item, officials, which item gets one more, meets_hnth, bandwidth
        await propertyCheck(count: 300, input: Gen.int(in: 0...5).array(of: 4), Gen.int(in: 0...3).array(of: 4),
                            Gen.int(in: 0...30), Gen.int(in: 0...3), Gen.bool, Gen.int(in: 0...300)) {
            working, broken, officials, which, hnth, bandwidth in
            let commune = TestData.commune("00001", "Xã A", attributes: ["officials": .int(officials)])
            func holdings(extra: Int?) -> [Holding] {
                Self.items.enumerated().map { i, item in
                    var attrs: [String: AttributeValue] = [:]
                    if item == "vcs-terminal" { attrs["meets_hnth"] = .bool(hnth) }
                    if item == "data-network-link" { attrs["bandwidth_mbps"] = .int(bandwidth) }
                    return TestData.holding("00001", item, working: working[i] + (extra == i ? 1 : 0), broken: broken[i], attrs)
                }
            }
            let asOf = TestData.day("2025-09-15")
            let before = Evaluator.evaluate(TestData.checklist(Self.rules), communes: [commune],
                                            state: InventoryState(asOf: asOf, holdings: holdings(extra: nil)))
            let after = Evaluator.evaluate(TestData.checklist(Self.rules), communes: [commune],
                                           state: InventoryState(asOf: asOf, holdings: holdings(extra: which)))
            for (b, a) in zip(before.rules, after.rules) {
                #expect(a.shortCount <= b.shortCount)
                #expect(a.shortfalls.map(\.missing).reduce(0, +) <= b.shortfalls.map(\.missing).reduce(0, +))
            }
            #expect((after.communes[0].index ?? 0) >= (before.communes[0].index ?? 0))
        }
    }
}
