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
        /// Communes the rule applies to that cannot be judged (a registry attribute it counts by is missing).
        public var notJudged: Int
        /// Met out of the judged communes, in whole percent; nil when none is judged (nothing to show as a share).
        public var percent: Int?
        /// The gap line as the downloads word it ("0/96 …, 96 not judged (no officials in the registry)").
        public var result: RuleResult
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
        /// A commune officer's own commune: its last review step for the period (nil: not submitted).
        public var own: ReviewStatusQuery.Row?
        /// Units of the scope established by a split, waiting for the province's transfer file (not judged until then).
        public var awaitingTransfer: [Commune] = []
        /// For staff: accounts of the scope whose commune no longer exists on the date (merged or dissolved), for an
        /// admin to move or disable, with the commune as it last stood.
        public var accountsWithoutUnit: [(name: String, commune: Commune?)] = []
        /// Every commune's review status for the period: what `own` is taken from, for each account.
        var statuses: [ReviewStatusQuery.Row] = []
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// What every account of the scope's summary sees alike is computed once per summary, date and data (see
    /// `SessionCache`); what is the account's own (its commune's submission, the accounts staff are shown) for
    /// each request.
    public func run(scope: Scope, on day: Day, within: Int = 30, paceWeeks: Int = 8) throws(AppError) -> Result {
        try DateInput.check(day, field: "as-of")
        var result = try session.remember("dashboard|\(scope.summaryKey)|\(day.iso)|\(within)|\(paceWeeks)") { () throws(AppError) -> Result in
            try compute(scope: scope, on: day, within: within, paceWeeks: paceWeeks)
        }
        result.own = scope.ownCommune.flatMap { code in result.statuses.first { $0.commune.code == code } }
        result.accountsWithoutUnit = []
        if scope.ownCommune == nil, !session.history.changes.isEmpty {
            let history = session.history
            result.accountsWithoutUnit = try AppError.wrap { try session.database.accountsWithoutUnit(on: day, in: history) }
                .map { ($0.name, history.latest($0.commune)) }
                .filter { $0.commune.map { !scope.summaryCommunes([$0]).isEmpty } ?? false }
        }
        return result
    }

    func compute(scope: Scope, on day: Day, within: Int, paceWeeks: Int) throws(AppError) -> Result {
        let narrowed = session.narrowed(to: scope)
        let review = try DeadlinesQuery(session: narrowed).run(on: day, within: within, paceWeeks: paceWeeks)
        let evaluation = try narrowed.evaluate(on: day)
        let coverage = evaluation.rules.map { r in
            let judged = r.metCount + r.shortCount
            return Coverage(rule: r.rule, met: r.metCount, short: r.shortCount, total: r.total, notJudged: r.unknownCount,
                            percent: judged == 0 ? nil : Int((Double(r.metCount) * 100 / Double(judged)).rounded(.down)), result: r)
        }
        let period = ReportingPeriod.month(of: day)
        let status = try ReviewStatusQuery(session: session).run(period: period, scope: scope)
        var result = Result(asOf: day, communes: evaluation.communes.count, coverage: coverage, classes: evaluation.classCounts,
                            deadlines: review, period: period, notSubmitted: status.filter { !$0.isSubmitted }.map(\.commune),
                            submitted: status.filter(\.isSubmitted).count, approved: status.filter(\.isApproved).count,
                            own: nil)
        result.statuses = status
        result.awaitingTransfer = narrowed.communes(on: day).filter(\.awaitingTransfer)
        return result
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
        try DateInput.check(day, field: "as-of")
        let attributes = filter.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
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
                      attributeValues: names.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted()) },
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
        /// The review steps this scope may take now for the period of the date (its last step allows them).
        public var allowedSteps: Set<ReviewAction>
        /// The files attached to the commune's events, by event id.
        public var evidence: [Int64: [EvidenceInfo]]
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(scope: Scope, commune query: String, on day: Day) throws(AppError) -> Result {
        try DateInput.check(day, field: "as-of")
        let commune = try session.commune(query)
        try scope.requireDetails(commune)
        let card = try CommuneCardQuery(session: session).run(commune: commune.code, on: day)
        let period = ReportingPeriod.month(of: day)
        return try AppError.wrap {
            let status = try session.database.reviewStatus(period: period.id)[commune.code]
            return Result(card: card, history: try session.database.events(commune: commune.code),
                          reviews: try session.database.reviewTrail(commune: commune.code),
                          period: period, periodStatus: status,
                          canWrite: scope.canWrite(commune), canReview: scope.canReview(commune),
                          allowedSteps: ReviewCommune.allowedSteps(after: status?.action, on: commune, scope: scope),
                          evidence: try session.database.evidence(commune: commune.code))
        }
    }
}

