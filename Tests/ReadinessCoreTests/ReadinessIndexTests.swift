import Testing
import ReadinessCore

/// Hand-made checklists and communes: the readiness index, its classes and the split by an attribute.
@Suite struct ReadinessIndexTests {
    static let day = Day(iso: "2025-12-12")!

    static func rule(_ id: String, domain: String, weight: Double = 1) -> Rule {
        Rule(id: id, item: id, name: Localized(vi: id, en: id), domain: domain, weight: weight, deadline: day)
    }

    static func commune(_ code: String, _ former: String? = nil) -> Commune {
        Commune(code: code, name: "Xã \(code)", type: .xa, attributes: former.map { ["former_province": .text($0)] } ?? [:])
    }

    /// Evaluates `rules` for communes holding the listed items (one working unit each).
    static func evaluate(_ rules: [Rule], _ holdings: [String: [String]], communes: [Commune],
                         classes: ClassThresholds = .init()) -> Evaluation {
        let checklist = Checklist(id: "t", title: Localized(vi: "t", en: "t"), source: "", deadline: day, classes: classes, rules: rules)
        let state = InventoryState(asOf: day, holdings: holdings.flatMap { code, items in
            items.map { Holding(communeCode: code, item: $0, working: 1, since: day) }
        })
        return Evaluator.evaluate(checklist, communes: communes, state: state)
    }

    @Test("the index is the mean over domains of the weighted share of rules met")
    func indexIsMeanOfWeightedDomainShares() {
        // Domain a: rules weighted 3 and 1, only the heavy one met → 0.75. Domain b: one rule, met → 1.
        let rules = [Self.rule("a1", domain: "a", weight: 3), Self.rule("a2", domain: "a", weight: 1), Self.rule("b1", domain: "b")]
        let e = Self.evaluate(rules, ["1": ["a1", "b1"]], communes: [Self.commune("1")])
        let r = e.communes[0]
        #expect(r.domainScores.map(\.score) == [0.75, 1.0])
        #expect(r.index == 0.875)
    }

    @Test("a domain with no applicable rule does not count towards the mean")
    func emptyDomainIsLeftOut() {
        var wardOnly = Self.rule("b1", domain: "b")
        wardOnly.appliesTo = Applicability(types: [.phuong])
        let e = Self.evaluate([Self.rule("a1", domain: "a"), wardOnly], ["1": ["a1"]], communes: [Self.commune("1")])
        #expect(e.communes[0].index == 1.0)
        #expect(e.communes[0].domainScores.count == 1)
    }

    @Test("the checklist's thresholds class communes as fully, partly or not met")
    func thresholdsClassCommunes() {
        let rules = ["r1", "r2", "r3", "r4"].map { Self.rule($0, domain: "a") }
        let holdings = ["1": ["r1", "r2", "r3", "r4"], "2": ["r1", "r2", "r3"], "3": ["r1", "r2"], "4": ["r1"]]
        let e = Self.evaluate(rules, holdings, communes: ["1", "2", "3", "4"].map { Self.commune($0) },
                              classes: ClassThresholds(fullyMet: 1.0, partlyMet: 0.5))
        #expect(e.communes.map(\.readinessClass) == [.fullyMet, .partlyMet, .partlyMet, .notMet])
        #expect(e.classCounts == [.fullyMet: 1, .partlyMet: 2, .notMet: 1])
        let strict = Self.evaluate(rules, holdings, communes: ["1", "2", "3", "4"].map { Self.commune($0) },
                                   classes: ClassThresholds(fullyMet: 0.75, partlyMet: 0.6))
        #expect(strict.communes.map(\.readinessClass) == [.fullyMet, .fullyMet, .notMet, .notMet])
    }

    @Test("the classification splits by a commune attribute, communes without it last")
    func classSplitByAttribute() {
        let rules = [Self.rule("r1", domain: "a"), Self.rule("r2", domain: "a")]
        let communes = [Self.commune("1", "Quảng Ngãi"), Self.commune("2", "Kon Tum"), Self.commune("3", "Quảng Ngãi"), Self.commune("4")]
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
        let rules = ["r1", "r2", "r3", "r4"].map { Self.rule($0, domain: "a") }
        let e = Self.evaluate(rules, ["1": ["r1", "r2", "r3", "r4"], "2": ["r1", "r2", "r3"], "3": []],
                              communes: ["1", "2", "3"].map { Self.commune($0) })
        let bins = e.indexDistribution(bins: 4)
        #expect(bins.map(\.count) == [1, 0, 0, 1, 1])
        #expect(bins.last?.lower == 1)
    }
}
