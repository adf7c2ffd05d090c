import Testing
import ReadinessCore

/// Hand-made checklists and communes: the readiness index, its classes and the split by an attribute.
@Suite struct ReadinessIndexTests {
    static let day = TestData.day("2025-12-12")

    /// Evaluates `rules` (each for the item of its id) for communes holding the listed items (one working unit each).
    static func evaluate(_ rules: [Rule], _ holdings: [String: [String]], communes: [Commune],
                         classes: ClassThresholds = .init()) -> Evaluation {
        let state = InventoryState(asOf: day, holdings: holdings.flatMap { code, items in
            items.map { TestData.holding(code, $0, working: 1, since: day) }
        })
        return Evaluator.evaluate(TestData.checklist(rules, classes: classes), communes: communes, state: state)
    }

    @Test("the index is the mean over domains of the weighted share of rules met")
    func indexIsMeanOfWeightedDomainShares() {
        // Domain a: rules weighted 3 and 1, only the heavy one met → 0.75. Domain b: one rule, met → 1.
        let rules = [TestData.rule("a1", domain: "a", weight: 3), TestData.rule("a2", domain: "a", weight: 1), TestData.rule("b1", domain: "b")]
        let e = Self.evaluate(rules, ["1": ["a1", "b1"]], communes: [TestData.commune("1")])
        let r = e.communes[0]
        #expect(r.domainScores.map(\.score) == [0.75, 1.0])
        #expect(r.index == 0.875)
    }

    @Test("a domain with no applicable rule does not count towards the mean")
    func emptyDomainIsLeftOut() {
        var wardOnly = TestData.rule("b1", domain: "b")
        wardOnly.appliesTo = Applicability(types: [.phuong])
        let e = Self.evaluate([TestData.rule("a1", domain: "a"), wardOnly], ["1": ["a1"]], communes: [TestData.commune("1")])
        #expect(e.communes[0].index == 1.0)
        #expect(e.communes[0].domainScores.count == 1)
    }

    @Test("the checklist's thresholds class communes as fully, partly or not met")
    func thresholdsClassCommunes() {
        let rules = ["r1", "r2", "r3", "r4"].map { TestData.rule($0, domain: "a") }
        let holdings = ["1": ["r1", "r2", "r3", "r4"], "2": ["r1", "r2", "r3"], "3": ["r1", "r2"], "4": ["r1"]]
        let e = Self.evaluate(rules, holdings, communes: ["1", "2", "3", "4"].map { TestData.commune($0) },
                              classes: ClassThresholds(fullyMet: 1.0, partlyMet: 0.5))
        #expect(e.communes.map(\.readinessClass) == [.fullyMet, .partlyMet, .partlyMet, .notMet])
        #expect(e.classCounts == [.fullyMet: 1, .partlyMet: 2, .notMet: 1])
        let strict = Self.evaluate(rules, holdings, communes: ["1", "2", "3", "4"].map { TestData.commune($0) },
                                   classes: ClassThresholds(fullyMet: 0.75, partlyMet: 0.6))
        #expect(strict.communes.map(\.readinessClass) == [.fullyMet, .fullyMet, .notMet, .notMet])
    }

    @Test("the classification splits by a commune attribute, communes without it last")
    func classSplitByAttribute() {
        let rules = [TestData.rule("r1", domain: "a"), TestData.rule("r2", domain: "a")]
        let former = ["1": "Quảng Ngãi", "2": "Kon Tum", "3": "Quảng Ngãi"]
        let communes = ["1", "2", "3", "4"].map { code in
            TestData.commune(code, attributes: former[code].map { ["former_province": .text($0)] } ?? [:])
        }
        let e = Self.evaluate(rules, ["1": ["r1", "r2"], "2": ["r1"], "3": [], "4": ["r1", "r2"]], communes: communes)
        let split = e.classSplit(by: "former_province")
        #expect(split.map(\.value) == ["Quảng Ngãi", "Kon Tum", nil])
        #expect(split.map(\.total) == [2, 1, 1])
        #expect(split[0].counts == [.fullyMet: 1, .partlyMet: 0, .notMet: 1])
        #expect(split[1].counts == [.fullyMet: 0, .partlyMet: 1, .notMet: 0])
        #expect(split[2].counts[.fullyMet] == 1)
    }

    @Test("the index distribution puts exactly 1 in a band of its own")
    func distributionBands() {
        let rules = ["r1", "r2", "r3", "r4"].map { TestData.rule($0, domain: "a") }
        let e = Self.evaluate(rules, ["1": ["r1", "r2", "r3", "r4"], "2": ["r1", "r2", "r3"], "3": []],
                              communes: ["1", "2", "3"].map { TestData.commune($0) })
        let bins = e.indexDistribution(bins: 4)
        #expect(bins.map(\.count) == [1, 0, 0, 1, 1])
        #expect(bins.last?.lower == 1)
    }
}
