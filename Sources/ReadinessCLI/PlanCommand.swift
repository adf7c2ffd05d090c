import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "A procurement plan: what a budget buys first to close the gaps, in the shape of a budget request.",
        discussion: """
            Every commune short on a rule is a candidate line: the units needed to meet it, repairing broken \
            units where a repair price exists and is cheaper, at the prices of Inventory/prices.csv (illustrative: \
            no official price list exists). Each line has a score made of named parts (deadline, rule weight, \
            has none, readiness index, commune bonuses of the policy); the plan is the set of lines with the highest \
            total score that fits the budget (exact 0/1 knapsack), never over it. Ties go to the cheaper plan.

            Examples:
              readiness plan --as-of 2025-09-15 --budget 2000000000
              readiness plan --budget 2e9 --out plan.xlsx
              readiness plan --budgets 1e9..6e9/6 --out curve.html
              readiness plan --phase 2025-Q4:1e9:2025-12-31 --phase 2026:2e9
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: ArgumentHelp("The money available, in VND (2000000000, 2e9 or 2.000.000.000).", valueName: "VND"))
    var budget: String?
    @Option(help: ArgumentHelp("Several budgets to compare: 1e9,2e9,5e9 or a range FROM..TO/COUNT such as 1e9..5e9/5.", valueName: "list"))
    var budgets: String?
    @Option(name: .customLong("phase"),
            help: ArgumentHelp("A budget period NAME:BUDGET[:DEADLINE], repeated in time order; rules due by DEADLINE are funded first.",
                               valueName: "name:VND[:date]"))
    var phases: [String] = []
    @Option(help: ArgumentHelp("The priority policy (YAML; default: Inventory/plan-policy.yaml, else built-in weights).", valueName: "file"))
    var policy: String?
    @Option(help: ArgumentHelp("The price list (CSV; default: Inventory/prices.csv).", valueName: "file"))
    var prices: String?
    @Flag(help: "Leave items without a price out of the plan (listed as not costed) instead of stopping with an error.")
    var skipUnpriced = false
    @Option(help: "Output format: table, json, csv, md, xlsx or html (default: from the --out file name, else table).")
    var format: ReportFormat?
    @Option(name: [.customLong("out"), .customLong("output")],
            help: ArgumentHelp("Write to this file instead of standard output (needed for xlsx); .xlsx, .html, .md, .csv or .json chooses the format.",
                               valueName: "file"))
    var output: String?

    /// The format asked for, else the one the --out file name says, else a table.
    var chosenFormat: ReportFormat {
        format ?? output.flatMap { ReportFormat(fileName: $0) } ?? .table
    }
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        let modes = [budget != nil, budgets != nil, !phases.isEmpty].filter { $0 }.count
        if modes != 1 { throw ValidationError("give exactly one of --budget VND, --budgets LIST or --phase NAME:BUDGET[:DEADLINE] (repeated)") }
        let format = chosenFormat
        if format == .xlsx && output == nil { throw ValidationError("--format xlsx writes a file: add --out FILE.xlsx") }
        if budgets != nil && format == .xlsx { throw ValidationError("--budgets gives a table: use table, json, csv, md or html") }
        do {
            if let budget { _ = try PlanArguments.budget(budget) }
            if let budgets { _ = try PlanArguments.budgets(budgets) }
            for p in phases { _ = try PlanArguments.phase(p) }
        } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let format = chosenFormat
        let context = try Context(database: database, report: report)
        let day = report.day
        let state = try context.store.state(asOf: day)
        let evaluation = Evaluator.evaluate(context.checklist, communes: context.communes, state: state,
                                            domainOrder: context.catalog.domains.map(\.id))
        let pricesURL = prices.map { URL(fileURLWithPath: $0) } ?? context.workspace.inventoryDirectory.appendingPathComponent("prices.csv")
        let priceList = try PriceListFile.parse(Workspace.read(pricesURL), file: Workspace.display(pricesURL), catalog: context.catalog)
        let (policyValue, policyName) = try loadPolicy(context.workspace, checklist: context.checklist)
        let found = Planner.candidates(evaluation, state: state, prices: priceList, policy: policyValue)
        if !found.unpriced.isEmpty && !skipUnpriced {
            let list = found.unpriced.map { "\($0.item) (needed by \($0.communes) communes)" }.joined(separator: ", ")
            throw UserError("no price for \(list) in \(Workspace.display(pricesURL)): add a row "
                            + "item,unit_price_vnd,repair_price_vnd,date,source,note for it, or run with --skip-unpriced to leave it out")
        }
        let rendered: RenderedReport
        var wrote = "readiness: wrote \(output ?? "")"
        if let budgets {
            let points = Planner.curve(evaluation, candidates: found.candidates, budgets: try PlanArguments.budgets(budgets))
            let closeAll = found.candidates.reduce(0) { $0 + $1.cost }
            rendered = try BudgetCurveReport(points: points, before: Planner.tally(evaluation), closeAllCost: closeAll, asOf: day,
                                             language: report.lang).render(format)
        } else {
            let plan = phases.isEmpty
                ? Planner.plan(evaluation, candidates: found.candidates, unpriced: found.unpriced, budget: try PlanArguments.budget(budget ?? "0"))
                : Planner.phasedPlan(evaluation, candidates: found.candidates, unpriced: found.unpriced, phases: try phases.map(PlanArguments.phase))
            let out = PlanReport(plan: plan, catalog: context.catalog, checklist: context.checklist, language: report.lang,
                                 pricesSource: Workspace.display(pricesURL), policySource: policyName)
            rendered = try out.render(format)
            if format == .xlsx { wrote += " (\(plan.lines.count) lines, \(Money.format(plan.spent, report.lang)))" }
        }
        if let output {
            try OutputOptions.write(rendered, to: URL(fileURLWithPath: output), as: output)
            printErr(wrote)
        } else {
            print(rendered.text, terminator: "")
        }
    }

    func loadPolicy(_ workspace: Workspace, checklist: Checklist) throws -> (PlanPolicy, String) {
        if let policy {
            let url = URL(fileURLWithPath: policy)
            return (try PolicyFile.parse(Workspace.read(url), file: Workspace.display(url), checklist: checklist), Workspace.display(url))
        }
        let url = workspace.inventoryDirectory.appendingPathComponent("plan-policy.yaml")
        if FileManager.default.fileExists(atPath: url.path) {
            return (try PolicyFile.parse(Workspace.read(url), file: Workspace.display(url), checklist: checklist), Workspace.display(url))
        }
        return (.standard, "built-in weights")
    }
}
