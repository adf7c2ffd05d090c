import Testing
import ReadinessCore

@Suite struct EvaluationTests {
    let asOf = TestData.day("2025-09-15")
    let a = TestData.commune("00001", "Xã A", attributes: ["officials": .int(20)])

    func outcome(_ rule: Rule, _ holdings: [Holding], commune: Commune? = nil) -> Outcome {
        Evaluator.outcome(of: rule, for: commune ?? a, in: InventoryState(asOf: asOf, holdings: holdings))
    }

    @Test("a minimum count is met by that many working units, and broken units never count")
    func minimumCount() {
        let rule = TestData.rule("q", item: "queue-machine", minimum: 2)
        #expect(outcome(rule, [TestData.holding("00001", "queue-machine", working: 2)]) == .met(have: 2, need: 2))
        #expect(outcome(rule, [TestData.holding("00001", "queue-machine", working: 1, broken: 5)]) == .short(have: 1, need: 2))
        #expect(outcome(rule, []) == .short(have: 0, need: 2))
    }

    @Test("a count per commune attribute needs one PC per official, rounded up")
    func perAttribute() {
        let rule = TestData.rule("pcs", item: "official-pc", per: "officials")
        #expect(outcome(rule, [TestData.holding("00001", "official-pc", working: 19)]) == .short(have: 19, need: 20))
        #expect(outcome(rule, [TestData.holding("00001", "official-pc", working: 20)]) == .met(have: 20, need: 20))
        let half = TestData.rule("pcs", item: "official-pc", per: "officials", ratio: 0.34)
        #expect(outcome(half, [TestData.holding("00001", "official-pc", working: 6)]) == .short(have: 6, need: 7))
    }

    @Test("a commune without the attribute a rule counts by cannot be judged, and says which attribute")
    func missingCommuneAttribute() {
        let rule = TestData.rule("pcs", item: "official-pc", per: "counters")
        #expect(outcome(rule, [TestData.holding("00001", "official-pc", working: 50)]) == .unknown(missingAttribute: "counters"))
    }

    @Test("a VCS terminal that does not meet the online-meeting requirements does not count")
    func boolCondition() {
        let rule = TestData.rule("vcs", item: "vcs-terminal", require: [Condition(attribute: "meets_hnth", comparison: .equal(.bool(true)))])
        #expect(outcome(rule, [TestData.holding("00001", "vcs-terminal", working: 1, ["meets_hnth": .bool(false)])]).isShort)
        #expect(outcome(rule, [TestData.holding("00001", "vcs-terminal", working: 1)]).isShort)
        #expect(outcome(rule, [TestData.holding("00001", "vcs-terminal", working: 1, ["meets_hnth": .bool(true)])]).isMet)
    }

    @Test("a bandwidth below the threshold does not count")
    func numberComparison() {
        let rule = TestData.rule("net", item: "data-network-link",
                                 require: [Condition(attribute: "bandwidth_mbps", comparison: .atLeast(.int(100)))])
        #expect(outcome(rule, [TestData.holding("00001", "data-network-link", working: 1, ["bandwidth_mbps": .int(50)])]).isShort)
        #expect(outcome(rule, [TestData.holding("00001", "data-network-link", working: 1, ["bandwidth_mbps": .int(100)])]).isMet)
    }

    @Test("a certificate counts up to and including its expiry day, not after")
    func dateNotPassed() {
        let rule = TestData.rule("sig", item: "digital-signature", require: [Condition(attribute: "expires_on", comparison: .valid)])
        let onDay = TestData.holding("00001", "digital-signature", working: 1, ["expires_on": .date(asOf)])
        let dayBefore = TestData.holding("00001", "digital-signature", working: 1, ["expires_on": .date(asOf.adding(days: -1))])
        #expect(outcome(rule, [onDay]).isMet)
        #expect(outcome(rule, [dayBefore]).isShort)
    }

