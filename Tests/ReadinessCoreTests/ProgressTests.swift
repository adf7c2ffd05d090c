import Testing
import ReadinessCore

/// Progress between two evaluations: who became met, who fell back, and the event behind each.
@Suite struct ProgressTests {
    @Test("progress counts the short then and now, and names who became met and who fell back with the event")
    func becameMetAndFellBack() {
        let d1 = Day(iso: "2025-09-15")!, d2 = Day(iso: "2025-12-12")!
        let rule = Rule(id: "q", item: "queue-machine", name: Localized(vi: "q", en: "q"), domain: "a", deadline: d2)
        let checklist = Checklist(id: "t", title: Localized(vi: "t", en: "t"), source: "", deadline: d2, rules: [rule])
        let communes = ["1", "2", "3"].map { Commune(code: $0, name: "Xã \($0)", type: .xa) }
        func holding(_ code: String, _ working: Int) -> Holding { Holding(communeCode: code, item: "queue-machine", working: working, since: d1) }
        let before = Evaluator.evaluate(checklist, communes: communes, state: InventoryState(asOf: d1, holdings: [holding("1", 0), holding("2", 1)]))
        let after = Evaluator.evaluate(checklist, communes: communes, state: InventoryState(asOf: d2, holdings: [holding("1", 1), holding("2", 0)]))
        let delivered = ChangeCause(effectiveOn: Day(iso: "2025-10-01")!, working: 1, broken: 0, note: "bàn giao thiết bị mới")
        let progress = ChecklistProgress(from: before, to: after) { $0.commune.code == "1" ? delivered : nil }
        let r = progress.rules[0]
        #expect(r.shortBefore == 2 && r.shortAfter == 2)
        #expect(r.becameMet.map(\.change.commune.code) == ["1"])
        #expect(r.becameMet[0].cause == delivered)
        #expect(r.fellBack.map(\.change.commune.code) == ["2"])
        #expect(r.fellBack[0].cause == nil)
    }
}
