import Foundation
import ReadinessCore
import ReadinessInput
import Testing
import TestSupport

@Suite struct PriceListTests {
    @Test("the shipped price list reads, every price marked illustrative with its source")
    func shippedPricesRead() throws {
        let url = Fixtures.repoRoot.appendingPathComponent("Inventory/prices.csv")
        let prices = try PriceListFile.parse(String(contentsOf: url, encoding: .utf8), file: "Inventory/prices.csv", catalog: Fixtures.catalog())
        #expect(prices.price(for: "queue-machine")?.unitPrice == 35_000_000)
        #expect(prices.prices.allSatisfy { $0.source.contains("illustrative") })
    }

    @Test("every bad row of a price list is reported with its line and column")
    func badRowsReportedWithLines() throws {
        let text = """
            item,unit_price_vnd,repair_price_vnd,date,source,note
            queue-machin,35000000,,2025-09-01,quote,
            number-display,-5,,2025-09-01,quote,
            lookup-kiosk,38.000.000,abc,2025-09-01,quote,
            official-pc,16000000,,,quote,
            """
        #expect {
            try PriceListFile.parse(text, file: "prices.csv", catalog: try Fixtures.catalog())
        } throws: { error in
            let lines = (error as? InputProblems)?.issues.map(\.description) ?? []
            return lines == [
                "prices.csv:2:1: unknown item \"queue-machin\" (did you mean queue-machine?)",
                "prices.csv:3:2: unit_price_vnd -5 is negative: prices are 0 or more",
                "prices.csv:4:3: repair_price_vnd \"abc\" is not an amount in VND: write a whole number such as 45000000 or 45.000.000",
                "prices.csv:5:4: the date is empty: write the date of the price (YYYY-MM-DD)",
            ]
        }
    }

    @Test("amounts are read as people write them")
    func amountsAsWritten() {
        #expect(Money.parse("2000000000") == 2_000_000_000)
        #expect(Money.parse("2e9") == 2_000_000_000)
        #expect(Money.parse("2.000.000.000") == 2_000_000_000)
        #expect(Money.parse("2,000,000,000") == 2_000_000_000)
        #expect(Money.parse("45 000 000 đ") == 45_000_000)
        #expect(Money.parse("2.5") == nil)
    }

    @Test("a budget range gives evenly spaced budgets, both ends included")
    func budgetRange() throws {
        #expect(try PlanArguments.budgets("1e9..5e9/5") == [1_000_000_000, 2_000_000_000, 3_000_000_000, 4_000_000_000, 5_000_000_000])
        #expect(try PlanArguments.budgets("2e9,1e9") == [1_000_000_000, 2_000_000_000])
        #expect(try PlanArguments.phase("2025-Q4:1e9:2025-12-31") == PlanPhase(name: "2025-Q4", budget: 1_000_000_000, deadline: Day(iso: "2025-12-31")))
    }
}

@Suite struct PolicyFileTests {
    @Test("an unknown key in a policy file is reported with its line and a suggestion")
    func unknownKeyReported() {
        let text = """
            weights:
              deadline: 2
              readyness: 1
            bonuses:
              - where: {island: true}
                points: 2
                colour: red
            """
        #expect {
            try PolicyFile.parse(text, file: "policy.yaml")
        } throws: { error in
            let lines = (error as? InputProblems)?.issues.map(\.description) ?? []
            return lines.count == 2 && lines[0].hasPrefix("policy.yaml:3:3: weights: unknown key \"readyness\" (did you mean readiness?)")
                && lines[1].hasPrefix("policy.yaml:7:5: bonuses[1]: unknown key \"colour\"")
        }
    }

    @Test("a rule weight for a rule the checklist does not have is refused with its line")
    func unknownRuleWeight() throws {
        let text = "rule_weights:\n  vcs-terminal: 3\n  vcs-terminals: 2\n"
        let checklist = try Fixtures.checklist()
        #expect(try PolicyFile.parse("rule_weights:\n  vcs-terminal: 3\n", file: "p.yaml", checklist: checklist).ruleWeights == ["vcs-terminal": 3])
        #expect {
            try PolicyFile.parse(text, file: "p.yaml", checklist: checklist)
        } throws: { error in
            (error as? InputProblems)?.issues.map(\.description).first?.hasPrefix("p.yaml:3:3: rule_weights: unknown key \"vcs-terminals\" (did you mean vcs-terminal?)") ?? false
        }
    }

    @Test("the shipped policy gives island communes a bonus")
    func shippedPolicy() throws {
        let url = Fixtures.repoRoot.appendingPathComponent("Inventory/plan-policy.yaml")
        let policy = try PolicyFile.parse(String(contentsOf: url, encoding: .utf8), file: "plan-policy.yaml")
        #expect(policy.bonuses.count == 1)
        #expect(policy.bonuses[0].conditions == [Condition(attribute: "island", comparison: .equal(.bool(true)))])
    }
}