/// Every change the scope may see, newest first, a page at a time: ledger events (who wrote them, from
/// which page or file, and the recorder a file declared), review steps, imported files and evidence
/// (who uploaded them); filtered by commune, item, account, kind and dates (Vietnam's days).
public struct AuditQuery: Sendable {
    public struct Filter: Sendable, Hashable {
        /// As typed: code or name.
        public var commune: String?
        public var item: String?
        public var actor: String?
        public var kind: AuditKind?
        public var from: Day?
        public var to: Day?

        public init(commune: String? = nil, item: String? = nil, actor: String? = nil, kind: AuditKind? = nil, from: Day? = nil, to: Day? = nil) {
            self.commune = commune
            self.item = item
            self.actor = actor
            self.kind = kind
            self.from = from
            self.to = to
        }

        /// The filter as a form or a query gives it, every value a text (empty: not filtered).
        public static func typed(commune: String?, item: String?, actor: String?, kind: String?, from: String?, to: String?) throws(AppError) -> Filter {
            func given(_ s: String?) -> String? { s.flatMap { $0.trimmedSpaces.isEmpty ? nil : $0.trimmedSpaces } }
            var parsedKind: AuditKind?
            if let k = given(kind) {
                guard let known = AuditKind(rawValue: k) else {
                    throw .field("kind", "no kind \"\(Echo.short(k))\"; the kinds are: \(AuditKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                parsedKind = known
            }
            return Filter(commune: given(commune), item: given(item), actor: given(actor), kind: parsedKind,
                          from: try given(from).map { text throws(AppError) in try DateInput.parse(text, field: "from") },
                          to: try given(to).map { text throws(AppError) in try DateInput.parse(text, field: "to") })
        }
    }

    /// A page number as typed (empty: the first).
    public static func page(_ text: String?) throws(AppError) -> Int {
        guard let t = text?.trimmedSpaces, !t.isEmpty else { return 1 }
        guard let n = Numerals.whole(t), (1...1_000_000).contains(n) else { throw .field("page", "give a page from 1") }
        return n
    }

    public struct Result: Sendable {
        public var entries: [AuditRecord]
        /// Entries the filter selects in all.
        public var total: Int
        /// 1-based.
        public var page: Int
        public var pages: Int
        /// The commune the filter names, found.
        public var commune: Commune?
    }

    /// Entries on a page.
    public static let pageSize = 100
    /// The most entries one download holds.
    public static let downloadLimit = 100_000

    public let session: Session
    public init(session: Session) { self.session = session }

    /// `page` is 1-based; `size` entries a page (the download asks for all of them at once).
    public func run(scope: Scope, filter: Filter = Filter(), page: Int = 1, size: Int = pageSize) throws(AppError) -> Result {
        guard page >= 1, page <= 1_000_000 else { throw .field("page", "give a page from 1") }
        if let from = filter.from { try DateInput.check(from, field: "from") }
        if let to = filter.to { try DateInput.check(to, field: "to") }
        if let from = filter.from, let to = filter.to, to < from {
            throw .field("to", "the last day \(to.vietnamese) is before the first \(from.vietnamese)")
        }
        var commune: Commune?
        if let typed = filter.commune?.trimmedSpaces, !typed.isEmpty {
            let found = try session.commune(typed)
            try scope.requireDetails(found)
            commune = found
        }
        if let item = filter.item, !item.isEmpty { _ = try session.item(item) }
        // Vietnam's days as moments in UTC: a day starts at 17:00 UTC the day before.
        func start(of day: Day) -> String { day.adding(days: -1).iso + "T17:00:00Z" }
        let stored = AuditFilter(communes: scope.detailCommunes(session.communes), commune: commune?.code,
                                 item: filter.item.flatMap { $0.isEmpty ? nil : $0 }, actor: filter.actor.flatMap { $0.isEmpty ? nil : $0 },
                                 kind: filter.kind, from: filter.from.map(start(of:)), before: filter.to.map { start(of: $0.adding(days: 1)) })
        let size = max(1, size)
        let found = try AppError.wrap { try session.database.auditTrail(stored, limit: size, offset: (page - 1) * size) }
        return Result(entries: found.records, total: found.total, page: page, pages: max(1, (found.total + size - 1) / size), commune: commune)
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
        /// HTML and PDF in the administrative form of the province's documents (Inventory/official-form.yaml).
        public var official: Bool = false

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
        var options = ReportRequest.Options(since: input.since, commune: input.commune, approval: true, budget: budget, skipUnpriced: true)
        if input.official { options.form = try LoadOfficialForm(workspace: session.workspace).run(path: nil) }
        return try ReportRequest(session: session, printer: printer)
            .run(.init(kind: input.kind, format: input.format, asOf: input.asOf, language: input.language, scope: input.scope, options: options))
    }
}
