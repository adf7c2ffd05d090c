import Foundation
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The dashboard: coverage per rule, the classes, the deadlines overdue and at risk, and which communes
/// have not yet submitted for the period of the date, over the communes of the scope's summary.
public struct DashboardQuery: Sendable {
    public struct Coverage: Sendable {
        public var rule: Rule
        public var met: Int
        public var short: Int
        public var total: Int
        /// Met out of the applicable communes, in whole percent.
        public var percent: Int
    }

    public struct Result: Sendable {
        public var asOf: Day
        public var communes: Int
        public var coverage: [Coverage]
        public var classes: [ReadinessClass: Int]
        public var deadlines: DeadlineReview
        public var period: ReportingPeriod
        public var notSubmitted: [Commune]
        public var submitted: Int
        public var approved: Int
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// Computed once per scope's summary, date and data (see `SessionCache`).
    public func run(scope: Scope, on day: Day, within: Int = 30, paceWeeks: Int = 8) throws(AppError) -> Result {
        try session.remember("dashboard|\(scope.summaryKey)|\(day.iso)|\(within)|\(paceWeeks)") { () throws(AppError) -> Result in
            try compute(scope: scope, on: day, within: within, paceWeeks: paceWeeks)
        }
    }

    func compute(scope: Scope, on day: Day, within: Int, paceWeeks: Int) throws(AppError) -> Result {
        let narrowed = session.narrowed(to: scope)
        let review = try DeadlinesQuery(session: narrowed).run(on: day, within: within, paceWeeks: paceWeeks)
        let evaluation = try narrowed.evaluate(on: day)
        let coverage = evaluation.rules.map { r in
            let applicable = r.metCount + r.shortCount
            return Coverage(rule: r.rule, met: r.metCount, short: r.shortCount, total: r.total,
                            percent: applicable == 0 ? 100 : Int((Double(r.metCount) * 100 / Double(applicable)).rounded(.down)))
        }
        let period = ReportingPeriod.month(of: day)
        let status = try ReviewStatusQuery(session: session).run(period: period, scope: scope)
        return Result(asOf: day, communes: narrowed.communes.count, coverage: coverage, classes: evaluation.classCounts,
                      deadlines: review, period: period, notSubmitted: status.filter { !$0.isSubmitted }.map(\.commune),
                      submitted: status.filter(\.isSubmitted).count, approved: status.filter(\.isApproved).count)
    }
}

/// The gap list of the scope's summary, filtered by rule, commune type and commune attributes; with
/// which communes' figures for the period of the date are approved.
public struct GapListQuery: Sendable {
    public struct Filter: Sendable, Hashable {
        public var rule: String?
        public var type: CommuneType?
        /// Attribute name → value as shown (`former_province` → `Kon Tum`).
        public var attributes: [String: String]

        public init(rule: String? = nil, type: CommuneType? = nil, attributes: [String: String] = [:]) {
            self.rule = rule
            self.type = type
            self.attributes = attributes
        }
    }

    public struct Result: Sendable {
        public var evaluation: Evaluation
        /// The rules shown (one when filtered by rule).
        public var rules: [RuleResult]
        /// Every attribute of the scope's communes with its values, for the filter's choices.
        public var attributeValues: [(name: String, values: [String])]
        public var approved: Set<String>
        public var period: ReportingPeriod
        /// The approved communes among those shown, with the period named in reports.
        public var approval: GapApproval
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// Computed once per scope's summary, date, filter and data (see `SessionCache`).
    public func run(scope: Scope, on day: Day, filter: Filter) throws(AppError) -> Result {
        let attributes = filter.attributes.keys.sorted().map { "\($0)=\(filter.attributes[$0]!)" }.joined(separator: "&")
        let key = "gaps|\(scope.summaryKey)|\(day.iso)|\(filter.rule ?? "")|\(filter.type?.rawValue ?? "")|\(attributes)"
        return try session.remember(key) { () throws(AppError) -> Result in try compute(scope: scope, on: day, filter: filter) }
    }

