import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// The plan page and its API on the shipped sample; tinh-qn is province staff of 51, xa-dakplo the officer of 23344.
@Suite struct PlanPageTests {
    static let form = ["budget": "2e9", "as-of": "2025-09-15"]

    @Test("province staff make a plan from the form: its lines, quantities and costs as tables, the total within the budget, and downloads")
    func staffSeeThePlan() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let form = try await browser.get("/plan")
            #expect(form.status == .ok)
            #expect(form.text.contains("id=\"budget\""))
            #expect(!form.text.contains("id=\"plan-result\""))
            let page = try await browser.post("/plan", Self.form)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"plan-items\""))
            #expect(page.text.contains("id=\"plan-lines\""))
            #expect(page.text.contains("<strong id=\"plan-total\">1.955.000.000</strong>"))
            #expect(page.text.contains("/downloads/plan.xlsx?as-of=2025-09-15&amp;budget=2000000000"))
            for format in ["xlsx", "csv", "md", "json", "html"] {
                let file = try await browser.get("/downloads/plan.\(format)?as-of=2025-09-15&budget=2000000000")
                #expect(file.status == .ok, "plan.\(format)")
            }
        }
    }

    @Test("the plan page compares budgets when asked, with the curve's downloads")
    func budgetsCompared() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            try await browser.get("/plan")
            let page = try await browser.post("/plan", ["budget": "2e9", "budgets": "1e9..3e9/3", "as-of": "2025-09-15"])
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"plan-curve\""))
            #expect(page.text.contains("budgets=1000000000,2000000000,3000000000"))
            #expect(try await browser.get("/downloads/plan.csv?as-of=2025-09-15&budgets=1000000000,2000000000,3000000000").status == .ok)
        }
    }

    @Test("a commune officer gets 403 for the province's plan: page, form, downloads and API; the menu has no plan link")
    func officerForbidden() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let home = try await browser.get("/")
            #expect(!home.text.contains("href=\"/plan\""))
            #expect(try await browser.get("/plan").status == .forbidden)
            #expect(try await browser.get("/plan?budget=2e9").status == .forbidden)
            try await browser.get("/")
            #expect(try await browser.post("/plan", Self.form).status == .forbidden)
            #expect(try await browser.get("/downloads/plan.xlsx?budget=2e9").status == .forbidden)
            let api = try await browser.get("/api/v1/plan?budget=2e9")
            #expect(api.status == .forbidden)
            #expect(api.text.contains(#""code":"forbidden""#))
        }
    }

    @Test("the plan form without the session's CSRF token is refused")
    func csrfRequired() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", Self.form, csrf: .none).status == .forbidden)
            #expect(try await browser.post("/plan", Self.form, csrf: String(repeating: "b", count: 64)).status == .forbidden)
        }
    }

    @Test("a bad budget comes back in the form with its message beside the field", arguments: [
        ("budget", "-5"), ("budget", "two billion"), ("budget", "2e16"), ("budgets", "1e9..5e9/500"), ("as-of", "someday"),
    ])
    func badBudget(field: String, value: String) async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            try await browser.get("/plan")
            var form = Self.form
            form[field] = value
            let page = try await browser.post("/plan", form)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("id=\"\(field)-error\""))
            if field == "as-of" {
                // A date field holds a date or nothing (HTML allows no other value): its message quotes what was typed.
                #expect(page.text.contains(#"id="as-of" name="as-of" value="""#))
                #expect(page.text.contains("&quot;\(value)&quot;") || page.text.contains("\"\(value)\""))
            } else {
                #expect(page.text.contains("value=\"\(value)\""))  // what was typed stays in the form
            }
            #expect(!page.text.contains("id=\"plan-result\""))
        }
    }

    @Test("the plan API gives the plan's lines and totals within the budget; a bad budget is a 422 naming the field")
    func planAPI() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let r = try await browser.get("/api/v1/plan?budget=2000000000&as-of=2025-09-15")
            #expect(r.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
            #expect(body["spent"] as? Int == 1_955_000_000)
            #expect(body["budget"] as? Int == 2_000_000_000)
            #expect((body["lines"] as? [Any])?.isEmpty == false)
            let bad = try await browser.get("/api/v1/plan?budget=-1")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#""field":"budget""#))
        }
    }
}

/// "Approved" in the gap page and its downloads: 23344's December figures approved by the province.
@Suite struct ApprovedInDownloadsTests {
    static func approvedHarness() async throws -> WebHarness {
        let harness = try await InventoryPagesTests.harness()
        let session = try Session(workspace: Workspace(dataDirectory: WebHarness.repoRoot), database: harness.database, checklist: nil,
                                  clock: .fixed(on: WebHarness.today))
        let review = ReviewCommune(session: session)
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .submit, scope: .local("test"), source: "test"))
        _ = try review.run(.init(commune: "23344", period: "2025-12", action: .approve, scope: .local("test"), source: "test"))
        return harness
    }

    @Test("the gap downloads mark the approved communes and say how many of the province's are approved for the period")
    func downloadsSayApproved() async throws {
        let harness = try await Self.approvedHarness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let csv = try await browser.get("/downloads/gaps.csv?as-of=2025-12-12")
            #expect(csv.text.contains("approved_period"))
            #expect(csv.text.split(separator: "\n").contains { $0.contains("23344") && $0.contains(",2025-12") })
            let md = try await browser.get("/downloads/gaps.md?as-of=2025-12-12")
            #expect(md.text.contains("Đã duyệt số liệu kỳ 2025-12: 1/96 địa phương"))
            #expect(md.text.contains("(đã duyệt)"))
            let en = try await browser.get("/downloads/gaps.md?as-of=2025-12-12&lang=en")
            #expect(en.text.contains("Figures approved for 2025-12: 1 of 96 communes"))
        }
    }

    @Test("the gap page says how many communes are approved for the period and marks them")
    func gapPageSaysApproved() async throws {
        let harness = try await Self.approvedHarness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let page = try await browser.get("/gaps?as-of=2025-12-12")
            #expect(page.text.contains("1/96 địa phương đã được duyệt số liệu kỳ 2025-12"))
            #expect(page.text.contains("<span class=\"badge\">"))
            let api = try await browser.get("/api/v1/gaps?as-of=2025-12-12")
            #expect(api.text.contains(#""approved":1"#))
        }
    }
}
