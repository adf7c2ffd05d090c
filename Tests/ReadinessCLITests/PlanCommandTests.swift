import Foundation
import Testing
import TestSupport

/// `readiness plan` as a user runs it: the real binary, the shipped sample and prices.
@Suite struct PlanCommandTests {
    static let golden = Golden.directory(beside: #filePath)

    @Test("the plan for 2 billion đồng on 15/09/2025 is the golden one")
    func goldenPlan() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2000000000"])
        #expect(r.status == 0)
        let expected = Golden.expected(r.stdout, name: "plan-2025-09-15-budget-2e9.txt", directory: Self.golden)
        #expect(r.stdout == expected)
    }

    @Test("the JSON plan gives budget, spent, lines and unfunded, and never spends more than the budget")
    func jsonPlan() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let budget = try #require(json["budget"] as? Int), spent = try #require(json["spent"] as? Int)
        #expect(budget == 2_000_000_000)
        #expect(spent <= budget)
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.reduce(0) { $0 + ($1["amount"] as? Int ?? 0) } == spent)
        #expect(lines.allSatisfy { $0["commune_code"] is String && $0["quantity"] is Int && $0["unit_price"] is Int && $0["score"] != nil })
        let unfunded = try #require(json["unfunded"] as? [String: Any])
        #expect(json["close_all_cost"] as? Int == spent + (unfunded["cost"] as? Int ?? -1))
    }

    @Test("a budget that covers every gap closes every gap")
    func closeEveryGap() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "1e12", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let after = try #require((json["readiness"] as? [String: Any])?["after"] as? [String: Any])
        #expect(after["rules_met"] as? Int == after["rules_applicable"] as? Int)
        #expect(after["communes_fully_ready"] as? Int == 96)
        #expect((json["unfunded"] as? [String: Any])?["count"] as? Int == 0)
    }

    @Test("an item needed without a price stops the plan, naming the item and the fix")
    func missingPriceIsAnError() throws {
        let dir = Fixtures.temporaryDirectory()
        let shipped = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/prices.csv"), encoding: .utf8)
        let without = shipped.split(separator: "\n").filter { !$0.hasPrefix("queue-machine,") }.joined(separator: "\n") + "\n"
        let prices = Fixtures.write(without, to: "prices.csv", in: dir)
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--prices", prices.path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error: no price for queue-machine (needed by 42 communes)"))
        #expect(r.stderr.contains("--skip-unpriced"))
        let skipped = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--prices", prices.path, "--skip-unpriced"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("Không có đơn giá, chưa tính: Máy lấy số xếp hàng tự động (queue-machine) tại 42 địa phương."))
    }

    @Test("a negative budget is refused with exit code 1")
    func negativeBudget() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget=-1000", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--budget -1000 is negative: give the money available in VND (0 or more)"))
        #expect(r.stdout.isEmpty)
    }

    @Test("a policy file with an unknown field is refused with its file and line")
    func policyUnknownField() throws {
        let dir = Fixtures.temporaryDirectory()
        let policy = Fixtures.write("weights:\n  deadline: 2\n  urgency: 3\n", to: "policy.yaml", in: dir)
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--policy", policy.path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("policy.yaml:3:3: weights: unknown key \"urgency\""))
        #expect(r.stdout.isEmpty)
    }

    @Test("the xlsx plan computes amounts and totals with formulas")
    func xlsxHasFormulas() throws {
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("ke-hoach.xlsx").path
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--out", out])
        #expect(r.status == 0)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-p", out, "xl/worksheets/sheet1.xml"]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        #expect(xml.contains("<f>D9*E9</f>"))
        #expect(xml.contains("<f>SUM(F9:"))
        #expect(xml.contains("1955000000"))
    }

    @Test("several budgets give what each reaches and the budget that closes every gap")
    func budgetCurve() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budgets", "1e9..5e9/5"])
        #expect(r.status == 0)
        let row = r.stdout.split(separator: "\n").first { $0.hasPrefix("2.000.000.000") }.map { $0.split(separator: " ").map(String.init) }
        #expect(row == ["2.000.000.000", "1.955.000.000", "939/960", "75/96", "75/21/0"])
        #expect(r.stdout.contains("Ngân sách khắc phục toàn bộ các thiếu hụt đã có đơn giá: 4.405.000.000 đ"))
        let html = try CLI.run(["plan", "--as-of", "2025-09-15", "--budgets", "1e9,2e9,5e9", "--format", "html"])
        #expect(html.stdout.contains("<svg"))
        #expect(html.stdout.contains("<polyline"))
    }

    @Test("phases spend each period's budget, the earlier one first")
    func phases() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--phase", "2025-Q4:1e9:2025-12-31", "--phase", "2026:2e9", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let phases = try #require(json["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String } == ["2025-Q4", "2026"])
        #expect((phases[0]["spent"] as? Int ?? .max) <= 1_000_000_000)
        #expect((phases[1]["spent"] as? Int ?? .max) <= 2_000_000_000)
    }
}
