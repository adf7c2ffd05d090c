import Foundation
import ReadinessCore
import ReadinessStore

/// A reporting period: a month ("2025-12"), a quarter ("2025-Q4") or a year ("2025").
public struct ReportingPeriod: Sendable, Hashable {
    public var id: String
    public var firstDay: Day
    public var lastDay: Day

    /// The period as typed; nil when it is none of the three forms.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = parts.first.flatMap({ Int($0) }), parts[0].count == 4, (2000...2100).contains(year) else { return nil }
        var firstMonth = 1, months = 12
        switch parts.count {
        case 1: (firstMonth, months) = (1, 12)
        case 2 where parts[1].hasPrefix("Q"):
            guard parts[1].count == 2, let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            (firstMonth, months) = (3 * q - 2, 3)
        case 2:
            guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            (firstMonth, months) = (m, 1)
        default: return nil
        }
        let next = firstMonth + months > 12 ? Day(year: year + 1, month: firstMonth + months - 12, day: 1)
                                            : Day(year: year, month: firstMonth + months, day: 1)
        guard let first = Day(year: year, month: firstMonth, day: 1), let next else { return nil }
        id = t
        firstDay = first
        lastDay = next.adding(days: -1)
    }

    private init(id: String, firstDay: Day, lastDay: Day) {
        self.id = id
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// The month holding `day`: the period communes report for by default. Defined for every day,
    /// whatever its year (a month's first day always exists; its last is the day before the next month's first).
    public static func month(of day: Day) -> ReportingPeriod {
        let c = day.components
        let first = day.adding(days: 1 - c.day)
        // The next month's first day: 28 to 31 days on, the first day whose month differs.
        var next = first.adding(days: 28)
        while next.components.month == c.month { next = next.adding(days: 1) }
        let id = "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))"
        return ReportingPeriod(id: id, firstDay: first, lastDay: next.adding(days: -1))
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    public static func parse(_ text: String) throws(AppError) -> ReportingPeriod {
        guard let period = ReportingPeriod(text) else {
            throw .input("period \"\(text)\": give a month (2025-12), a quarter (2025-Q4) or a year (2025)", field: "period")
        }
        return period
    }
}

/// A step of a commune's review for a period: the commune submits, the province approves (locking
/// the commune's events dated in the period) or returns it with a comment, and may reopen an approved
/// one. Every step goes into the append-only review trail with who did it.
public struct ReviewCommune: Sendable {
    public struct Input: Sendable {
        public var commune: String
        public var period: String
        public var action: ReviewAction
        public var comment: String
        public var scope: Scope
        /// "web: commune page", "command", …
        public var source: String

        public init(commune: String, period: String, action: ReviewAction, comment: String = "", scope: Scope, source: String) {
            self.commune = commune
            self.period = period
            self.action = action
            self.comment = comment
            self.scope = scope
            self.source = source
        }
    }

    /// The steps each step may follow (nil: no step yet).
    public static let allowedAfter: [ReviewAction: Set<ReviewAction?>] = [
        .submit: [nil, .return, .reopen],
        .approve: [.submit],
        .return: [.submit],
        .reopen: [.approve],
    ]

    /// The steps `scope` may take on `commune` after its last step (nil: none yet): what the rules allow
    /// after it, and what the scope may do (an officer submits, province staff approve, return and reopen).
    public static func allowedSteps(after last: ReviewAction?, on commune: Commune, scope: Scope) -> Set<ReviewAction> {
        Set(ReviewAction.allCases.filter { step in
            guard allowedAfter[step]?.contains(last) == true else { return false }
            return step == .submit ? scope.canWrite(commune) : scope.canReview(commune)
        })
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> ReviewEntry {
        let commune = try session.commune(input.commune)
        let period = try ReportingPeriod.parse(input.period)
        switch input.action {
        case .submit: try input.scope.requireWrite(commune)
        case .approve, .return, .reopen: try input.scope.requireReview(commune)
        }
        let comment = try TextInput.clean(input.comment, field: "comment").trimmingCharacters(in: .whitespacesAndNewlines)
        if input.action == .return && comment.isEmpty {
            throw .input("say why the figures are returned: a comment is required", field: "comment")
        }
        if input.action == .submit && period.firstDay > session.today {
            throw .input("period \(period.id) has not started yet", field: "period")
        }
        let scope = input.scope
        return try AppError.wrap {
            try session.database.recordReview(commune: commune.code, period: period.id, firstDay: period.firstDay, lastDay: period.lastDay,
                                              action: input.action, actor: scope.name, source: input.source, comment: comment,
                                              allowedAfter: Self.allowedAfter[input.action] ?? [], guard: scope.action(input.action),
                                              at: session.clock.now())
        }
    }
}

extension Scope {
    /// The store's guard for a review step: submitting is a write, the others a review.
    func action(_ action: ReviewAction) -> WriteGuard {
        switch (action, role) {
        case (.submit, _): writeGuard
        case (_, .local): .all
        case (_, .province(let p)): WriteGuard(communes: .province(p))
        default: WriteGuard(communes: .none)
        }
    }
}

/// Where each commune's review stands for a period.
public struct ReviewStatusQuery: Sendable {
    public struct Row: Sendable {
        public var commune: Commune
        /// The last step, nil when nothing was submitted.
        public var last: ReviewEntry?
        public var isApproved: Bool { last?.action == .approve }
        public var isSubmitted: Bool { last?.action == .submit || last?.action == .approve }
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// The communes of the scope's summary, in registry order.
    public func run(period: ReportingPeriod, scope: Scope) throws(AppError) -> [Row] {
        let status = try AppError.wrap { try session.database.reviewStatus(period: period.id) }
        return session.narrowed(to: scope).communes.map { Row(commune: $0, last: status[$0.code]) }
    }
}

/// The communes of the scope's province with where their review stands for a period, found by what is
/// typed (a code, or a name with or without diacritics: "dak plo" finds Xã Đăk Plô), grouped as a
/// review queue: submitted and waiting, returned, not submitted, approved.
public struct CommuneListQuery: Sendable {
    public enum State: String, Sendable, CaseIterable {
        /// Submitted, waiting for the province.
        case submitted
        /// Returned, or reopened after approval: waiting for the commune.
        case returned
        case notSubmitted
        case approved
    }

    public struct Row: Sendable {
        public var commune: Commune
        public var last: ReviewEntry?
        public var state: State
        /// The scope may open the commune's page.
        public var readable: Bool
        /// The name as matched: folded, with the usual spelling variants (for searching as one types).
        public var key: String
    }

    public struct Result: Sendable {
        public var period: ReportingPeriod
        public var rows: [Row]
        /// The province's communes before the search.
        public var total: Int
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(scope: Scope, search: String?, period: ReportingPeriod) throws(AppError) -> Result {
        let status = try AppError.wrap { try session.database.reviewStatus(period: period.id) }
        let communes = session.narrowed(to: scope).communes
        let typed = search?.trimmedSpaces ?? ""
        let wanted = VietnameseText.nameKey(typed).key
        let rows = communes.compactMap { c -> Row? in
            let key = VietnameseText.nameKey(c.name).key
            if !typed.isEmpty, !c.code.hasPrefix(typed), !key.contains(wanted) { return nil }
            let last = status[c.code]
            let state: State = switch last?.action {
            case .submit: .submitted
            case .approve: .approved
            case .return, .reopen: .returned
            case nil: .notSubmitted
            }
            return Row(commune: c, last: last, state: state, readable: scope.canReadDetails(c), key: key)
        }
        return Result(period: period, rows: rows, total: communes.count)
    }
}
