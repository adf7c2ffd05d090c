import ReadinessCore
import ReadinessReports

/// Any report, asked for once and rendered in any format, PDF included: the gap report, a commune's card,
/// the province report, progress, deadlines, a procurement plan or budget curve. The command line and the
/// web's downloads both call it, so every report has every format in both, with the same defaults
/// (`Options`), within the caller's scope.
public struct ReportRequest: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case gaps, commune, report, progress, deadlines, plan
    }

    /// What a report may be asked besides its kind, date and format. The defaults are the tool's, for
    /// every front end.
    public struct Options: Sendable {
        /// The report's and progress's earlier date when none is given: this many days before.
        public static let sinceDays = 90
        /// Deadlines: "due soon" within this many days, the pace measured over this many weeks.
        public static let within = 30
        public static let paceWeeks = 8

        /// The earlier date of the province report (nil: none; see `sinceByDefault`) and of progress.
        public var since: Day?
        /// The province report and progress compare with `sinceDays` before when `since` is nil.
        public var sinceByDefault: Bool
        /// The commune of a card, as typed (code or name).
        public var commune: String?
        /// Gaps: at most this many names per rule; word lines as shares; mark approved figures.
        public var names: Int?
        public var percent: Bool
        public var approval: Bool
        /// The province report: the commune attribute the classes are split by ("none", nil for the default).
        public var by: String?
        public var within: Int
        public var paceWeeks: Int
        /// The plan's budget (one, several for the budget curve, or phases), prices and policy.
        public var budget: PlanProcurement.Budget?
        public var pricesPath: String?
        public var policyPath: String?
        public var skipUnpriced: Bool
        /// Width of a terminal table.
        public var width: Int
        /// HTML and PDF laid out as an administrative document of this form.
        public var form: OfficialForm?

        public init(since: Day? = nil, sinceByDefault: Bool = true, commune: String? = nil, names: Int? = nil, percent: Bool = false,
                    approval: Bool = false, by: String? = nil, within: Int = Options.within, paceWeeks: Int = Options.paceWeeks,
                    budget: PlanProcurement.Budget? = nil, pricesPath: String? = nil, policyPath: String? = nil,
                    skipUnpriced: Bool = false, width: Int = 100, form: OfficialForm? = nil) {
            self.since = since
            self.sinceByDefault = sinceByDefault
            self.commune = commune
            self.names = names
            self.percent = percent
            self.approval = approval
            self.by = by
            self.within = within
            self.paceWeeks = paceWeeks
            self.budget = budget
            self.pricesPath = pricesPath
            self.policyPath = policyPath
            self.skipUnpriced = skipUnpriced
            self.width = width
            self.form = form
        }
    }

    public struct Input: Sendable {
        public var kind: Kind
        public var format: ReportFormat
        public var asOf: Day
        public var language: Language
        public var scope: Scope
        public var options: Options

        public init(kind: Kind, format: ReportFormat, asOf: Day, language: Language = .vi, scope: Scope, options: Options = Options()) {
            self.kind = kind
            self.format = format
            self.asOf = asOf
            self.language = language
            self.scope = scope
            self.options = options
        }
    }

    public struct Result: Sendable {
        public var report: RenderedReport
        /// "gaps-2025-12-12.xlsx", "commune-23344-2025-12-12.pdf", "budget-curve-2025-09-15.html".
        public var fileName: String
        /// For a plan: its funded lines and what they cost.
        public var plan: (lines: Int, spent: Int)?
    }

    public let session: Session
    /// Prints PDF (nil: headless Chromium, found when a PDF is asked for).
    public let printer: (any PDFPrinter)?

    public init(session: Session, printer: (any PDFPrinter)? = nil) {
        self.session = session
        self.printer = printer
    }

    public func run(_ input: Input) throws(AppError) -> Result {
        let s = session.narrowed(to: input.scope)
        let o = input.options, lang = input.language, format = input.format, day = input.asOf
        // The default earlier date is never before the ledger's first day (a report of early 2000 compares with 01/01/2000).
        let defaultSince = max(day.adding(days: -Options.sinceDays), Limits.ledgerDays.lowerBound)
        let since = o.since ?? (o.sinceByDefault && defaultSince < day ? defaultSince : nil)
        var name = "\(input.kind.rawValue)-\(day.iso)"
        var planSummary: (lines: Int, spent: Int)?
        // What the scope may read of each commune: its summary (counts, names) always; the events behind a
        // change and what its units hold only for the communes whose details it may see.
        let readable = input.scope.detailCommunes(session.communes)
        func scoped(_ p: ChecklistProgress?) -> ChecklistProgress? { readable.flatMap { p?.withholdingCauses(outside: $0) } ?? p }
        /// The registry's changes after `from` up to `to`, worded, within the scope.
        func registryChanges(after from: Day, through to: Day) -> [String] {
            let changes = s.registryChanges(after: from, through: to)
            guard !changes.isEmpty else { return [] }
            let history = session.history
            return RegistryHistoryText.changeLines(changes, name: { code, day in (history.commune(code, on: day) ?? history.latest(code))?.name },
                                                   language: lang)
        }
        let rendered: RenderedReport
        /// A report's HTML and PDF in the administrative form when one is asked for, else its own rendering.
        func render(_ document: () -> ReportDocument, _ own: (ReportFormat) throws -> RenderedReport) throws -> RenderedReport {
            guard let form = o.form, format == .html || format == .pdf else { return try own(format) }
            var official = document()
            official.form = form
            return try official.render(format)
        }
        do {
            switch input.kind {
            case .gaps:
                let evaluation: Evaluation, approval: GapApproval?
                if o.approval { (evaluation, approval) = try GapsQuery(session: s).runWithApproval(on: day) } else {
                    (evaluation, approval) = (try GapsQuery(session: s).run(on: day), nil)
                }
                let gaps = GapReport(evaluation: evaluation, language: lang, names: o.names, percent: o.percent, width: o.width,
                                     approval: approval)
                rendered = try render(gaps.document, gaps.render)
            case .commune:
                guard let query = o.commune else { throw AppError.input("give the commune", field: "commune") }
                let commune = try session.commune(query)
                try input.scope.requireDetails(commune)
                let card = try CommuneCardQuery(session: session).run(commune: commune.code, on: day)
                let report = CommuneCard(result: card.commune, asOf: day, catalog: session.catalog, holdings: card.holdings, language: lang,
                                         history: RegistryHistoryText.lines(card.history, language: lang))
                rendered = try render(report.document, report.render)
                name = "commune-\(commune.code)-\(day.iso)"
            case .report:
                let found = try ProvinceReportQuery(session: s).run(on: day, since: since, by: o.by)
                var report = ProvinceReport(evaluation: found.evaluation, progress: scoped(found.progress), splitBy: found.splitBy,
                                            catalog: session.catalog, language: lang)
                if let since { report.registryChanges = registryChanges(after: since, through: day) }
                rendered = try render(report.document) { try report.render($0, width: o.width) }
            case .progress:
                let from = since ?? defaultSince
                let progress = try ProgressQuery(session: s).run(from: from, to: day)
                var report = ProgressReport(progress: scoped(progress) ?? progress, language: lang)
                report.registryChanges = registryChanges(after: from, through: day)
                rendered = try render(report.document) { try report.render($0, width: o.width) }
                name = "progress-\(from.iso)-to-\(day.iso)"
            case .deadlines:
                let all = try DeadlinesQuery(session: s).run(on: day, within: o.within, paceWeeks: o.paceWeeks)
                let review = readable.map { all.keepingExpiries(of: $0) } ?? all
                var report = DeadlineReport(review: review, checklist: session.checklist, catalog: session.catalog, language: lang)
                report.registryChanges = registryChanges(after: day.adding(days: -7 * o.paceWeeks), through: day)
                rendered = try render(report.document) { try report.render($0, width: o.width) }
            case .plan:
                try input.scope.requirePlan()
                guard let budget = o.budget else { throw AppError.input("give a budget in VND", field: "budget") }
                let result = try PlanProcurement(session: s).run(.init(asOf: day, budget: budget, pricesPath: o.pricesPath,
                                                                       policyPath: o.policyPath, skipUnpriced: o.skipUnpriced))
                switch result.outcome {
                case .plan(let plan):
                    let report = PlanReport(plan: plan, catalog: session.catalog, checklist: session.checklist, language: lang,
                                            pricesSource: result.prices.text(lang), policySource: result.policy.text(lang),
                                            provinces: s.communes.map(\.provinceName))
                    rendered = try render(report.document, report.render)
                    planSummary = (plan.lines.count, plan.spent)
                case .curve(let points, let before, let cost):
                    let curve = BudgetCurveReport(points: points, before: before, closeAllCost: cost, asOf: day, language: lang)
                    rendered = try render(curve.document, curve.render)
                    name = "budget-curve-\(day.iso)"
                }
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError(.internal, "cannot render the \(input.kind.rawValue) report as \(format.rawValue): \(error)")
        }
        guard format == .pdf else { return Result(report: rendered, fileName: name + "." + rendered.fileExtension, plan: planSummary) }
        let chosen: any PDFPrinter
        if let printer { chosen = printer } else { chosen = try ChromiumPrinter.required() }
        return Result(report: try chosen.finish(rendered, as: format), fileName: name + ".pdf", plan: planSummary)
    }
}
