import Foundation
import GRDB

/// Where a database's schema stands against this version's migrations.
public struct SchemaState: Sendable, Equatable {
    /// The migrations this version knows that the database has not had yet, in the order they would run.
    public var pending: [String]
    /// Migrations the database has had that this version does not know: written by a newer version.
    public var unknown: [String]

    /// Neither pending nor unknown migrations: this version serves the database as it is.
    public var isCurrent: Bool { pending.isEmpty && unknown.isEmpty }

    public init(pending: [String], unknown: [String]) {
        self.pending = pending
        self.unknown = unknown
    }

    static func of(_ db: Database) throws -> SchemaState {
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        let applied = tables.contains("grdb_migrations") ? try Schema.migrator.appliedIdentifiers(db) : []
        return SchemaState(pending: Schema.migrator.migrations.filter { !applied.contains($0) },
                           unknown: applied.subtracting(Schema.migrator.migrations).sorted())
    }
}

extension InventoryDatabase {
    /// The schema of this open database (current once opened, unless another process changed it since).
    public func schemaState() async throws -> SchemaState {
        try await read { db in try SchemaState.of(db) }
    }

    /// The schema of the database at `path`, read without migrating, creating or changing anything.
    public static func schemaState(atPath path: String) throws -> SchemaState {
        var configuration = Configuration()
        configuration.readonly = true
        return try StoreError.wrapping {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try SchemaState.of(db) }
        }
    }
}

extension InventoryDatabase {
    /// Before a database of an earlier schema is migrated: a checked backup of it beside it, named
    /// `<file>.before-upgrade-YYYYMMDDTHHMMSSZ.sqlite` (UTC), so that the upgrade can be undone by restoring it.
    /// Nothing is written for a new, empty database (no migration applied yet).
    func writeUpgradeBackup() throws {
        let state = try Self.describing(path) { try read { db in try SchemaState.of(db) } }
        guard state.pending.count < Schema.migrator.migrations.count, state.unknown.isEmpty else { return }
        _ = try backup(to: Self.upgradeBackupPath(path, at: Date()))
    }

    /// The backup written before `path` is migrated at `date`.
    public static func upgradeBackupPath(_ path: String, at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return path + String(format: ".before-upgrade-%04d%02d%02dT%02d%02d%02dZ.sqlite",
                             c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The backups written before upgrades of the database at `path`, oldest first.
    public static func upgradeBackups(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let prefix = url.lastPathComponent + ".before-upgrade-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") }.sorted()
            .map { url.deletingLastPathComponent().appendingPathComponent($0).path }
    }
}

extension InventoryDatabase {
    /// The sessions not expired at `now` (what `/metrics` reports as signed in).
    public func activeSessionCount(now: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session WHERE expires_at > ?", arguments: [StoredTime.text(now)]) ?? 0
        }
    }
}
