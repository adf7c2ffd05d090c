import Testing
import ReadinessCore

/// Deadline states on a made-up ledger whose pace is known: ten communes, one more equipped every week.
@Suite struct DeadlineTests {
    static let start = Day(iso: "2025-10-01")!

    /// A rule for a queue machine, due on `deadline`.
    static func rule(deadline: Day) -> Rule { TestData.rule("q", item: "queue-machine", domain: "a", deadline: deadline) }

    static let communes = (1...10).map { TestData.commune(String(format: "%02d", $0), "Xã \($0)") }

    /// Week k after the start: communes 1…k hold a queue machine (so 10 − k are short, one fewer each week).
    static func state(week: Int) -> InventoryState {
        let day = start.adding(days: 7 * week)
        return InventoryState(asOf: day, holdings: communes.prefix(week).map {
            TestData.holding($0.code, "queue-machine", working: 1, since: start)
        })
    }

    static func review(rules: [Rule], week: Int, within: Int, extra: [Holding] = []) -> DeadlineReview {
        let checklist = TestData.checklist(rules, deadline: start)
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
        let r = Self.review(rules: [Self.rule(deadline: today.adding(days: 14))], week: 6, within: 30)
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
        let inTime = Self.review(rules: [Self.rule(deadline: today.adding(days: 29))], week: 6, within: 30)
        #expect(inTime.rules[0].state == .onTrack)
        let later = Self.review(rules: [Self.rule(deadline: today.adding(days: 20))], week: 6, within: 10)
        #expect(later.rules[0].state == .onTrack)
    }

    @Test("a passed deadline with communes still short is overdue, and each of them lists it")
    func overdue() {
        let r = Self.review(rules: [Self.rule(deadline: TestData.day("2025-10-31"))], week: 6, within: 30)
        #expect(r.rules[0].state == .overdue)
        #expect(r.overdueByCommune.map(\.commune.code) == ["07", "08", "09", "10"])
        #expect(r.overdueByCommune[0].rules.map(\.id) == ["q"])
    }

    @Test("a rule no commune is short on is met by all, whatever its date")
    func metByAll() {
        let r = Self.review(rules: [Self.rule(deadline: TestData.day("2025-10-31"))], week: 10, within: 30)
        #expect(r.rules[0].state == .metByAll)
        #expect(r.overdueByCommune.isEmpty)
    }

    @Test("units whose expires_on falls within the window are listed by commune, soonest first")
    func expiring() {
        let today = Self.start.adding(days: 42)
        func cert(_ code: String, _ days: Int) -> Holding {
            TestData.holding(code, "digital-signature", working: 1, ["expires_on": .date(today.adding(days: days))], since: Self.start)
        }
        let r = Self.review(rules: [Self.rule(deadline: TestData.day("2026-06-30"))], week: 6, within: 30,
                            extra: [cert("03", 20), cert("01", 5), cert("02", 31), cert("04", -1)])
        #expect(r.expiring.map(\.commune.code) == ["01", "03"])
        #expect(r.expiring[0].expiresOn == today.adding(days: 5))
    }
}
