import Foundation
import GRDB
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// A flag set once by one task and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Backups, restores and checks on real files: what a user keeping the ministry's data sees.
@Suite struct MaintenanceTests {
    let folder = Fixtures.temporaryDirectory()

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A copy of the shipped sample at `name`, closed (its log folded into the file).
    func sample(_ name: String) throws -> String {
        let store = try Fixtures.sampleStore()
        let backup = try BackupDatabase().run(database: store.path, to: path(name), force: false)
        return backup.file
    }

    /// Raw SQL on a database file, as another program or a damaged disk would leave it.
    func damage(_ file: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: file)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    func restore(_ file: String, into target: String) throws(AppError) -> RestoreDatabase.Result {
        try RestoreDatabase().run(from: file, database: target) { () throws(AppError) in
            do { return try InventoryDatabase(path: target) } catch { throw AppError(error) }
        }
    }

    /// What a database holds, to show it did not change: every event and commune.
    func fingerprint(_ file: String) throws -> [String] {
        let queue = try DatabaseQueue(path: file)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT commune_code || item || effective_on || id || working FROM event ORDER BY 1")
                + String.fetchAll(db, sql: "SELECT code FROM commune ORDER BY 1")
        }
    }

    func failedNames(_ file: String) throws -> [DatabaseCheck.Name] {
        try CheckDatabase().run(database: file).failed.map(\.name)
    }

    @Test("a backup taken while another connection keeps recording restores into a database that passes every check")
    func backupWhileWriting() async throws {
        let store = try Fixtures.sampleStore()
        let before = try store.eventCount()
        let writer = try InventoryDatabase(path: store.path)
        let backupDone = Flag()
        // Records one event after another until the backup is done, and one more after it.
        let writing = Task.detached {
            var day = Fixtures.day("2025-12-13"), written = 0
            while true {
                let last = backupDone.isSet
                try writer.append([NewEvent(communeCode: "23344", item: "official-pc", effectiveOn: day, working: written % 30, broken: 0,
                                            source: "test", recordedBy: "writer")])
                written += 1
                day = day.adding(days: 1)
                if last { return written }
            }
        }
        while try store.eventCount() < before + 5 { try await Task.sleep(for: .milliseconds(1)) }
        let backup = try BackupDatabase().run(database: store.path, to: path("during.sqlite"), force: false)
        backupDone.set()
        let written = try await writing.value
        let failed = backup.checks.filter { !$0.passed }
        #expect(failed.isEmpty, "\(failed)")
        #expect(backup.contents.events > before && backup.contents.events < before + written)
        let restored = try restore(backup.file, into: path("restored.sqlite"))
        #expect(restored.contents == backup.contents)
        #expect(try CheckDatabase().run(database: restored.database).passed)
        #expect(try store.eventCount() == before + written)
    }

    @Test("a backup is one file, without a write-ahead log beside it")
    func backupIsOneFile() throws {
        let file = try sample("one.sqlite")
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
        #expect(InventoryDatabase.pageSize(ofFileAt: file) != nil)
        let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: file)).readData(ofLength: 20)
        #expect(header[18] == 1 && header[19] == 1)   // rollback journal, not WAL
    }

    @Test("a backup refuses to replace an existing file unless forced, and the file stays as it was")
    func backupRefusesToOverwrite() throws {
        let store = try Fixtures.sampleStore()
        let existing = Fixtures.write("keep me", to: "existing.sqlite", in: folder).path
        let error = appError { try BackupDatabase().run(database: store.path, to: existing, force: false) }
        #expect(error?.kind == .input)
        #expect(error?.message.contains("already exists") == true)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        let forced = try BackupDatabase().run(database: store.path, to: existing, force: true)
        #expect(forced.contents.events == 1090)
    }

    @Test("a backup of a database that does not exist is refused and makes none")
    func backupOfNothing() throws {
        let error = appError { try BackupDatabase().run(database: path("none.sqlite"), to: path("copy.sqlite"), force: false) }
        #expect(error?.kind == .notFound)
        #expect(!FileManager.default.fileExists(atPath: path("none.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: path("copy.sqlite")))
    }

    @Test("a restore says what it restored and the database then holds exactly the backup")
    func restoreSaysWhat() throws {
        let file = try sample("sample.sqlite")
        let target = try Fixtures.emptyStore().path
        let restored = try restore(file, into: target)
        #expect(restored.contents == DatabaseContents(communes: 96, events: 1090, importedFiles: 0))
        #expect(try fingerprint(target) == fingerprint(file))
    }

    @Test("a restore refuses a text file and leaves the database as it was")
    func restoreRefusesText() throws {
        let target = try sample("target.sqlite")
        let before = try fingerprint(target)
        let text = Fixtures.write("commune_code,item,working\n23344,vcs-terminal,1\n", to: "ledger.csv", in: folder).path
        let error = appError { try restore(text, into: target) }
        #expect(error?.kind == .input)
        #expect(error?.message.contains("not an SQLite database") == true)
        #expect(try fingerprint(target) == before)
    }

    @Test("a restore refuses an SQLite database of another program and leaves the database as it was")
    func restoreRefusesOtherProgram() throws {
        let target = try sample("target.sqlite")
        let before = try fingerprint(target)
        let other = path("other.sqlite")
        try damage(other, "CREATE TABLE event (x); INSERT INTO event VALUES (1); CREATE TABLE commune (code)")
        let error = appError { try restore(other, into: target) }
        #expect(error?.message.contains("without the readiness tables") == true)
        #expect(try fingerprint(target) == before)
    }

    @Test("a restore refuses a readiness database whose delete trigger was dropped")
    func restoreRefusesMissingTrigger() throws {
        let target = try sample("target.sqlite")
        let before = try fingerprint(target)
        let damaged = try sample("damaged.sqlite")
        try damage(damaged, "DROP TRIGGER event_is_never_deleted")
        let error = appError { try restore(damaged, into: target) }
        #expect(error?.message.contains("append-only triggers: missing event_is_never_deleted") == true)
        #expect(try fingerprint(target) == before)
    }

    @Test("a restore refuses a readiness database whose id sequence is behind its events")
    func restoreRefusesSequenceBehind() throws {
        let target = try sample("target.sqlite")
        let before = try fingerprint(target)
        let damaged = try sample("damaged.sqlite")
        try damage(damaged, "UPDATE ledger_sequence SET last_id = 10")
        let error = appError { try restore(damaged, into: target) }
        #expect(error?.message.contains("ledger sequence: last_id 10 is behind event id 1090") == true)
        #expect(try fingerprint(target) == before)
    }

    @Test("a restore refuses a database written by a newer version")
    func restoreRefusesNewerSchema() throws {
        let target = try sample("target.sqlite")
        let newer = try sample("newer.sqlite")
        try damage(newer, "INSERT INTO grdb_migrations (identifier) VALUES ('v9: something to come')")
        let error = appError { try restore(newer, into: target) }
        #expect(error?.message.contains("newer version of readiness (schema v9: something to come)") == true)
    }

    @Test("a refused restore into a database that did not exist leaves none behind")
    func refusedRestoreMakesNoDatabase() throws {
        let text = Fixtures.write("not a database", to: "notes.txt", in: folder).path
        #expect(appError { try restore(text, into: path("new.sqlite")) } != nil)
        #expect(!FileManager.default.fileExists(atPath: path("new.sqlite")))
    }

    @Test("the check passes on a sound database and names each failure on a damaged one")
    func checkNamesFailures() throws {
        let sound = try sample("sound.sqlite")
        #expect(try failedNames(sound) == [])
        let triggers = try sample("triggers.sqlite")
        try damage(triggers, "DROP TRIGGER event_is_never_updated")
        #expect(try failedNames(triggers) == [.appendOnly])
        let sequence = try sample("sequence.sqlite")
        try damage(sequence, "UPDATE ledger_sequence SET last_id = 0")
        #expect(try failedNames(sequence) == [.sequence])
        let files = try sample("files.sqlite")
        try damage(files, "INSERT INTO import_file (sha256, name, kind, imported_at, events) VALUES ('x', 'lost.csv', 'flat CSV', '', 5)")
        let failed = try CheckDatabase().run(database: files).failed
        #expect(failed.map(\.name) == [.importedFiles])
        #expect(failed.first?.detail == "lost.csv records 5 events, the ledger holds 0")
        let keys = try sample("keys.sqlite")
        try damage(keys, "PRAGMA foreign_keys = OFF; INSERT INTO event (commune_code, item, effective_on, id, working, recorded_at) "
                   + "VALUES ('99999', 'vcs-terminal', '2025-08-01', 5000, 1, ''); UPDATE ledger_sequence SET last_id = 5000")
        #expect(try failedNames(keys) == [.foreignKeys, .latestState])   // an event written past the store
        let latest = try sample("latest.sqlite")
        try damage(latest, "UPDATE holding_latest SET working = working + 1 WHERE (commune_code, item) = "
                   + "(SELECT commune_code, item FROM holding_latest ORDER BY commune_code, item LIMIT 1)")
        #expect(try failedNames(latest) == [.latestState])
        #expect(try CheckDatabase().run(database: latest).failed.first?.detail == "1 holdings' kept last event differs from the ledger's")
    }

    @Test("the check of a database that does not exist is refused and makes none")
    func checkOfNothing() throws {
        let error = appError { try CheckDatabase().run(database: path("none.sqlite")) }
        #expect(error?.kind == .notFound)
        #expect(!FileManager.default.fileExists(atPath: path("none.sqlite")))
    }
}
