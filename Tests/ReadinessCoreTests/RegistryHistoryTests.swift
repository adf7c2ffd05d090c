import Testing
import ReadinessCore

@Suite struct RegistryHistoryTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }
    static let registry = RegistryHistory(communes: [
        Commune(code: "10001", name: "Xã An", type: .xa, provinceCode: "75", provinceName: "Tỉnh Đồng Nai"),
        Commune(code: "10002", name: "Xã Bình", type: .xa, provinceCode: "75", provinceName: "Tỉnh Đồng Nai"),
        Commune(code: "10003", name: "Xã Châu", type: .xa, provinceCode: "75", provinceName: "Tỉnh Đồng Nai"),
        Commune(code: "20001", name: "Phường Đông", type: .phuong, provinceCode: "24", provinceName: "Tỉnh Bắc Ninh"),
    ])
    static let source = "Nghị quyết 1/NQ-UBTVQH16 ngày 01/04/2026"

    static func applied(_ changes: [RegistryChange]) -> RegistryHistory {
        var h = registry
        let problems = h.apply(changes)
        #expect(problems.isEmpty, "\(problems.map { $0.problem.phrase.text(.en) })")
        return h
    }

    @Test("a reclassified commune is a xã before its date and a phường with its new name from it on")
    func reclassify() {
        let h = Self.applied([RegistryChange(effective: Self.day("2026-04-30"), kind: .reclassify, code: "10001", name: "Phường An",
                                             type: .phuong, source: Self.source)])
        #expect(h.commune("10001", on: Self.day("2026-04-29"))?.type == .xa)
        #expect(h.commune("10001", on: Self.day("2026-04-29"))?.name == "Xã An")
        #expect(h.commune("10001", on: Self.day("2026-04-30"))?.type == .phuong)
        #expect(h.commune("10001", on: Self.day("2026-04-30"))?.name == "Phường An")
        #expect(h.communes(on: Self.day("2025-09-15")).count == 4)
    }

    @Test("a province renamed gives every unit of it the new province name from the date, and none before")
    func provinceRenamed() {
        let h = Self.applied([RegistryChange(effective: Self.day("2026-04-30"), kind: .rename, code: "75", name: "Thành phố Đồng Nai",
                                             provinceCode: "75", source: Self.source)])
        #expect(Set(h.communes(on: Self.day("2026-05-01")).filter { $0.provinceCode == "75" }.map(\.provinceName)) == ["Thành phố Đồng Nai"])
        #expect(Set(h.communes(on: Self.day("2026-04-29")).filter { $0.provinceCode == "75" }.map(\.provinceName)) == ["Tỉnh Đồng Nai"])
        #expect(h.commune("20001", on: Self.day("2026-05-01"))?.provinceName == "Tỉnh Bắc Ninh")
    }

    @Test("two communes merged into a new one: three units before, two after, the new one only from the date")
    func mergeIntoNew() {
        let d = Self.day("2026-07-01")
        let h = Self.applied([
            RegistryChange(effective: d, kind: .merge, code: "10001", toCode: "10009", name: "Xã An Bình", type: .xa, source: Self.source),
            RegistryChange(effective: d, kind: .merge, code: "10002", toCode: "10009", source: Self.source),
        ])
        #expect(h.communes(on: d.adding(days: -1)).map(\.code) == ["10001", "10002", "10003", "20001"])
        #expect(h.communes(on: d).map(\.code) == ["10003", "20001", "10009"])
        #expect(h.commune("10009", on: d)?.provinceCode == "75")
        #expect(h.unitHistory("10009").changes.count == 2)
    }

    @Test("a merge's holdings pass to the successor: each predecessor drops to nothing and the successor holds the sum")
    func mergeTransfers() {
        let d = Self.day("2026-07-01")
        let merges = [
            RegistryChange(effective: d, kind: .merge, code: "10001", toCode: "10003", source: Self.source),
            RegistryChange(effective: d, kind: .merge, code: "10002", toCode: "10003", source: Self.source),
        ]
        let state = InventoryState(asOf: d, holdings: [
            Holding(communeCode: "10001", item: "pc", working: 3, broken: 1, since: Self.day("2025-09-01")),
            Holding(communeCode: "10002", item: "pc", working: 2, since: Self.day("2025-09-01")),
            Holding(communeCode: "10003", item: "pc", working: 5, since: Self.day("2025-09-01")),
            Holding(communeCode: "10002", item: "scanner", working: 1, since: Self.day("2025-09-01")),
        ])
        let events = RegistryHistory.mergeTransfers(merges, state: state, recordedBy: "test")
        #expect(events.first { $0.communeCode == "10003" && $0.item == "pc" }?.working == 10)
        #expect(events.first { $0.communeCode == "10003" && $0.item == "pc" }?.broken == 1)
        #expect(events.first { $0.communeCode == "10003" && $0.item == "scanner" }?.working == 1)
        #expect(events.filter { $0.communeCode != "10003" }.allSatisfy { $0.working == 0 && $0.broken == 0 })
        #expect(events.allSatisfy { $0.source == Self.source && $0.effectiveOn == d })
    }

    @Test("a split's successors exist from its date, are marked as waiting for their transfer file, and the unit split ends")
    func split() {
        let d = Self.day("2026-07-01")
        var h = Self.applied([
            RegistryChange(effective: d, kind: .split, code: "10003", toCode: "10031", name: "Xã Châu Bắc", type: .xa, source: Self.source),
            RegistryChange(effective: d, kind: .split, code: "10003", toCode: "10032", name: "Xã Châu Nam", type: .xa, source: Self.source),
        ])
        #expect(h.commune("10003", on: d) == nil)
        #expect(h.communes(on: d).filter(\.awaitingTransfer).map(\.code) == ["10031", "10032"])
        h.transferred(["10031", "10032"])
        #expect(h.communes(on: d).filter(\.awaitingTransfer).isEmpty)
    }

    @Test("a dissolved unit is not in the registry from its date on")
    func dissolve() {
        let h = Self.applied([RegistryChange(effective: Self.day("2026-01-01"), kind: .dissolve, code: "10002", source: Self.source)])
        #expect(h.communes(on: Self.day("2026-01-01")).count == 3)
        #expect(h.communes(on: Self.day("2025-12-31")).count == 4)
    }

    @Test("a change to an unknown unit, a change before a later one and a rename without a name are each refused with their column")
    func problems() {
        var h = Self.registry
        let problems = h.apply([
            RegistryChange(effective: Self.day("2026-05-01"), kind: .rename, code: "99999", name: "Xã Lạ", source: Self.source),
            RegistryChange(effective: Self.day("2026-05-01"), kind: .rename, code: "10001", source: Self.source),
            RegistryChange(effective: Self.day("2026-05-01"), kind: .reclassify, code: "10002", type: .phuong, source: Self.source),
            RegistryChange(effective: Self.day("2026-04-01"), kind: .dissolve, code: "10002", source: Self.source),
        ])
        #expect(problems.map(\.index).sorted() == [0, 1, 2])
        #expect(problems.first { $0.index == 0 }?.problem.column == .code)
        #expect(problems.first { $0.index == 1 }?.problem.column == .name)
    }

    @Test("an official list compared as of a date lists the new, the gone, the renamed, the reclassified and the moved")
    func differences() {
        let list = [
            Commune(code: "10001", name: "Phường An", type: .phuong, provinceCode: "75"),
            Commune(code: "10002", name: "Xã Bình Mới", type: .xa, provinceCode: "75"),
            Commune(code: "10004", name: "Xã Dương", type: .xa, provinceCode: "75"),
        ]
        let d = Self.registry.differences(from: list, on: Self.day("2026-05-01"))
        #expect(d.added.map(\.code) == ["10004"])
        #expect(d.gone.map(\.code) == ["10003"])
        #expect(d.reclassified.map(\.after.code) == ["10001"])
        #expect(d.renamed.map(\.after.code) == ["10002"])
        #expect(d.moved.isEmpty)
    }
}
