import Foundation
import ReadinessCore
import ReadinessStore

/// Whether the server can serve: its database answers a read and its schema is the one this version
/// writes (no migration pending, none unknown). What a load balancer or monitoring asks `/readyz`.
public struct CheckServiceReady: Sendable {
    public struct Result: Sendable, Equatable {
        public var ready: Bool
        /// Why not, or "ok" (monitoring reads it in English).
        public var detail: Phrase
    }

    public init() {}

    public func run(database: InventoryDatabase) async -> Result {
        do {
            let state = try await database.schemaState()
            if !state.unknown.isEmpty {
                return Result(ready: false, detail: "the database was written by a newer version of readiness (\(state.unknown.joined(separator: ", ")))")
            }
            if !state.pending.isEmpty {
                return Result(ready: false, detail: "migrations pending: \(state.pending.joined(separator: ", "))")
            }
            return Result(ready: true, detail: "ok")
        } catch {
            return Result(ready: false, detail: "the database cannot be read: \(error)")
        }
    }
}

/// What opening a database would do to its schema, without doing it: `readiness migrate --check`.
public struct CheckMigrations: Sendable {
    public init() {}

    public func run(database: String) throws(AppError) -> SchemaState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database, isDirectory: &isDirectory) else {
            throw .notFound("no database at \(database): give the database with --db PATH", field: "db")
        }
        if isDirectory.boolValue { throw .input("database path \(database) is a folder, not a database file", field: "db") }
        do { return try InventoryDatabase.schemaState(atPath: database) } catch {
            throw .input("cannot read database \(database): \(error) — is it a readiness database?", field: "db")
        }
    }
}

/// The figures of the service that the database holds, for `/metrics`: the sessions signed in now.
public struct ServiceFigures: Sendable {
    public struct Result: Sendable, Equatable {
        public var activeSessions: Int
    }

    public var clock: Clock

    public init(clock: Clock = .system) { self.clock = clock }

    public func run(database: InventoryDatabase) async throws(AppError) -> Result {
        let now = clock.now()
        return Result(activeSessions: try await AppError.wrap { try await database.activeSessionCount(now: now) })
    }
}
