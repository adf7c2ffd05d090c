import CoreMetrics
import Dispatch
import GRDB
import ReadinessCore

/// A failure of the database, in the store's own terms: callers never see GRDB's error types.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file is not an SQLite database (or is encrypted or damaged).
        case notADatabase
        /// Another connection held the database longer than the wait allows.
        case busy
        /// The file or its folder cannot be written.
        case readOnly
        /// A constraint or the ledger's append-only rule refused the write.
        case refused
        /// Anything else SQLite reported.
        case other
    }

    public var kind: Kind
    /// SQLite's own words, or the store's in English.
    public var message: String
    /// As the user reads it, in either language: "database: file is not a database" (SQLite's words
    /// are never translated), or the store's own explanation.
    public var phrase: Phrase

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
        self.phrase = "database: \(message)"
    }

    /// A failure the store explains in its own words.
    init(kind: Kind, explained: Phrase) {
        self.kind = kind
        self.message = explained.text(.en)
        self.phrase = explained
    }

    /// In English.
    public var description: String { phrase.text(.en) }

    init(_ error: DatabaseError) {
        let kind: Kind
        switch error.resultCode {
        case .SQLITE_NOTADB: kind = .notADatabase
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: kind = .readOnly
        case .SQLITE_CONSTRAINT: kind = .refused
        default: kind = .other
        }
        self.init(kind: kind, message: error.message ?? error.description)
    }

    /// Runs `body`, turning GRDB's errors into store errors.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw StoreError(error) }
    }
}

extension InventoryDatabase {
    /// A read of the database, its errors as store errors.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.describing(path) { try pool.read(body) }
    }

    /// A write transaction (IMMEDIATE: it waits for the write lock before anything else), all or
    /// nothing, its errors as store errors.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw Self.readOnlyError(path) }
        return try Self.describing(path) { try pool.write(body) }
    }

    /// `body` on the writer connection outside any transaction (it opens its own), its errors as store errors.
    func writeOutsideTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw Self.readOnlyError(path) }
        return try Self.describing(path) { try pool.writeWithoutTransaction(body) }
    }

    static func readOnlyError(_ path: String) -> StoreError {
        StoreError(kind: .readOnly, explained: "the database \(path) is read-only (its file or its folder cannot be written): reports work, but nothing can be recorded or imported until it can be written")
    }
}

extension InventoryDatabase {
    /// Where the async reads and writes run: threads of their own, never Swift concurrency's few shared ones.
    /// A connection is taken and given back on such a thread, so that a task waiting to be resumed never holds
    /// one; the synchronous reads that pages make on the shared threads, waiting for a connection, then always
    /// get one (with GRDB's async API, tasks holding every reader while their resumption waited for those
    /// threads blocked a server under load for good).
    private static let queue = DispatchQueue(label: "readiness.store.async", attributes: .concurrent)

    /// A read of the database off the caller's thread, its errors as store errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await offThread { try self.read(body) }
    }

    /// A write transaction off the caller's thread, all or nothing, its errors as store errors. Its duration,
    /// waiting for the write lock included, goes to the `readiness_db_write_duration` timer (swift-metrics).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { Timer(label: "readiness_db_write_duration").recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start) }
        return try await offThread { try self.write(body) }
    }

    /// `work` on one of the store's own threads.
    func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
