import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Suite("Plans, history, templates, the registry and the sample, in process")
struct PlanAndLedgerTests {
    @Test("a plan for 2 billion đồng on 15/09/2025 never spends more than the budget")
    func plan() throws {
        let app = try AppFixture()
        let result = try PlanProcurement(session: app.session).run(.init(asOf: Fixtures.day("2025-09-15"), budget: .single(2_000_000_000)))
        guard case .plan(let plan) = result.outcome else { Issue.record("expected a plan, got \(result.outcome)"); return }
        #expect(plan.spent <= 2_000_000_000)
        #expect(!plan.lines.isEmpty)
    }

    @Test("a plan names its price list and policy by file name, date and source, never by the server's folder")
    func planSourcesCarryNoPath() throws {
        let app = try AppFixture()
        let result = try PlanProcurement(session: app.session).run(.init(asOf: Fixtures.day("2025-09-15"), budget: .single(2_000_000_000)))
        #expect(result.prices.name == "prices.csv")
        #expect(result.prices.dates == [Fixtures.day("2025-09-01")])
        let prices = result.prices.text(.vi), policy = result.policy.text(.vi)
        #expect(prices.hasPrefix("prices.csv, ngày 01/09/2025, nguồn: minh hoạ"))
        #expect(policy == "plan-policy.yaml")
        #expect(!prices.contains("Inventory/") && !policy.contains("/"))
    }

    @Test("several budgets give what each reaches, in order")
    func curve() throws {
        let app = try AppFixture()
        let result = try PlanProcurement(session: app.session)
            .run(.init(asOf: Fixtures.day("2025-09-15"), budget: .several([1_000_000_000, 3_000_000_000])))
        guard case .curve(let points, _, let closeAll) = result.outcome else { Issue.record("expected a curve"); return }
        #expect(points.map(\.budget) == [1_000_000_000, 3_000_000_000])
        #expect(closeAll > 0)
    }

    @Test("a price list that does not exist is not found")
    func missingPrices() throws {
        let app = try AppFixture()
        let error = appError {
            try PlanProcurement(session: app.session).run(.init(asOf: Fixtures.day("2025-09-15"), budget: .single(1), pricesPath: "/nonexistent/prices.csv"))
        }
        #expect(error?.kind == .notFound)
    }

    @Test("history lists a commune's events newest first")
    func history() throws {
        let app = try AppFixture()
        _ = try RecordEvent(session: app.session).run(RecordEventTests.vcs())
        let found = try HistoryQuery(workspace: Fixtures.workspace, database: app.database).run(commune: "Dak Plo", item: nil)
        #expect(found.commune.code == "23344")
        let days = found.events.map(\.effectiveOn)
        #expect(days == days.sorted(by: >))
        #expect(found.events.first?.item == "vcs-terminal")
    }

    @Test("templates for every commune are named by code and folded name")
    func templates() throws {
        let app = try AppFixture()
        let made = try MakeTemplates(workspace: Fixtures.workspace, database: app.database).run(.all, on: Fixtures.day("2025-12-12"), format: .csv)
        #expect(made.count == 96)
        #expect(made.contains { $0.fileName == "23344-xa-dak-plo.csv" })
    }

    @Test("an attribute file naming communes not in the registry is refused")
    func unknownCodes() throws {
        let app = try AppFixture()
        let error = appError {
            try LoadRegistry(workspace: Fixtures.workspace).run(text: "code,officials\n99999,3\n", file: "a.csv", province: nil) { () throws(AppError) in
                app.database
            }
        }
        #expect(error?.kind == .input)
        #expect(error?.message.contains("not in the registry") == true)
    }

    @Test("a file that is not a commune list leaves the database unopened")
    func wrongFileOpensNothing() throws {
        var opened = false
        let error = appError {
            try LoadRegistry(workspace: Fixtures.workspace).run(text: "hello\n", file: "a.csv", province: nil) { () throws(AppError) in
                opened = true
                return try! Fixtures.emptyStore()
            }
        }
        #expect(error?.kind == .input)
        #expect(!opened)
    }

    @Test("the sample loads once; a second time says it is there already")
    func sample() throws {
        let database = try Fixtures.emptyStore()
        let load = LoadSample(workspace: Fixtures.workspace, database: database, clock: .fixed(on: Fixtures.day("2025-12-12")))
        #expect(try load.run() == .loaded(communes: 96, events: 1090))
        #expect(try load.run() == .alreadyThere)
    }

    @Test("the shipped checklists all check")
    func checklists() throws {
        let listed = try Checklists(workspace: Fixtures.workspace).list()
        #expect(!listed.isEmpty)
        #expect(listed.allSatisfy { $0.checklist != nil })
    }
}
