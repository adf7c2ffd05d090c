import Foundation
import Testing
import GRDB
import ReadinessCore
import ReadinessStore
import TestSupport

/// The ledger on a real SQLite file: effective-dated events, as-of semantics, nothing overwritten.
@Suite struct LedgerTests {
    let store: InventoryDatabase

    init() throws {
        store = try Fixtures.emptyStore()
        try store.upsertCommunes([Commune(code: "23344", name: "Xã Đăk Plô", type: .xa)])
    }

    func event(_ date: String, working: Int, broken: Int = 0, attributes: [String: AttributeValue] = [:]) -> NewEvent {
        NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day(date), working: working, broken: broken,
                 attributes: attributes, source: "test", recordedBy: "tester")
    }

    @Test("the state on a date is the last event on or before it")
    func lastOnOrBefore() throws {
        try store.append([event("2025-07-01", working: 0), event("2025-10-01", working: 1, attributes: ["meets_hnth": .bool(true)])])
        #expect(try store.state(asOf: Fixtures.day("2025-06-30")).holding(commune: "23344", item: "vcs-terminal") == nil)
        #expect(try store.state(asOf: Fixtures.day("2025-09-30")).holding(commune: "23344", item: "vcs-terminal")?.working == 0)
        let on = try store.state(asOf: Fixtures.day("2025-10-01")).holding(commune: "23344", item: "vcs-terminal")
        #expect(on?.working == 1)
        #expect(on?.attributes == ["meets_hnth": .bool(true)])
        #expect(on?.since == Fixtures.day("2025-10-01"))
    }

    @Test("an event dated after the report date never counts, even when recorded earlier")
    func futureEventNeverCounts() throws {
        try store.append([event("2026-01-15", working: 1, attributes: ["meets_hnth": .bool(true)])])
        try store.append([event("2025-07-01", working: 0)])
        let state = try store.state(asOf: Fixtures.day("2025-12-31"))
        #expect(state.holding(commune: "23344", item: "vcs-terminal")?.working == 0)
    }

    @Test("of two events on the same date, the one recorded later wins (a correction)")
    func correctionSameDay() throws {
        try store.append([event("2025-09-01", working: 3)])
        try store.append([event("2025-09-01", working: 2, broken: 1)])
        let h = try store.state(asOf: Fixtures.day("2025-09-01")).holding(commune: "23344", item: "vcs-terminal")
        #expect(h?.working == 2)
        #expect(h?.broken == 1)
        #expect(try store.events(commune: "23344").count == 2)
    }

    @Test("history lists a commune's events newest first, with who and from where")
    func history() throws {
        try store.append([event("2025-07-01", working: 0), event("2025-10-01", working: 1)])
        let events = try store.events(commune: "23344", item: "vcs-terminal")
        #expect(events.map(\.effectiveOn.iso) == ["2025-10-01", "2025-07-01"])
        #expect(events[0].recordedBy == "tester")
        #expect(events[0].source == "test")
    }

    @Test("the ledger refuses to change or delete an event: corrections are new events")
    func appendOnly() throws {
        try store.append([event("2025-07-01", working: 0)])
        let db = try DatabaseQueue(path: store.path)
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "UPDATE event SET working = 5") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM event") } }
        #expect(try store.state(asOf: Fixtures.day("2025-07-01")).holding(commune: "23344", item: "vcs-terminal")?.working == 0)
    }

    @Test("an event for a commune not in the registry is refused and nothing of the batch is written")
    func unknownCommuneRefused() throws {
        let bad = NewEvent(communeCode: "99999", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-07-01"), working: 1)
        let error = #expect(throws: StoreError.self) { try store.append([event("2025-07-01", working: 1), bad]) }
        #expect(error?.kind == .refused)
        #expect(try store.eventCount() == 0)
    }

    @Test("attributes keep their types through the database")
    func attributeTypes() throws {
        let attrs: [String: AttributeValue] = ["meets_hnth": .bool(true), "bandwidth_mbps": .int(200),
                                               "expires_on": .date(Fixtures.day("2027-03-01")), "vendor": .text("VNPT")]
        try store.append([event("2025-07-01", working: 1, attributes: attrs)])
        #expect(try store.state(asOf: Fixtures.day("2025-07-01")).holding(commune: "23344", item: "vcs-terminal")?.attributes == attrs)
    }

    @Test("a text attribute that reads like a date comes back from the database as text")
    func textLikeADate() throws {
        let attrs: [String: AttributeValue] = ["serial": .text("2025-12-01"), "expires_on": .date(Fixtures.day("2025-12-01"))]
        try store.append([event("2025-07-01", working: 1, attributes: attrs)])
        #expect(try store.state(asOf: Fixtures.day("2025-07-01")).holding(commune: "23344", item: "vcs-terminal")?.attributes == attrs)
        #expect(try store.events(commune: "23344").first?.attributes == attrs)
    }

    @Test("the database is in WAL mode")
    func wal() throws {
        #expect(try store.journalMode() == "wal")
    }

    @Test("reopening a database keeps its data and does not migrate twice")
    func reopen() throws {
        try store.append([event("2025-07-01", working: 1)])
        let again = try InventoryDatabase(path: store.path)
        #expect(try again.eventCount() == 1)
        #expect(try again.communeCount() == 1)
    }

    @Test("loading a registry again updates names and merges attributes, and says what changed")
    func registryUpsert() throws {
        var c = Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, attributes: ["officials": .int(25)])
        #expect(try store.upsertCommunes([c]) == RegistrySummary(added: 0, updated: 1, unchanged: 0))
        c.attributes = ["counters": .int(4)]
        let s = try store.upsertCommunes([c, Commune(code: "23317", name: "Xã Ngọk Bay", type: .xa)])
        #expect(s == RegistrySummary(added: 1, updated: 1, unchanged: 0))
        #expect(try store.communes().first?.attributes == ["officials": .int(25), "counters": .int(4)])
        #expect(try store.communes().map(\.code) == ["23344", "23317"])
    }
}
