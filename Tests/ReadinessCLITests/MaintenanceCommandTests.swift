import Foundation
import GRDB
import ReadinessStore
import Testing
import TestSupport

/// `readiness backup`, `restore` and `check` as a user runs them.
@Suite struct MaintenanceCommandTests {
    let folder = Fixtures.temporaryDirectory()
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func sample(_ name: String) throws -> String {
        let db = path(name)
        let loaded = try CLI.run(["sample", "load", "--db", db])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        return db
    }

    func events(_ db: String) throws -> Int {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    @Test("backup then restore into another database: it says what it restored and the result passes the check")
    func backupRestoreCheck() throws {
        let db = try sample("readiness.sqlite")
        let backup = try CLI.run(["backup", path("backup.sqlite"), "--db", db, "--lang", "en"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("96 communes, 1090 events"))
        let restored = try CLI.run(["restore", path("backup.sqlite"), "--db", path("other.sqlite"), "--lang", "en"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("restored \(path("backup.sqlite")) into \(path("other.sqlite")): 96 communes, 1090 events"))
        let check = try CLI.run(["check", "--db", path("other.sqlite"), "--lang", "en"])
        #expect(check.status == 0, "\(check.stderr)")
        for name in ["schema", "integrity", "foreign keys", "append-only triggers", "ledger sequence", "imported files", "latest state", "registry versions"] {
            #expect(check.stdout.contains("ok      \(name): "), "\(check.stdout)")
        }
        #expect(check.stdout.contains("all 8 checks ok"))
    }

    @Test("backup refuses to overwrite an existing file without --force")
    func backupRefusesOverwrite() throws {
        let db = try sample("readiness.sqlite")
        Fixtures.write("keep", to: "taken.sqlite", in: folder)
        let refused = try CLI.run(["backup", path("taken.sqlite"), "--db", db, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already exists: give another name, or --force to replace it"))
        #expect(try String(contentsOfFile: path("taken.sqlite"), encoding: .utf8) == "keep")
        let forced = try CLI.run(["backup", path("taken.sqlite"), "--force", "--db", db])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test("restore of a text file exits 1, says why, and leaves the database as it was")
    func restoreRefusesText() throws {
        let db = try sample("readiness.sqlite")
        let text = Fixtures.write("hello", to: "notes.sqlite", in: folder).path
        let refused = try CLI.run(["restore", text, "--db", db, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not a readiness database: it is not an SQLite database at all; nothing was restored"))
        #expect(try events(db) == 1090)
    }

    @Test("check prints each failed check by name and exits 1")
    func checkReportsFailures() throws {
        let db = try sample("readiness.sqlite")
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { try $0.execute(sql: "DROP TRIGGER event_is_never_deleted; UPDATE ledger_sequence SET last_id = 3") }
        try queue.close()
        let check = try CLI.run(["check", "--db", db, "--lang", "en"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("failed  append-only triggers: missing event_is_never_deleted"))
        #expect(check.stdout.contains("failed  ledger sequence: last_id 3 is behind event id 1090"))
        #expect(check.stdout.contains("ok      integrity: ok"))
        #expect(check.stderr.contains("2 of 8 checks failed: append-only triggers, ledger sequence"))
    }

    @Test("check of a database that does not exist exits 1 and makes none")
    func checkOfNothing() throws {
        let check = try CLI.run(["check", "--db", path("none.sqlite"), "--lang", "en"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: path("none.sqlite")))
    }
}