    @Test("a rule for wards only does not apply to a rural commune, nor count in its total")
    func appliesToType() {
        let rule = TestData.rule("q", item: "queue-machine", appliesTo: Applicability(types: [.phuong]))
        #expect(outcome(rule, []) == .notApplicable)
        let ward = TestData.commune("00002", "Phường B", type: .phuong)
        let evaluation = Evaluator.evaluate(TestData.checklist([rule]), communes: [a, ward], state: InventoryState(asOf: asOf))
        #expect(evaluation.rules[0].total == 1)
        #expect(evaluation.rules[0].shortCount == 1)
    }

    @Test("a rule can apply by a commune attribute (former province)")
    func appliesToAttribute() {
        let rule = TestData.rule("q", item: "queue-machine",
                                 appliesTo: Applicability(conditions: [Condition(attribute: "former_province", comparison: .equal(.text("Kon Tum")))]))
        let kontum = TestData.commune("23344", "Xã Đăk Plô", attributes: ["former_province": .text("Kon Tum")])
        let quangngai = TestData.commune("21529", "Xã Ba Vì", attributes: ["former_province": .text("Quảng Ngãi")])
        #expect(outcome(rule, [], commune: kontum).isShort)
        #expect(outcome(rule, [], commune: quangngai) == .notApplicable)
    }

    @Test("the readiness index is the mean over domains of the weighted share of rules met")
    func readinessIndex() {
        let rules = [
            TestData.rule("q", item: "queue-machine", domain: "service", weight: 3),
            TestData.rule("p", item: "official-pc", domain: "service", weight: 1),
            TestData.rule("v", item: "vcs-terminal", domain: "network"),
        ]
        let state = InventoryState(asOf: asOf, holdings: [TestData.holding("00001", "queue-machine", working: 1)])
        let e = Evaluator.evaluate(TestData.checklist(rules), communes: [a], state: state, domainOrder: ["service", "network"])
        let r = e.communes[0]
        #expect(r.domainScores.map(\.domain) == ["service", "network"])
        #expect(r.domainScores[0].score == 0.75)
        #expect(r.domainScores[1].score == 0)
        #expect(r.index == 0.375)
        #expect(r.readinessClass == .notMet)
    }

    @Test("communes are classed by the checklist's thresholds: all rules met is fully met")
    func classes() {
        let thresholds = ClassThresholds(fullyMet: 1, partlyMet: 0.5)
        #expect(Evaluator.classify(1, thresholds) == .fullyMet)
        #expect(Evaluator.classify(0.5, thresholds) == .partlyMet)
        #expect(Evaluator.classify(0.49, thresholds) == .notMet)
    }

    @Test("the gap line reads as the province's report, in Vietnamese and English")
    func gapLine() {
        let rule = TestData.rule("q", item: "queue-machine", name: Localized(vi: "Máy lấy số xếp hàng tự động", en: "a queue-number machine"))
        #expect(rule.gapLine(short: 42, total: 96, language: .vi) == "42/96 địa phương chưa có Máy lấy số xếp hàng tự động")
        #expect(rule.gapLine(short: 42, total: 96, language: .en) == "42/96 communes without a queue-number machine")
        let pcs = TestData.rule("pcs", item: "official-pc", per: "officials")
        #expect(pcs.wording == .notEnough)
    }

    @Test("changes between two dates name the communes that became met")
    func changes() {
        let rule = TestData.rule("q", item: "queue-machine")
        let before = Evaluator.evaluate(TestData.checklist([rule]), communes: [a], state: InventoryState(asOf: asOf))
        let after = Evaluator.evaluate(TestData.checklist([rule]), communes: [a],
                                       state: InventoryState(asOf: asOf, holdings: [TestData.holding("00001", "queue-machine", working: 1)]))
        let changes = after.changes(since: before)
        #expect(changes.count == 1)
        #expect(changes.first?.direction == .becameMet)
        #expect(before.changes(since: after).first?.direction == .becameUnmet)
    }
}
