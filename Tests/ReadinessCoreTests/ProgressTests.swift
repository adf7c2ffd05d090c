import Testing
import ReadinessCore

/// Progress between two evaluations: who became met, who fell back, and the event behind each.
@Suite struct ProgressTests {
    @Test("progress counts the short then and now, and names who became met and who fell back with the event")
    func becameMetAndFellBack() {
        let d1 = TestData.day("2025-09-15"), d2 = TestData.day("2025-12-12")
        let checklist = TestData.checklist([TestData.rule("q", item: "queue-machine", domain: "a", deadline: d2)], deadline: d2)
        let communes = ["1", "2", "3"].map { TestData.commune($0) }
        let before = Evaluator.evaluate(checklist, communes: communes, state: InventoryState(asOf: d1, holdings: [
            TestData.holding("1", "queue-machine", working: 0, since: d1), TestData.holding("2", "queue-machine", working: 1, since: d1),
        ]))
        let after = Evaluator.evaluate(checklist, communes: communes, state: InventoryState(asOf: d2, holdings: [
            TestData.holding("1", "queue-machine", working: 1, since: d1), TestData.holding("2", "queue-machine", working: 0, since: d1),
        ]))
        let delivered = ChangeCause(effectiveOn: TestData.day("2025-10-01"), working: 1, broken: 0, note: "bàn giao thiết bị mới")
        let progress = ChecklistProgress(from: before, to: after) { $0.commune.code == "1" ? delivered : nil }
        let r = progress.rules[0]
        #expect(r.shortBefore == 2 && r.shortAfter == 2)
        #expect(r.becameMet.map(\.change.commune.code) == ["1"])
        #expect(r.becameMet[0].cause == delivered)
        #expect(r.fellBack.map(\.change.commune.code) == ["2"])
        #expect(r.fellBack[0].cause == nil)
    }
}
