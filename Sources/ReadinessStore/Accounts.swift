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
    /// The person the account is for ("" when not given).
    public var fullName: String = ""
    /// Their phone number or e-mail address ("" when not given).
    public var contact: String = ""
    /// The last successful sign-in, ISO 8601, UTC; nil when never.
    public var lastSignInAt: String?
}

/// An account to add, its password already hashed.
public struct NewStoredAccount: Sendable, Hashable {
    public var name: String
    public var role: AccountRole
    public var communeCode: String?
    public var provinceCode: String?
    public var fullName: String
    public var contact: String
    public var passwordHash: String

    public init(name: String, role: AccountRole, communeCode: String?, provinceCode: String?, fullName: String, contact: String,
                passwordHash: String) {
        self.name = name
        self.role = role
        self.communeCode = communeCode
        self.provinceCode = provinceCode
        self.fullName = fullName
        self.contact = contact
        self.passwordHash = passwordHash
    }
}

/// An account with the names of its commune and province as the registry has them (nil when it has none).
public struct AccountWithPlace: Sendable, Hashable {
    public var account: Account
    public var communeName: String?
    public var provinceName: String?
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
        "id, name, role, commune_code, province_code, password_hash, must_change_password, disabled, created_at, full_name, contact, last_sign_in_at"

    private static func account(_ row: Row) -> Account {
        Account(id: row[0], name: row[1], role: AccountRole(rawValue: row[2]) ?? .commune, communeCode: row[3],
                provinceCode: row[4], passwordHash: row[5], mustChangePassword: row[6], disabled: row[7], createdAt: row[8],
                fullName: row[9], contact: row[10], lastSignInAt: row[11])
    }

    /// Adds an account; throws `AccountStoreError.nameTaken` when the name is in use.
    public func addAccount(name: String, role: AccountRole, communeCode: String?, provinceCode: String?,
                           passwordHash: String, mustChangePassword: Bool, fullName: String = "", contact: String = "",
                           now: Date = Date()) async throws -> Account {
        let added = try await addAccounts([NewStoredAccount(name: name, role: role, communeCode: communeCode, provinceCode: provinceCode,
                                                            fullName: fullName, contact: contact, passwordHash: passwordHash)],
                                          mustChangePassword: mustChangePassword, now: now)
        guard let account = added.first else { throw AccountStoreError.noSuchAccount(name) }
        return account
    }

    /// Adds the accounts in one transaction, all or none: when any name is in use (or given twice), throws
    /// `AccountStoreError.nameTaken` and adds nothing.
    public func addAccounts(_ accounts: [NewStoredAccount], mustChangePassword: Bool, now: Date = Date()) async throws -> [Account] {
        try await write { db in
            var added: [Account] = []
            added.reserveCapacity(accounts.count)
            for new in accounts {
                if try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [new.name]) != nil {
                    throw AccountStoreError.nameTaken(new.name)
                }
                try db.execute(sql: """
                    INSERT INTO account (name, role, commune_code, province_code, password_hash, must_change_password, disabled,
                                         created_at, full_name, contact)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                    """, arguments: [new.name, new.role.rawValue, new.communeCode, new.provinceCode, new.passwordHash, mustChangePassword,
                                     StoredTime.text(now), new.fullName, new.contact])
                if let row = try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE id = ?",
                                              arguments: [db.lastInsertedRowID]) {
                    added.append(Self.account(row))
                }
            }
            return added
        }
    }

    /// Notes a successful sign-in; returns its time as stored.
    @discardableResult
    public func recordSignIn(accountID: Int64, now: Date = Date()) async throws -> String {
        let stamp = StoredTime.text(now)
        try await write { db in
            try db.execute(sql: "UPDATE account SET last_sign_in_at = ? WHERE id = ?", arguments: [stamp, accountID])
        }
        return stamp
    }

    /// The accounts (all, or those of one province and role), by name, with the registry's names of their
    /// commune and province.
    public func accountsWithPlaces(provinceCode: String? = nil, role: AccountRole? = nil) async throws -> [AccountWithPlace] {
        let columns = Self.accountColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(columns), c.name,
                       COALESCE(c.province_name, (SELECT p.province_name FROM commune AS p WHERE p.province_code = a.province_code LIMIT 1))
                FROM account AS a LEFT JOIN commune AS c ON c.code = a.commune_code
                WHERE (?1 IS NULL OR a.province_code = ?1) AND (?2 IS NULL OR a.role = ?2)
                ORDER BY a.name
                """, arguments: [provinceCode, role?.rawValue]).map { row in
                AccountWithPlace(account: Self.account(row), communeName: row[12], provinceName: row[13])
            }
        }
    }

    /// Every account name in use.
    public func accountNames() async throws -> Set<String> {
        try await read { db in Set(try String.fetchAll(db, sql: "SELECT name FROM account")) }
    }

    /// The registry's communes with these codes, by code (codes it does not hold are left out).
    public func communes(codes: [String]) async throws -> [String: Commune] {
        let unique = Array(Set(codes))
        return try await read { db in
            var found: [String: Commune] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: """
                    SELECT code, name, type, province_code, province_name, attributes FROM commune WHERE code IN (\(marks))
                    """, arguments: StatementArguments(chunk)) {
                    let commune = Self.commune(from: row)
                    found[commune.code] = commune
                }
            }
            return found
        }
    }

    /// The provinces of the registry: code and name, by name.
    public func provinces() async throws -> [(code: String, name: String)] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT province_code, MIN(province_name) FROM commune WHERE province_code <> '' GROUP BY province_code ORDER BY 2
                """).map { (code: $0[0], name: $0[1]) }
        }
    }

    /// The registry's communes (of one province, or all), by name.
    public func communeList(provinceCode: String? = nil) async throws -> [Commune] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT code, name, type, province_code, province_name, attributes FROM commune
                WHERE ?1 IS NULL OR province_code = ?1 ORDER BY name, code
                """, arguments: [provinceCode]).map(Self.commune(from:))
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

    /// Moves a commune account to another commune (the successor of a merged one): its scope follows, and its
    /// sessions end so that the next sign-in sees the new commune.
    @discardableResult
    public func setCommune(_ communeCode: String, provinceCode: String, name: String) async throws -> Account {
        try await write { db in
            try db.execute(sql: "UPDATE account SET commune_code = ?, province_code = ? WHERE name = ? AND role = 'commune'",
                           arguments: [communeCode, provinceCode, name])
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE name = ?", arguments: [name]) else {
                throw AccountStoreError.noSuchAccount(name)
            }
            try db.execute(sql: "DELETE FROM web_session WHERE account_id = ?", arguments: [row[0] as Int64])
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
