import Testing
import ReadinessCore

/// Deadline states on a made-up ledger whose pace is known: ten communes, one more equipped every week.
@Suite struct DeadlineTests {
    static let start = Day(iso: "2025-10-01")!

    static func rule(_ id: String, deadline: String) -> Rule {
        Rule(id: id, item: "queue-machine", name: Localized(vi: id, en: id), domain: "a", deadline: Day(iso: deadline)!)
    }

    static let communes = (1...10).map { Commune(code: String(format: "%02d", $0), name: "Xã \($0)", type: .xa) }

    /// Week k after the start: communes 1…k hold a queue machine (so 10 − k are short, one fewer each week).
    static func state(week: Int) -> InventoryState {
        let day = start.adding(days: 7 * week)
        return InventoryState(asOf: day, holdings: communes.prefix(week).map {
            Holding(communeCode: $0.code, item: "queue-machine", working: 1, since: start)
        })
    }

    static func review(rules: [Rule], week: Int, within: Int, extra: [Holding] = []) -> DeadlineReview {
        let checklist = Checklist(id: "t", title: Localized(vi: "t", en: "t"), source: "", deadline: start, rules: rules)
        func evaluate(_ w: Int) -> Evaluation {
            Evaluator.evaluate(checklist, communes: communes, state: state(week: w))
        }
        var now = state(week: week)
        for h in extra { now.set(h) }
        let history = (1...4).map { evaluate(week - $0) }
        return DeadlineReview(now: Evaluator.evaluate(checklist, communes: communes, state: now), history: history, state: now, within: within)
    }

    @Test("the pace is the communes closing the gap per week, and projects the day the last one closes")
    func paceAndProjection() {
        let samples = (0..<5).map { PaceSample(day: Self.start.adding(days: 7 * $0), short: 10 - 2 * $0) }
        #expect(Pace.perWeek(samples) == 2)
        #expect(Pace.projectedDay(short: 4, perWeek: 2, from: Self.start) == Self.start.adding(days: 14))
        #expect(Pace.projectedDay(short: 4, perWeek: 0, from: Self.start) == nil)
        #expect(Pace.perWeek([PaceSample(day: Self.start, short: 3)]) == nil)
    }

    @Test("a rule due within the window that the pace will not make is at risk, with its projected date")
    func atRisk() throws {
        // Week 6: 4 short, one closing per week → the last closes four weeks later; due in two weeks.
        let today = Self.start.adding(days: 42)
        let r = Self.review(rules: [Self.rule("q", deadline: today.adding(days: 14).iso)], week: 6, within: 30)
        let s = try #require(r.rules.first)
        #expect(s.state == .atRisk)
        #expect(s.short.count == 4)
        #expect(abs((s.pace ?? 0) - 1) < 1e-9)
        #expect(s.projected == today.adding(days: 28))
        #expect(s.daysLeft == 14)
    }

    @Test("a rule the pace makes in time, or due after the window, is on track")
    func onTrack() {
        let today = Self.start.adding(days: 42)
        let inTime = Self.review(rules: [Self.rule("q", deadline: today.adding(days: 29).iso)], week: 6, within: 30)
        #expect(inTime.rules[0].state == .onTrack)
        let later = Self.review(rules: [Self.rule("q", deadline: today.adding(days: 20).iso)], week: 6, within: 10)
        #expect(later.rules[0].state == .onTrack)
    }

    @Test("a passed deadline with communes still short is overdue, and each of them lists it")
    func overdue() {
        let r = Self.review(rules: [Self.rule("q", deadline: "2025-10-31")], week: 6, within: 30)
        #expect(r.rules[0].state == .overdue)
        #expect(r.overdueByCommune.map(\.commune.code) == ["07", "08", "09", "10"])
        #expect(r.overdueByCommune[0].rules.map(\.id) == ["q"])
    }

    @Test("a rule no commune is short on is met by all, whatever its date")
    func metByAll() {
        let r = Self.review(rules: [Self.rule("q", deadline: "2025-10-31")], week: 10, within: 30)
        #expect(r.rules[0].state == .metByAll)
        #expect(r.overdueByCommune.isEmpty)
    }

    @Test("units whose expires_on falls within the window are listed by commune, soonest first")
    func expiring() {
        let today = Self.start.adding(days: 42)
        func cert(_ code: String, _ days: Int) -> Holding {
            Holding(communeCode: code, item: "digital-signature", working: 1,
                    attributes: ["expires_on": .date(today.adding(days: days))], since: Self.start)
        }
        let r = Self.review(rules: [Self.rule("q", deadline: "2026-06-30")], week: 6, within: 30,
                            extra: [cert("03", 20), cert("01", 5), cert("02", 31), cert("04", -1)])
        #expect(r.expiring.map(\.commune.code) == ["01", "03"])
        #expect(r.expiring[0].expiresOn == today.adding(days: 5))
    }
}
