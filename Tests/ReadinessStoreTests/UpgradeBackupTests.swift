import Foundation
import GRDB
import Testing
import TestSupport
@testable import ReadinessStore

/// Opening a database of an earlier schema: what would run is known beforehand, and a backup of it as it was
/// is written beside it before anything is migrated.
@Suite struct UpgradeBackupTests {
    func copy(_ version: String) throws -> String {
        let copy = Fixtures.temporaryDirectory().appendingPathComponent("readiness.sqlite").path
        try FileManager.default.copyItem(atPath: MigrationFixtureTests.folder.appendingPathComponent("\(version).sqlite").path, toPath: copy)
        return copy
    }

    @Test("the schema state of each fixture lists the migrations that would run, in order, and changes nothing",
          arguments: MigrationFixtureTests.versions)
    func pendingMigrations(version: String) throws {
        let path = try copy(version)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let state = try InventoryDatabase.schemaState(atPath: path)
        let last = MigrationFixtureTests.lastMigration(of: version)
        let all = Schema.migrator.migrations
        #expect(state.pending == Array(all[(all.firstIndex(of: last)! + 1)...]))
        #expect(state.unknown.isEmpty && !state.isCurrent)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("opening a fixture writes a checked backup of it, of its own schema, beside it, then migrates",
          arguments: MigrationFixtureTests.versions)
    func backupBeforeMigrating(version: String) async throws {
        let path = try copy(version)
        let pendingBefore = try InventoryDatabase.schemaState(atPath: path).pending
        let store = try InventoryDatabase(path: path)
        #expect(try await store.schemaState().isCurrent)
        let backups = InventoryDatabase.upgradeBackups(of: path)
        #expect(backups.count == 1)
        let backup = try #require(backups.first)
        #expect(backup.hasPrefix(path + ".before-upgrade-") && backup.hasSuffix("Z.sqlite"))
        #expect(try InventoryDatabase.schemaState(atPath: backup).pending == pendingBefore)
        #expect(try InventoryDatabase.checks(atPath: backup).allSatisfy { $0.passed })
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        try store.close()

        // Opened again, up to date: no second backup.
        try InventoryDatabase(path: path).close()
        #expect(InventoryDatabase.upgradeBackups(of: path).count == 1)
    }

    @Test("a new database and a current one are opened without a backup")
    func noBackupWhenNothingToMigrate() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("new.sqlite").path
        try InventoryDatabase(path: path).close()
        try InventoryDatabase(path: path).close()
        #expect(InventoryDatabase.upgradeBackups(of: path).isEmpty)
        #expect(try InventoryDatabase.schemaState(atPath: path).isCurrent)
    }

    @Test("a database written by a newer version is told apart, and gets no backup and no migration")
    func newerRefused() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("newer.sqlite").path
        try InventoryDatabase(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('from-the-future')") }
        try queue.close()
        #expect(try InventoryDatabase.schemaState(atPath: path).unknown == ["from-the-future"])
        try? InventoryDatabase(path: path).close()
        #expect(InventoryDatabase.upgradeBackups(of: path).isEmpty)
        #expect(try InventoryDatabase.schemaState(atPath: path) == SchemaState(pending: [], unknown: ["from-the-future"]))
    }
}
