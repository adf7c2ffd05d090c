import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The gap report's data: the checklist judged on every commune on a date.
public struct GapsQuery: Sendable {
    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(on day: Day) throws(AppError) -> Evaluation {
        try DateInput.check(day, field: "as-of")
        return try session.evaluate(on: day)
    }

    /// The gaps, and which of the session's communes have their figures approved (locked) on the date.
    public func runWithApproval(on day: Day) throws(AppError) -> (evaluation: Evaluation, approval: GapApproval) {
        (try run(on: day), try ApprovalQuery(session: session).run(on: day))
    }
}

/// Which of the session's communes have an approved (locked) period covering a date, and the period of
/// that date (its month) to name in reports.
public struct ApprovalQuery: Sendable {
    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(on day: Day, communes: [Commune]? = nil) throws(AppError) -> GapApproval {
        let shown = communes ?? session.communes
        let approved = try AppError.wrap { try session.database.approvedPeriods(covering: day) }
        var periods: [String: String] = [:]
        for c in shown { if let entry = approved[c.code] { periods[c.code] = entry.period } }
        return GapApproval(period: ReportingPeriod.month(of: day).id, approved: periods, total: shown.count)
    }
}

/// One commune's card: each rule met or short, its holdings in catalogue order.
public struct CommuneCardQuery: Sendable {
    public struct Result: Sendable {
        public var commune: CommuneResult
        public var holdings: [Holding]
        /// The unit's past, with the names of the units its changes name.
        public var history: UnitHistory
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// `commune` as typed: code or name.
    public func run(commune query: String, on day: Day) throws(AppError) -> Result {
        try DateInput.check(day, field: "as-of")
        let commune = try session.commune(try session.commune(query), asOn: day)
        // Only the commune's events are read (not the country's state).
        let state = try AppError.wrap { try session.database.state(asOf: day, communes: [commune.code]) }
        session.log.mark("state of the commune")
        let evaluation = session.evaluate(state, communes: [commune])
        let position = Dictionary(session.catalog.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let holdings = state.holdings(commune: commune.code).sorted { a, b in
            (position[a.item] ?? 99, a.item) < (position[b.item] ?? 99, b.item)
        }
        var history = session.history.unitHistory(commune.code)
        if !history.changes.isEmpty { history = try RegistryHistoryQuery(database: session.database).unit(commune.code) }
        return Result(commune: evaluation.communes[0], holdings: holdings, history: history)
    }
}

/// Per rule, the communes short on two dates, and for each change the ledger event that did it.
public struct ProgressQuery: Sendable {
    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(from: Day, to: Day) throws(AppError) -> ChecklistProgress {
        try DateInput.check(from, field: "from")
        try DateInput.check(to, field: "to")
        guard from < to else { throw .input("--from \(from.iso) must be before --to \(to.iso)", field: "from") }
        let both = try session.evaluate(on: [from, to])
        let earlier = both[0], later = both[1]
        return try AppError.wrap { try session.database.progress(from: earlier, to: later) }
    }
}

/// Every deadline of the checklist on a date, with the pace measured over the weeks before it.
public struct DeadlinesQuery: Sendable {
    /// The longest pace window, in weeks (ten years), and the widest "due soon" window, in days.
    public static let paceWeeksRange = 1...520
    public static let withinRange = 0...3_660

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(on day: Day, within: Int, paceWeeks: Int) throws(AppError) -> DeadlineReview {
        try DateInput.check(day, field: "as-of")
        guard Self.withinRange.contains(within) else {
            throw .input("--within \(within): give 0 to \(Self.withinRange.upperBound) days", field: "within")
        }
        guard Self.paceWeeksRange.contains(paceWeeks) else {
            throw .input("--pace-weeks \(paceWeeks): give 1 to \(Self.paceWeeksRange.upperBound) weeks", field: "pace-weeks")
        }
        // The date and each week before it, read in one pass (the state of each holding on every date).
        let days = [day] + (1...paceWeeks).map { day.adding(days: -7 * $0) }
        let states = try session.states(on: days)
        let session = self.session
        let evaluations = Parallel.map(states) { session.evaluate($0) }
        session.log.mark("evaluate \(days.count) days")
        return DeadlineReview(now: evaluations[0], history: Array(evaluations.dropFirst()), state: states[0], within: within)
    }
}

/// The province's report: the gaps on a date, the progress since an earlier one, and the classes split
/// by a commune attribute.
public struct ProvinceReportQuery: Sendable {
    public struct Result: Sendable {
        public var evaluation: Evaluation
        public var progress: ChecklistProgress?
        /// The attribute the classes are split by, if any.
        public var splitBy: String?
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// - Parameter by: the attribute to split by (which must exist), "none", or nil for former_province when recorded.
    public func run(on day: Day, since: Day?, by: String?) throws(AppError) -> Result {
        try DateInput.check(day, field: "as-of")
        if let since { try DateInput.check(since, field: "since") }
        if let since, since >= day {
            throw .input("--since \(since.iso) must be before the report date \(day.iso)", field: "since")
        }
        let split = try splitAttribute(by)
        let evaluations = try session.evaluate(on: [day] + (since.map { [$0] } ?? []))
        let evaluation = evaluations[0]
        var progress: ChecklistProgress?
        if evaluations.count > 1 {
            progress = try AppError.wrap { try session.database.progress(from: evaluations[1], to: evaluation) }
            session.log.mark("progress")
        }
        return Result(evaluation: evaluation, progress: progress, splitBy: split)
    }

    private func splitAttribute(_ by: String?) throws(AppError) -> String? {
        let known = Set(session.communes.flatMap(\.attributes.keys)).union(["type"])
        guard let by else { return known.contains("former_province") ? "former_province" : nil }
        if by == "none" { return nil }
        guard known.contains(by) else {
            throw .input("--by \(by): no commune has that attribute; use one of: \(known.sorted().joined(separator: ", ")), or none",
                         field: "by")
        }
        return by
    }
}
