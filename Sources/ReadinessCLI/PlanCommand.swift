import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct PlanCommand: AsyncParsableCommand {
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
    @Option(help: "Output format: table, json, csv, md, xlsx, html or pdf (default: from the --out file name, else table).")
    var format: ReportFormat?
    @Option(name: [.customLong("out"), .customLong("output")],
            help: ArgumentHelp("Write to this file instead of standard output (needed for xlsx and pdf); .xlsx, .pdf, .html, .md, .csv or .json chooses the format.",
                               valueName: "file"))
    var output: String?
    @OptionGroup var official: OfficialOptions
    @OptionGroup var database: DatabaseOptions

    /// The format asked for, else the one the --out file name says, else a table.
    var chosenFormat: ReportFormat {
        format ?? output.flatMap { ReportFormat(fileName: $0) } ?? .table
    }

    /// The budget options as typed, read.
    func budgetAsked() throws -> PlanProcurement.Budget {
        do {
            if let budget { return .single(try PlanArguments.budget(budget)) }
            if let budgets { return .several(try PlanArguments.budgets(budgets)) }
            return .phases(try PlanArguments.phases(phases))
        } catch { throw ValidationError(error.phrase.text(Runtime.language)) }
    }

    func validate() throws {
        let modes = [budget != nil, budgets != nil, !phases.isEmpty].filter { $0 }.count
        if modes != 1 { throw ValidationError(Runtime.text("give exactly one of --budget VND, --budgets LIST or --phase NAME:BUDGET[:DEADLINE] (repeated)")) }
        let format = chosenFormat
        if format == .xlsx && output == nil { throw ValidationError(Runtime.text("--format xlsx writes a file: add --out FILE.xlsx")) }
        if format == .pdf && output == nil { throw ValidationError(Runtime.text("--format pdf writes a file: add --out FILE.pdf")) }
        if budgets != nil && format == .xlsx { throw ValidationError(Runtime.text("--budgets gives a table: use table, json, csv, md or html")) }
        _ = try budgetAsked()
    }

    func run() async throws {
        let format = chosenFormat
        let session = try database.session(checklist: report.checklist)
        let options = ReportRequest.Options(budget: try budgetAsked(), pricesPath: prices, policyPath: policy, skipUnpriced: skipUnpriced,
                                            form: try official.form())
        let result = try ReportRequest(session: session).run(.init(kind: .plan, format: format, asOf: report.day, language: report.lang,
                                                                   scope: Runtime.scope, options: options))
        var wrote: Phrase = "readiness: wrote \(output ?? "")"
        if format == .xlsx, let plan = result.plan {
            wrote = "readiness: wrote \(output ?? "") (\(plan.lines, "line"), \(Money.format(plan.spent, report.lang)))"
        }
        if let output {
            try OutputOptions.write(result.report, to: URL(fileURLWithPath: output), as: output)
            printErr(wrote)
        } else {
            Console.write(result.report.bytes)
        }
    }
}
