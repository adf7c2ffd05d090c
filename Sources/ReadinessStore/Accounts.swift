import Foundation
import GRDB
import ReadinessCore

/// What an account may do: an admin manages accounts, a province account reviews its province,
/// a commune account records its own centre's equipment.
public enum AccountRole: String, Sendable, Codable, CaseIterable, Hashable {
    case admin, province, commune
}

/// A web account as stored (the password only as its bcrypt hash).
public struct Account: Sendable, Hashable {
    public var id: Int64
    /// The login name: lower-case ASCII, unique.
    public var name: String
    public var role: AccountRole
    /// The commune of a commune account.
    public var communeCode: String?
    /// The province of a province account (and of a commune account's commune).
    public var provinceCode: String?
    public var passwordHash: String
    /// Set for a one-time password: the user must choose their own at the next login.
    public var mustChangePassword: Bool
    public var disabled: Bool
    /// ISO 8601, UTC.
    public var createdAt: String
}

/// A signed-in browser's session, kept in the database so that it survives a restart.
public struct StoredSession: Sendable, Hashable {
    /// The session token: 32 random bytes, as 64 lower-case hex digits.
    public var id: String
    public var accountID: Int64
    /// The token every state-changing request of this session must carry.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date

    public init(id: String, accountID: Int64, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.id = id
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// Why an account could not be stored.
public enum AccountStoreError: Error, Equatable, CustomStringConvertible {
    case nameTaken(String)
    case noSuchAccount(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "an account named \(name) already exists"
        case .noSuchAccount(let name): "no account named \(name)"
        }
    }
}

/// Times as stored: ISO 8601 in UTC to the second, which sorts (and compares in SQL) as the time does.
enum StoredTime {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    static func date(_ text: String) -> Date {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))) ?? .distantPast
    }
}

extension InventoryDatabase {
    // MARK: Accounts

    private static let accountColumns =
        "id, name, role, commune_code, province_code, password_hash, must_change_password, disabled, created_at"

    private static func account(_ row: Row) -> Account {
        Account(id: row[0], name: row[1], role: AccountRole(rawValue: row[2]) ?? .commune, communeCode: row[3],
                provinceCode: row[4], passwordHash: row[5], mustChangePassword: row[6], disabled: row[7], createdAt: row[8])
    }

    /// Adds an account; throws `AccountStoreError.nameTaken` when the name is in use.
    public func addAccount(name: String, role: AccountRole, communeCode: String?, provinceCode: String?,
                           passwordHash: String, mustChangePassword: Bool, now: Date = Date()) async throws -> Account {
        try await write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) != nil {
                throw AccountStoreError.nameTaken(name)
            }
            try db.execute(sql: """
                INSERT INTO account (name, role, commune_code, province_code, password_hash, must_change_password, disabled, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                """, arguments: [name, role.rawValue, communeCode, provinceCode, passwordHash, mustChangePassword,
                                 StoredTime.text(now)])
            let row = try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE id = ?",
                                       arguments: [db.lastInsertedRowID])!
            return Self.account(row)
        }
    }

    public func account(named name: String) async throws -> Account? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE name = ?", arguments: [name]).map(Self.account)
        }
    }

    public func account(id: Int64) async throws -> Account? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    /// Every account, by name.
    public func accounts() async throws -> [Account] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.accountColumns) FROM account ORDER BY name").map(Self.account)
        }
    }

    public func accountCount(role: AccountRole? = nil) async throws -> Int {
        try await read { db in
            if let role {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE role = ?", arguments: [role.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0
        }
    }

    /// Sets an account's password hash and whether it must be changed at the next login, and ends all
    /// its sessions (a reset locks out whoever knew the old password) but `keepingSession`.
    public func setPassword(accountID: Int64, passwordHash: String, mustChange: Bool, keepingSession: String? = nil) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE account SET password_hash = ?, must_change_password = ? WHERE id = ?",
                           arguments: [passwordHash, mustChange, accountID])
            try db.execute(sql: "DELETE FROM web_session WHERE account_id = ? AND id IS NOT ?", arguments: [accountID, keepingSession])
        }
    }

    /// Disables (or enables again) an account; disabling ends all its sessions.
    @discardableResult
    public func setDisabled(_ disabled: Bool, name: String) async throws -> Account {
        try await write { db in
            try db.execute(sql: "UPDATE account SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE name = ?", arguments: [name]) else {
                throw AccountStoreError.noSuchAccount(name)
            }
            if disabled {
                try db.execute(sql: "DELETE FROM web_session WHERE account_id = ?", arguments: [row[0] as Int64])
            }
            return Self.account(row)
        }
    }

    /// The province code of the registry's commune with this code ("" when it has none), nil when there is no such commune.
    public func provinceOfCommune(code: String) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT province_code FROM commune WHERE code = ?", arguments: [code])
        }
    }

    /// The registry's commune with this code.
    public func commune(code: String) async throws -> Commune? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT code, name, type, province_code, province_name, attributes FROM commune WHERE code = ?",
                             arguments: [code]).map(Self.commune(from:))
        }
    }

    /// Whether the registry holds a commune of this province.
    public func provinceExists(code: String) async throws -> Bool {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM commune WHERE province_code = ? LIMIT 1", arguments: [code]) != nil
        }
    }

    // MARK: Web sessions

    private static func session(_ row: Row) -> StoredSession {
        StoredSession(id: row[0], accountID: row[1], csrfToken: row[2], createdAt: StoredTime.date(row[3]),
                      lastSeenAt: StoredTime.date(row[4]), expiresAt: StoredTime.date(row[5]))
    }

    /// Writes a session (a new one, or an existing one's new expiry).
    public func saveSession(_ session: StoredSession) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO web_session (id, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, csrf_token = excluded.csrf_token,
                    last_seen_at = excluded.last_seen_at, expires_at = excluded.expires_at
                """, arguments: [session.id, session.accountID, session.csrfToken, StoredTime.text(session.createdAt),
                                 StoredTime.text(session.lastSeenAt), StoredTime.text(session.expiresAt)])
        }
    }

    /// The session with this id, unless it has expired (an expired one is deleted).
    public func session(id: String, now: Date = Date()) async throws -> StoredSession? {
        let found = try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, account_id, csrf_token, created_at, last_seen_at, expires_at FROM web_session WHERE id = ?",
                             arguments: [id]).map(Self.session)
        }
        guard let found else { return nil }
        if found.expiresAt <= now {
            try await deleteSession(id: id)
            return nil
        }
        return found
    }

    public func deleteSession(id: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM web_session WHERE id = ?", arguments: [id]) }
    }

    /// Deletes the sessions that have expired; returns how many.
    @discardableResult
    public func deleteExpiredSessions(now: Date = Date()) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE expires_at <= ?", arguments: [StoredTime.text(now)])
            return db.changesCount
        }
    }

    public func sessionCount(accountID: Int64? = nil) async throws -> Int {
        try await read { db in
            if let accountID {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session WHERE account_id = ?", arguments: [accountID]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") ?? 0
        }
    }
}
