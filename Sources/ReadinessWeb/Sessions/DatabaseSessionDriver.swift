import Foundation
import Hummingbird
import HummingbirdAuth
import ReadinessApp
import ReadinessStore

/// What a session holds: who signed in, and the token their forms must carry.
public struct WebSession: Codable, Sendable, Hashable {
    public var accountID: Int64
    public var csrfToken: String
    public var createdAt: Date

    public init(accountID: Int64, csrfToken: String = Secrets.hexToken(), createdAt: Date = Date()) {
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
    }
}

/// hummingbird's key-value `PersistDriver`, over the `web_session` table, for hummingbird-auth's
/// `SessionMiddleware`: sessions survive a restart and can be ended by SQL (disabling an account
/// ends its sessions).
///
/// The middleware's keys are its cookie values, 32 random bytes in base64 (it is configured with no
/// key prefix); the table keeps them as hex. A key that is not 32 bytes of base64 finds nothing.
/// It stores only `WebSession` values.
public struct DatabaseSessionDriver: PersistDriver {
    let database: InventoryDatabase
    /// However much it is used, a session ends this long after sign-in.
    let maximumAge: Duration

    public init(database: InventoryDatabase, maximumAge: Duration = .seconds(24 * 60 * 60)) {
        self.database = database
        self.maximumAge = maximumAge
    }

    /// Seconds within which a session not yet stored counts as being created, not as ended.
    static let newSessionWindow: TimeInterval = 30

    /// The table's id for a cookie's token, or nil for anything but 32 bytes of base64.
    public static func storedID(key: String) -> String? {
        guard key.count == 44, let bytes = Data(base64Encoded: key), bytes.count == 32 else { return nil }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard let id = Self.storedID(key: key) else { throw PersistError.invalidConversion }
        if try await database.session(id: id) != nil { throw PersistError.duplicate }
        try await set(key: key, value: value, expires: expires)
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard let id = Self.storedID(key: key), let session = value as? WebSession else { throw PersistError.invalidConversion }
        let now = Date()
        let existing = try await database.session(id: id, now: now)
        // SessionMiddleware saves new sessions with `set` too. A session created a while ago that is no
        // longer here has been ended meanwhile (logout elsewhere, account disabled): never bring it back.
        if existing == nil && now.timeIntervalSince(session.createdAt) > Self.newSessionWindow { return }
        let expiresAt: Date
        if let expires {
            expiresAt = now.addingTimeInterval(TimeInterval(expires.components.seconds))
        } else if let existing {
            expiresAt = existing.expiresAt  // no new expiry: keep the old one
        } else {
            throw PersistError.invalidConversion  // a session always has an expiry
        }
        try await database.saveSession(StoredSession(id: id, accountID: session.accountID, csrfToken: session.csrfToken,
                                                     createdAt: session.createdAt, lastSeenAt: now, expiresAt: expiresAt))
    }

    public func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let id = Self.storedID(key: key) else { return nil }
        let now = Date()
        guard let stored = try await database.session(id: id, now: now) else { return nil }
        if now.timeIntervalSince(stored.createdAt) > TimeInterval(maximumAge.components.seconds) {
            try await database.deleteSession(id: id)
            return nil
        }
        let session = WebSession(accountID: stored.accountID, csrfToken: stored.csrfToken, createdAt: stored.createdAt)
        guard let object = session as? Object else { throw PersistError.invalidConversion }
        return (object, .seconds(stored.expiresAt.timeIntervalSince(now)))
    }

    public func remove(key: String) async throws {
        guard let id = Self.storedID(key: key) else { return }
        try await database.deleteSession(id: id)
    }
}

/// Idle expiry: each request of a session pushes its end back to `idleTimeout` from now (at most
/// once a minute, so that a page's requests do not each write the database). Goes inside
/// `SessionMiddleware`.
struct SessionIdleMiddleware<Context: SessionRequestContext>: RouterMiddleware where Context.Session == WebSession {
    let idleTimeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let idleTimeout = self.idleTimeout
        context.sessions.withLockedSession { data in
            if let ttl = data?.expiresIn, ttl < idleTimeout - .seconds(60) {
                data?.expiresIn = idleTimeout
            }
        }
        return try await next(request, context)
    }
}
