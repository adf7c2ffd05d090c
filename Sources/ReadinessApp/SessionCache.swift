import Foundation
import ReadinessCore
import ReadinessStore
import Synchronization

/// What a long-running server's requests share instead of reading it again each time: the session
/// (catalogue, checklist and registry, read again when their files or the registry change) and the
/// results of the queries that read the whole ledger (the dashboard, the gap list), kept per data stamp
/// (`InventoryDatabase.dataStamp`): a result is reused only while no event, review step or registry
/// change has been written since it was computed.
public final class SessionCache: Sendable {
    struct Key: Hashable {
        var registry: Int64
        var files: [String]
    }

    public let workspace: Workspace
    public let database: InventoryDatabase
    public let clock: Clock
    /// At most this many results are kept; beyond it they are all dropped.
    static let capacity = 256

    private let current = Mutex<(key: Key, session: Session)?>(nil)
    private let results = Mutex<[String: (stamp: DataStamp, value: any Sendable)]>([:])

    public init(workspace: Workspace, database: InventoryDatabase, clock: Clock) {
        self.workspace = workspace
        self.database = database
        self.clock = clock
    }

    /// A session on the default checklist that sees the database as it is now; its results are remembered
    /// in this cache.
    public func session() throws(AppError) -> Session {
        let stamp = try AppError.wrap { try database.dataStamp() }
        let key = Key(registry: stamp.registry, files: watchedFiles())
        let session: Session
        if let hit = current.withLock({ $0 }), hit.key == key {
            session = hit.session
        } else {
            session = try Session(workspace: workspace, database: database, checklist: nil, clock: clock)
            current.withLock { $0 = (key, session) }
        }
        return session.remembering(in: self, stamp: stamp)
    }

    /// When each file of `Checklists/` (the catalogue and the checklists a session is read from) was last
    /// changed, by name: a file added, removed, renamed or edited changes it. Nothing is read.
    private func watchedFiles() -> [String] {
        let folder = workspace.checklistsDirectory.path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.map { name in
            let changed = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[.modificationDate] as? Date
            return "\(name) \(changed?.timeIntervalSince1970 ?? 0)"
        }
    }

    func remembered<T: Sendable>(_ key: String, stamp: DataStamp, _ make: () throws(AppError) -> T) throws(AppError) -> T {
        if let hit = results.withLock({ $0[key] }), hit.stamp == stamp, let value = hit.value as? T { return value }
        let value = try make()
        results.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = (stamp, value)
        }
        return value
    }
}

extension Session {
    /// For a session from a `SessionCache`, the data stamp it was made for: what a page computed from it,
    /// for the same request, stays right while the stamp stays the same. Nil for the command's sessions.
    public var dataStamp: DataStamp? { memo?.stamp }

    /// `make()`, or its result for the same key computed while the database held the same data, when the
    /// session comes from a `SessionCache` (the command's sessions compute every time).
    func remember<T: Sendable>(_ key: String, _ make: () throws(AppError) -> T) throws(AppError) -> T {
        guard let memo else { return try make() }
        return try memo.cache.remembered(key, stamp: memo.stamp, make)
    }
}

extension Scope {
    /// Which communes' summary this scope sees, as a cache key: the same for every scope that sees the same.
    var summaryKey: String {
        switch role {
        case .local, .admin: "all"
        case .province(let p), .commune(_, let p): "province:" + p
        }
    }
}
