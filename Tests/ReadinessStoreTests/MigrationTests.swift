import Foundation
import Testing
import GRDB
import ReadinessCore
@testable import ReadinessStore
import TestSupport

/// A database written by an earlier version of the tool opens in this one with nothing lost.
@Suite struct MigrationTests {
    /// A database as the tool left it before schema v3 (events in a rowid table with two indexes).
    func versionTwoDatabase() throws -> String {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("v2.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v2: imported files (issue 3)")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO commune (code, name, type, position) VALUES ('23344', 'Xã Đăk Plô', 'xã', 1), ('23347', 'Xã Đăk Pék', 'xã', 2);
                INSERT INTO event (commune_code, item, effective_on, working, broken, attributes, source, recorded_by, recorded_at)
                VALUES ('23344', 'vcs-terminal', '2025-07-01', 0, 0, '{}', 'v2', 'old', '2025-07-01T00:00:00Z'),
                       ('23344', 'vcs-terminal', '2025-10-01', 1, 0, '{"meets_hnth":false}', 'v2', 'old', '2025-10-01T00:00:00Z'),
                       ('23344', 'vcs-terminal', '2025-10-01', 1, 0, '{"meets_hnth":true}', 'v2 correction', 'old', '2025-10-02T00:00:00Z'),
                       ('23347', 'official-pc', '2025-08-01', 12, 2, '{}', 'v2', 'old', '2025-08-01T00:00:00Z');
                """)
        }
        return path
    }

    @Test("a version 2 database keeps every event, the same-day correction still wins, and new ids come after the old")
    func versionTwoToThree() throws {
        let store = try InventoryDatabase(path: try versionTwoDatabase())
        #expect(try store.eventCount() == 4)
        let state = try store.state(asOf: Fixtures.day("2025-12-31"))
        #expect(state.holding(commune: "23344", item: "vcs-terminal")?.attributes == ["meets_hnth": .bool(true)])
        #expect(state.holding(commune: "23347", item: "official-pc")?.working == 12)
        let history = try store.events(commune: "23344")
        #expect(history.map(\.id) == [3, 2, 1])
        #expect(history.first?.source == "v2 correction")

        // A correction recorded now for the same day comes after the old ones.
        try store.append([NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-10-01"),
                                   working: 2, broken: 0, attributes: ["meets_hnth": .bool(true)], source: "v3")])
        #expect(try store.events(commune: "23344").first?.id == 5)
        #expect(try store.state(asOf: Fixtures.day("2025-12-31")).holding(commune: "23344", item: "vcs-terminal")?.working == 2)
    }

    @Test("the migrated ledger is still append-only")
    func stillAppendOnly() throws {
        let store = try InventoryDatabase(path: try versionTwoDatabase())
        let db = try DatabaseQueue(path: store.path)
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "UPDATE event SET working = 9") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM event") } }
        #expect(try store.eventCount() == 4)
    }

    @Test("events written in any order read back in recording order within a holding and day")
    func recordingOrderWithinOneAppend() throws {
        let store = try Fixtures.emptyStore()
        try store.upsertCommunes([Commune(code: "23344", name: "Xã Đăk Plô", type: .xa), Commune(code: "00070", name: "Phường Hoàn Kiếm", type: .phuong)])
        let day = Fixtures.day("2025-09-01")
        // Given out of key order: the store writes them in key order, but the two same-day events
        // of 23344 keep their given order, so the second one is the state.
        try store.append([
            NewEvent(communeCode: "23344", item: "official-pc", effectiveOn: day, working: 3, broken: 0),
            NewEvent(communeCode: "00070", item: "official-pc", effectiveOn: day, working: 7, broken: 0),
            NewEvent(communeCode: "23344", item: "official-pc", effectiveOn: day, working: 4, broken: 1),
        ])
        let state = try store.state(asOf: day)
        #expect(state.holding(commune: "23344", item: "official-pc")?.working == 4)
        #expect(state.holding(commune: "00070", item: "official-pc")?.working == 7)
        #expect(try store.events(commune: "23344").map(\.working) == [4, 3])
    }
}
