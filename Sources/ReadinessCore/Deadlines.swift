/// Where a rule stands against its deadline on the report date.
public enum DeadlineState: String, Sendable, CaseIterable {
    /// No commune is short any more.
    case metByAll = "met-by-all"
    /// The deadline has passed and communes are still short.
    case overdue
    /// Due within the window, and at the recent pace the last communes will not make it.
    case atRisk = "at-risk"
    /// Due later than the window, or the recent pace makes it in time.
    case onTrack = "on-track"

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.metByAll, .vi): "Tất cả đã đạt"
        case (.metByAll, .en): "Met by all"
        case (.overdue, .vi): "Quá hạn"
        case (.overdue, .en): "Overdue"
        case (.atRisk, .vi): "Có nguy cơ trễ hạn"
        case (.atRisk, .en): "At risk"
        case (.onTrack, .vi): "Đúng tiến độ"
        case (.onTrack, .en): "On track"
        }
    }
}

/// Communes short on a rule on a few past dates: the material of the pace.
public struct PaceSample: Hashable, Sendable {
    public var day: Day
    public var short: Int
    public init(day: Day, short: Int) { self.day = day; self.short = short }
}

public enum Pace {
    /// Communes closing the gap per week: minus the least-squares slope of the short count over the samples
    /// (positive when the gap shrinks). Nil with fewer than two distinct dates.
    public static func perWeek(_ samples: [PaceSample]) -> Double? {
        guard Set(samples.map(\.day)).count >= 2 else { return nil }
        let xs = samples.map { Double($0.day.daysSinceEpoch) / 7 }, ys = samples.map { Double($0.short) }
        let n = Double(samples.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        return sxx == 0 ? nil : -sxy / sxx
    }

    /// The day the last of `short` communes would close at `perWeek`, counted from `from`; nil when the gap is
    /// not shrinking. At most a billion days ahead, so that no pace, however slow, overflows a date.
    public static func projectedDay(short: Int, perWeek: Double?, from: Day) -> Day? {
        guard short > 0 else { return from }
        guard let perWeek, perWeek > 1e-9 else { return nil }
        return from.adding(days: Int.clampedRoundingUp(min(Double(short) / perWeek * 7, 1e9)))
    }
}

/// One rule's deadline on the report date.
public struct DeadlineStatus: Sendable {
    public var rule: Rule
    public var state: DeadlineState
    public var short: [Shortfall]
    public var total: Int
    /// Communes closing the gap per week over the window (nil: not enough history).
    public var pace: Double?
    /// When the gap would close at that pace (nil: it is not closing).
    public var projected: Day?
    /// Days from the report date to the deadline (negative when passed).
    public var daysLeft: Int
}

/// A unit whose `expires_on` falls within the window (a signature certificate, a USB token).
public struct Expiry: Hashable, Sendable {
    public var commune: Commune
    public var item: String
    public var attribute: String
    public var expiresOn: Day
    public var working: Int
}

/// Every deadline of a checklist on a date, what each commune has overdue, and what expires soon.
public struct DeadlineReview: Sendable {
    /// The same review with only the expiring units of the communes in `readable` (what a unit holds is
    /// a commune's detail).
    public func keepingExpiries(of readable: Set<String>) -> DeadlineReview {
        var copy = self
        copy.expiring = expiring.filter { readable.contains($0.commune.code) }
        return copy
    }

    public var asOf: Day
    public var within: Int
    public var paceSince: Day
    public var rules: [DeadlineStatus]
    /// Per commune (registry order), the rules it is short on whose deadline has passed.
    public var overdueByCommune: [(commune: Commune, rules: [Rule])]
    public var expiring: [Expiry]
    /// The provinces of the communes judged (for the checklist's title).
    public var provinces: [String]

    /// - Parameters:
    ///   - now: the evaluation on the report date.
    ///   - history: evaluations of the same checklist on earlier dates of the pace window (any order).
    ///   - state: the inventory on the report date, for what expires.
    ///   - within: the window in days, for "due soon" and "expires soon".
    public init(now: Evaluation, history: [Evaluation], state: InventoryState, within: Int) {
        asOf = now.asOf
        self.within = within
        provinces = Set(now.communes.map(\.commune.provinceName)).sorted()
        paceSince = history.map(\.asOf).min() ?? now.asOf
        let horizon = now.asOf.adding(days: within)
        rules = now.rules.enumerated().map { i, r in
            let samples = (history.compactMap { i < $0.rules.count ? PaceSample(day: $0.asOf, short: $0.rules[i].shortCount) : nil })
                + [PaceSample(day: now.asOf, short: r.shortCount)]
            let pace = Pace.perWeek(samples)
            let projected = Pace.projectedDay(short: r.shortCount, perWeek: pace, from: now.asOf)
            let deadline = r.rule.deadline
            let state: DeadlineState
            if r.shortCount == 0 { state = .metByAll }
            else if deadline < now.asOf { state = .overdue }
            else if deadline <= horizon, projected.map({ $0 > deadline }) ?? true { state = .atRisk }
            else { state = .onTrack }
            return DeadlineStatus(rule: r.rule, state: state, short: r.shortfalls, total: r.total, pace: pace,
                                  projected: projected, daysLeft: now.asOf.days(until: deadline))
        }
        overdueByCommune = now.communes.compactMap { c in
            let late = c.outcomes.filter { $0.outcome.isShort && $0.rule.deadline < now.asOf }.map(\.rule)
            return late.isEmpty ? nil : (c.commune, late)
        }
        var expiring: [Expiry] = []
        for c in now.communes.map(\.commune) {
            for h in state.holdings(commune: c.code) where h.working > 0 {
                for (name, value) in h.attributes.sorted(by: { $0.key < $1.key }) {
                    if case .date(let d) = value, name.hasPrefix("expires"), d >= now.asOf, d <= horizon {
                        expiring.append(Expiry(commune: c, item: h.item, attribute: name, expiresOn: d, working: h.working))
                    }
                }
            }
        }
        self.expiring = expiring.sorted { ($0.expiresOn, $0.commune.code) < ($1.expiresOn, $1.commune.code) }
    }

    public func count(_ state: DeadlineState) -> Int { rules.filter { $0.state == state }.count }
}
