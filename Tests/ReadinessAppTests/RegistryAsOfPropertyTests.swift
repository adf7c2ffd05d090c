import Foundation
import PropertyBased
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore
import Testing
import TestSupport

/// Whatever changes the registry went through, a report as of a day is the report of a database that only ever
/// knew the registry of that day, with the same ledger.
@Suite struct RegistryAsOfPropertyTests {
    static let items = ["queue-machine", "number-display", "lookup-kiosk", "vcs-terminal"]
    static let days = (0..<12).map { Day(iso: "2026-01-01")!.adding(days: 30 * $0) }
    static let source = "Nghị quyết 1/NQ-UBTVQH16"

    static func commune(_ n: Int) -> Commune {
        Commune(code: String(format: "510%02d", n), name: "Xã Số \(n)", type: .xa, provinceCode: "51", provinceName: "Tỉnh Quảng Ngãi",
                attributes: ["officials": .int(4 + n), "counters": .int(2), "former_province": .text("Quảng Ngãi")])
    }

    /// One random change of the first units: (kind, which unit, another unit, day).
    static func change(_ kind: Int, _ a: Int, _ b: Int, _ day: Day) -> RegistryChange {
        let code = commune(a).code, other = commune(b).code
        switch kind {
        case 0: return RegistryChange(effective: day, kind: .rename, code: code, name: "Xã Mới \(a)-\(day.iso)", source: source)
        case 1: return RegistryChange(effective: day, kind: .reclassify, code: code, name: "Phường Số \(a)", type: .phuong, source: source)
        case 2: return RegistryChange(effective: day, kind: .dissolve, code: code, source: source)
        case 3: return RegistryChange(effective: day, kind: .merge, code: code, toCode: other, source: source)
        default:
            return RegistryChange(effective: day, kind: .establish, code: commune(10 + a).code, name: "Xã Lập \(a)", type: .xa, provinceCode: "51",
                                  source: source)
        }
    }

    static func gaps(_ session: Session, on day: Day) throws -> String {
        try GapReport(evaluation: session.evaluate(on: day), language: .en, names: 99).render(.table).text
    }

    @Test("for random changes and events, the gaps as of any day equal those of a fresh database loaded with that day's registry and the same ledger")
    func asOfEqualsFresh() async {
        await propertyCheck(count: 15, input: Gen.int(in: 0...4).array(of: 5), Gen.int(in: 1...5).array(of: 5), Gen.int(in: 1...5).array(of: 5),
                            Gen.int(in: 0...11).array(of: 5), Gen.int(in: 0...3).array(of: 12), Gen.int(in: 0...11).array(of: 12)) {
            kinds, units, others, changeDays, counts, eventDays in
            do {
                let folder = Fixtures.temporaryDirectory()
                let database = try InventoryDatabase(path: folder.appendingPathComponent("changed.sqlite").path)
                try database.upsertCommunes((1...5).map(Self.commune))
                // Events and changes interleaved by date, as a province records them.
                var events: [NewEvent] = []
                for (i, count) in counts.enumerated() {
                    events.append(NewEvent(communeCode: Self.commune(1 + i % 5).code, item: Self.items[i % Self.items.count],
                                           effectiveOn: Self.days[eventDays[i]], working: count, recordedBy: "test"))
                }
                try database.append(events.filter { $0.effectiveOn < Self.days[6] })
                for i in kinds.indices.sorted(by: { changeDays[$0] < changeDays[$1] }) {
                    let change = Self.change(kinds[i], units[i], others[i], Self.days[changeDays[i]])
                    _ = try database.applyRegistryChanges([change], provinceNames: [:], recordedBy: "test", at: Date(), dryRun: false)
                }
                try database.append(events.filter { $0.effectiveOn >= Self.days[6] })
                let clock = Clock.fixed(on: Self.days[11])
                let session = try Session(workspace: Fixtures.workspace, database: database, checklist: nil, clock: clock)
                let history = try database.registryHistory()
                let ledger = try history.units.flatMap { try database.events(commune: $0.code) }.sorted { $0.id < $1.id }.map(\.event)
                for day in Self.days + [Self.days[11].adding(days: 1)] {
                    let then = history.communes(on: day)
                    guard !then.isEmpty else { continue }
                    let fresh = try InventoryDatabase(path: folder.appendingPathComponent("fresh-\(day.iso).sqlite").path)
                    try fresh.upsertCommunes(then)
                    let known = Set(then.map(\.code))
                    try fresh.append(ledger.filter { known.contains($0.communeCode) })
                    let freshSession = try Session(workspace: Fixtures.workspace, database: fresh, checklist: nil, clock: clock)
                    #expect(try Self.gaps(session, on: day) == Self.gaps(freshSession, on: day), "on \(day.iso)")
                    try fresh.close()
                }
                try database.close()
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