    func compute(scope: Scope, on day: Day, filter: Filter) throws(AppError) -> Result {
        let visible = session.narrowed(to: scope).communes
        if let rule = filter.rule, !session.checklist.rules.contains(where: { $0.id == rule }) {
            throw .input("no rule \"\(rule)\" in the checklist; it has: \(session.checklist.rules.map(\.id).joined(separator: ", "))",
                         field: "rule")
        }
        var names: [String: Set<String>] = [:]
        for c in visible { for (k, v) in c.attributes { names[k, default: []].insert(v.description) } }
        for (name, _) in filter.attributes where names[name] == nil {
            throw .input("no commune has the attribute \"\(name)\"; use one of: \(names.keys.sorted().joined(separator: ", "))", field: name)
        }
        let chosen = visible.filter { c in
            (filter.type == nil || c.type == filter.type)
                && filter.attributes.allSatisfy { name, value in value.isEmpty || c.attributes[name]?.description == value }
        }
        let state = try session.state(on: day)
        let evaluation = session.evaluate(state, communes: chosen)
        let rules = evaluation.rules.filter { filter.rule == nil || $0.rule.id == filter.rule }
        let period = ReportingPeriod.month(of: day)
        let approval = try ApprovalQuery(session: session).run(on: day, communes: chosen)
        return Result(evaluation: evaluation, rules: rules,
                      attributeValues: names.keys.sorted().map { ($0, names[$0]!.sorted()) },
                      approved: Set(approval.approved.keys), period: period, approval: approval)
    }
}

/// One commune's page: its card, holdings, history and review, with what the scope may do there.
public struct CommunePageQuery: Sendable {
    public struct Result: Sendable {
        public var card: CommuneCardQuery.Result
        public var history: [LedgerEvent]
        public var reviews: [ReviewEntry]
        public var period: ReportingPeriod
        /// The last review step of the period of the date.
        public var periodStatus: ReviewEntry?
        public var canWrite: Bool
        public var canReview: Bool
        /// The files attached to the commune's events, by event id.
        public var evidence: [Int64: [EvidenceInfo]]
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(scope: Scope, commune query: String, on day: Day) throws(AppError) -> Result {
        let commune = try session.commune(query)
        try scope.requireDetails(commune)
        let card = try CommuneCardQuery(session: session).run(commune: commune.code, on: day)
        let period = ReportingPeriod.month(of: day)
        return try AppError.wrap {
            Result(card: card, history: try session.database.events(commune: commune.code),
                   reviews: try session.database.reviewTrail(commune: commune.code),
                   period: period, periodStatus: try session.database.reviewStatus(period: period.id)[commune.code],
                   canWrite: scope.canWrite(commune), canReview: scope.canReview(commune),
                   evidence: try session.database.evidence(commune: commune.code))
        }
    }
}

/// Every change the scope may see, newest first: ledger events (who recorded them, from which page
/// or file) and review steps.
public struct AuditQuery: Sendable {
    public enum Entry: Sendable {
        case event(LedgerEvent)
        case review(ReviewEntry)

        /// ISO 8601, UTC.
        public var at: String {
            switch self {
            case .event(let e): e.recordedAt
            case .review(let r): r.at
            }
        }
        public var communeCode: String {
            switch self {
            case .event(let e): e.communeCode
            case .review(let r): r.communeCode
            }
        }
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(scope: Scope, limit: Int = 300) throws(AppError) -> [Entry] {
        let allowed = scope.detailCommunes(session.communes)
        return try AppError.wrap {
            let events = try session.database.recentEvents(communes: allowed, limit: limit).map(Entry.event)
            let reviews = try session.database.reviewTrail(limit: limit)
                .filter { allowed == nil || allowed!.contains($0.communeCode) }.map(Entry.review)
            return Array((events + reviews).sorted { $0.at > $1.at }.prefix(limit))
        }
    }
}

/// A report for download from the web, in any format, within the scope: the web's words for a
/// `ReportRequest` (the gap report with its approval marks, plans leaving unpriced items out).
public struct ReportDownload: Sendable {
    public typealias Kind = ReportRequest.Kind

    public struct Input: Sendable {
        public var kind: Kind
        public var format: ReportFormat
        public var asOf: Day
        /// The progress's and report's earlier date (default: `ReportRequest.Options.sinceDays` before).
        public var since: Day?
        public var commune: String?
        public var budget: Int?
        /// Several budgets: the budget curve.
        public var budgets: [Int]
        public var language: Language
        public var scope: Scope

        public init(kind: Kind, format: ReportFormat, asOf: Day, since: Day? = nil, commune: String? = nil, budget: Int? = nil,
                    budgets: [Int] = [], language: Language = .vi, scope: Scope) {
            self.kind = kind
            self.format = format
            self.asOf = asOf
            self.since = since
            self.commune = commune
            self.budget = budget
            self.budgets = budgets
            self.language = language
            self.scope = scope
        }
    }

    public typealias Result = ReportRequest.Result

    public let session: Session
    /// Prints `.pdf` downloads (nil: headless Chromium, found when a PDF is asked for).
    public let printer: (any PDFPrinter)?
    public init(session: Session, printer: (any PDFPrinter)? = nil) {
        self.session = session
        self.printer = printer
    }

    public func run(_ input: Input) throws(AppError) -> Result {
        var budget: PlanProcurement.Budget?
        if input.budgets.count > 1 { budget = .several(input.budgets) } else if let b = input.budget ?? input.budgets.first { budget = .single(b) }
        let options = ReportRequest.Options(since: input.since, commune: input.commune, approval: true, budget: budget, skipUnpriced: true)
        return try ReportRequest(session: session, printer: printer)
            .run(.init(kind: input.kind, format: input.format, asOf: input.asOf, language: input.language, scope: input.scope, options: options))
    }
}
