import Foundation
import ReadinessCore
import ReadinessStore
import Synchronization

// The account use cases: add, list, disable, reset a password, sign in, set one's own password.
// Plain values in and out, one error type; the command line and the web pages both call these.

/// An account as the use cases show it: everything but the password hash.
public struct AccountSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: AccountRole
    public var communeCode: String?
    public var provinceCode: String?
    public var mustChangePassword: Bool
    public var disabled: Bool
    public var createdAt: String
    /// The person the account is for ("" when not given).
    public var fullName: String
    /// Their phone number or e-mail address ("" when not given).
    public var contact: String
    /// The last sign-in, ISO 8601 in UTC; nil when never.
    public var lastSignInAt: String?

    public init(_ account: Account) {
        id = account.id
        name = account.name
        role = account.role
        communeCode = account.communeCode
        provinceCode = account.provinceCode
        mustChangePassword = account.mustChangePassword
        disabled = account.disabled
        createdAt = account.createdAt
        fullName = account.fullName
        contact = account.contact
        lastSignInAt = account.lastSignInAt
    }
}

/// The input of "add user".
public struct NewAccount: Sendable, Hashable {
    public var name: String
    public var role: AccountRole
    /// Required for (and only for) a commune account.
    public var communeCode: String?
    /// Required for (and only for) a province account.
    public var provinceCode: String?
    /// The person the account is for.
    public var fullName: String
    /// Their phone number or e-mail address.
    public var contact: String

    public init(name: String, role: AccountRole, communeCode: String? = nil, provinceCode: String? = nil, fullName: String = "",
                contact: String = "") {
        self.name = name
        self.role = role
        self.communeCode = communeCode
        self.provinceCode = provinceCode
        self.fullName = fullName
        self.contact = contact
    }
}

/// An account with a password only its user has seen once: shown once, never stored.
public struct AccountWithOneTimePassword: Sendable, Hashable {
    public var account: AccountSummary
    public var oneTimePassword: String
}

/// A sign-in attempt from a login form.
public struct LoginAttempt: Sendable, Hashable {
    public var name: String
    public var password: String
    /// The client's address, for slowing down guessing from one place ("" when unknown).
    public var address: String

    public init(name: String, password: String, address: String) {
        self.name = name
        self.password = password
        self.address = address
    }
}

/// A user choosing their own password (at first login, after a one-time password, or any time later):
/// the current password proves it is the account's owner, not whoever holds a session of theirs.
public struct PasswordChange: Sendable, Hashable {
    public var accountID: Int64
    /// The password in use now (the one-time password at first login).
    public var currentPassword: String
    public var newPassword: String
    public var confirmation: String
    /// The client's address, for slowing down guessing of the current password ("" when unknown).
    public var address: String
    /// The session that stays signed in; every other session of the account ends.
    public var keepingSession: String?

    public init(accountID: Int64, currentPassword: String, newPassword: String, confirmation: String, address: String = "",
                keepingSession: String? = nil) {
        self.accountID = accountID
        self.currentPassword = currentPassword
        self.newPassword = newPassword
        self.confirmation = confirmation
        self.address = address
        self.keepingSession = keepingSession
    }
}

/// Everything an account use case can refuse. The web pages word each one per language
/// (`WebText.message(for:)`); `description` is the command line's English.
public enum AccountError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidName(String)
    case nameTaken(String)
    case communeRequired
    case provinceRequired
    case unexpectedCommune
    case unexpectedProvince
    case unknownCommune(String)
    case unknownProvince(String)
    case noSuchAccount(String)
    /// The name or the password is wrong (never which), or the account cannot sign in.
    case invalidCredentials
    /// Too many failed sign-ins for this name or from this address: try again after this many seconds.
    case tooManyAttempts(retryAfterSeconds: Int)
    case passwordTooShort(minimum: Int)
    case passwordTooLong(maximum: Int)
    case passwordsDiffer
    case passwordUnchanged
    case passwordIsName
    /// The current password given to change it is wrong.
    case currentPasswordWrong
    /// This account manages no accounts (a commune officer's).
    case notPermitted
    /// Province staff add commune officers' accounts only.
    case roleNotPermitted(AccountRole)
    /// The commune is not in the province of the staff adding the account.
    case communeOutOfScope(String)
    case fullNameMissing
    case fullNameTooLong(maximum: Int)
    /// A full name or contact holding control characters.
    case controlCharacters
    case contactMissing
    /// Neither a phone number (9 to 15 digits) nor an e-mail address.
    case contactInvalid(String)
    case contactTooLong(maximum: Int)
    /// One's own account cannot be disabled (nobody could enable it again from it).
    case cannotDisableSelf
    /// An accounts file that is neither CSV text nor an .xlsx workbook (or cannot be read as one).
    case fileUnreadable
    case fileEmpty
    case fileTooLarge(maximumBytes: Int)
    case fileTooManyRows(maximum: Int)

    /// In English.
    public var description: String { phrase.text(.en) }

    /// The refusal, in either language.
    public var phrase: Phrase {
        switch self {
        case .invalidName(let name):
            "invalid account name \"\(name)\": use 3 to 64 letters a-z, digits, '.', '_', '-' or '@', starting with a letter or digit"
        case .nameTaken(let name): "an account named \(name) already exists"
        case .communeRequired: "a commune account needs --commune CODE"
        case .provinceRequired: "a province account needs --province CODE"
        case .unexpectedCommune: "only a commune account has a commune"
        case .unexpectedProvince: "only a province account takes --province (a commune account gets its commune's)"
        case .unknownCommune(let code): "no commune \(code) in the registry (load it first: readiness communes load FILE)"
        case .unknownProvince(let code): "no commune of province \(code) in the registry (load the communes first)"
        case .noSuchAccount(let name): "no account named \(name)"
        case .invalidCredentials: "wrong name or password"
        case .tooManyAttempts(let seconds): "too many failed attempts; try again in \(seconds) s"
        case .passwordTooShort(let minimum): "the password must have at least \(minimum) characters"
        case .passwordTooLong(let maximum): "the password must have at most \(maximum) bytes"
        case .passwordsDiffer: "the two passwords differ"
        case .passwordUnchanged: "choose a password different from the one-time password"
        case .passwordIsName: "the password must not be the account name"
        case .currentPasswordWrong: "the current password is wrong"
        case .notPermitted: "this account may not manage accounts"
        case .roleNotPermitted(let role): "this account may not add \(role.rawValue) accounts"
        case .communeOutOfScope(let code): "commune \(code) is not in this account's province"
        case .fullNameMissing: "give the person's full name"
        case .fullNameTooLong(let maximum): "the full name is longer than \(maximum) characters"
        case .controlCharacters: "control characters are not allowed"
        case .contactMissing: "give a phone number or an e-mail address"
        case .contactInvalid(let text): "\"\(text)\" is neither a phone number (9 to 15 digits) nor an e-mail address"
        case .contactTooLong(let maximum): "the phone number or e-mail address is longer than \(maximum) characters"
        case .cannotDisableSelf: "an account cannot disable itself"
        case .fileUnreadable: "the file is neither CSV text nor an .xlsx workbook"
        case .fileEmpty: "the file has no account rows"
        case .fileTooLarge(let bytes): "the file is larger than \(bytes / 1024) KB"
        case .fileTooManyRows(let maximum): "the file has more than \(maximum) rows; split it into several"
        }
    }
}

/// Hashes passwords and checks them against their hashes: what the account use cases ask of a password
/// store, implemented with bcrypt by the web module (`PasswordHasher`), off the threads that serve requests.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async throws -> Bool
}

/// Random secrets from the system's generator (getrandom on Linux).
public enum Secrets {
    /// `count` random bytes as lower-case hex.
    public static func hexToken(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A one-time password: 16 characters in groups of four from 31 that cannot be misread
    /// (no i, l, o, 0, 1): about 79 bits, e.g. `k7mq-x2wd-9fhz-ta4e`.
    public static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<16).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 16, by: 4).map { String(chars[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

/// Slows down password guessing: after a few free failures for one account name (or from one
/// address), each further attempt must wait twice as long as the one before, up to a ceiling.
/// In memory: a restart forgets it, which only gives a guesser a fresh start at the same slow pace.
public final class LoginThrottle: Sendable {
    public struct Policy: Sendable {
        public var freeFailuresPerName = 3
        public var freeFailuresPerAddress = 10
        public var firstDelay: Duration = .seconds(1)
        public var maximumDelay: Duration = .seconds(15 * 60)
        /// A key with no failure for this long is forgotten.
        public var forgetAfter: Duration = .seconds(60 * 60)
        public init() {}
    }

    struct Entry {
        var failures: Int
        var lastFailure: ContinuousClock.Instant
    }

    let policy: Policy
    let entries = Mutex<[String: Entry]>([:])

    public init(policy: Policy = Policy()) { self.policy = policy }

    public func delay(failures: Int, free: Int) -> Duration {
        guard failures > free else { return .zero }
        let doublings = min(failures - free - 1, 30)
        return min(policy.firstDelay * (1 << doublings), policy.maximumDelay)
    }

    private func keys(name: String, address: String) -> [(key: String, free: Int)] {
        var keys = [("name:" + name, policy.freeFailuresPerName)]
        if !address.isEmpty { keys.append(("addr:" + address, policy.freeFailuresPerAddress)) }
        return keys
    }

    /// How long this attempt must still wait, or nil when it may go ahead.
    public func wait(name: String, address: String, now: ContinuousClock.Instant = .now) -> Duration? {
        entries.withLock { entries in
            let waits = keys(name: name, address: address).compactMap { key, free -> Duration? in
                guard let entry = entries[key] else { return nil }
                let until = entry.lastFailure + delay(failures: entry.failures, free: free)
                return until > now ? until - now : nil
            }
            return waits.max()
        }
    }

    public func recordFailure(name: String, address: String, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count > 10_000 {  // forget the stale ones rather than grow without bound
                entries = entries.filter { now - $0.value.lastFailure < policy.forgetAfter }
            }
            for (key, _) in keys(name: name, address: address) {
                var entry = entries[key] ?? Entry(failures: 0, lastFailure: now)
                if now - entry.lastFailure >= policy.forgetAfter { entry.failures = 0 }
                entry.failures += 1
                entry.lastFailure = now
                entries[key] = entry
            }
        }
    }

    /// A successful sign-in clears its name's failures (not its address's: one account of one's
    /// own must not reset the count for guessing at others).
    public func recordSuccess(name: String) {
        _ = entries.withLock { $0.removeValue(forKey: "name:" + name) }
    }
}

/// The account use cases over the inventory database.
public struct AccountService: Sendable {
    public static let minimumPasswordLength = 10
    /// bcrypt reads at most 72 bytes.
    public static let maximumPasswordBytes = 72

    let database: InventoryDatabase
    let hasher: any PasswordHashing
    let throttle: LoginThrottle
    /// A hash of nothing anyone knows, checked when the name is unknown so that an unknown name
    /// takes as long as a wrong password.
    let decoyHash = DecoyHash()

    final class DecoyHash: Sendable {
        let value = Mutex<String?>(nil)
    }

    public init(database: InventoryDatabase, hasher: any PasswordHashing, throttle: LoginThrottle = LoginThrottle()) {
        self.database = database
        self.hasher = hasher
        self.throttle = throttle
    }

    /// Account names as typed: trimmed and lower-cased.
    public static func normalizedName(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func isValidName(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
        guard (3...64).contains(name.count), let first = name.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { allowed.contains($0) }
    }

    // MARK: Admin use cases

    /// Adds an account with a one-time password, which its user replaces at the first login.
    public func addAccount(_ input: NewAccount) async throws -> AccountWithOneTimePassword {
        let name = Self.normalizedName(input.name)
        guard Self.isValidName(name) else { throw AccountError.invalidName(input.name) }
        let commune = input.communeCode?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let province = input.provinceCode?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        var provinceCode: String?
        switch input.role {
        case .admin:
            if commune != nil { throw AccountError.unexpectedCommune }
            if province != nil { throw AccountError.unexpectedProvince }
        case .province:
            if commune != nil { throw AccountError.unexpectedCommune }
            guard let province else { throw AccountError.provinceRequired }
            guard try await database.provinceExists(code: province) else { throw AccountError.unknownProvince(province) }
            provinceCode = province
        case .commune:
            guard let commune else { throw AccountError.communeRequired }
            if province != nil { throw AccountError.unexpectedProvince }
            guard let communeProvince = try await database.provinceOfCommune(code: commune) else {
                throw AccountError.unknownCommune(commune)
            }
            provinceCode = communeProvince.nilIfEmpty
        }
        let fullName = try Self.checkedFullName(input.fullName, required: false)
        let contact = try Self.checkedContact(input.contact, required: false)
        if try await database.account(named: name) != nil { throw AccountError.nameTaken(name) }
        let password = Secrets.oneTimePassword()
        let hash = try await hasher.hash(password)
        do {
            let account = try await database.addAccount(name: name, role: input.role, communeCode: input.role == .commune ? commune : nil,
                                                        provinceCode: provinceCode, passwordHash: hash, mustChangePassword: true,
                                                        fullName: fullName, contact: contact)
            return AccountWithOneTimePassword(account: AccountSummary(account), oneTimePassword: password)
        } catch AccountStoreError.nameTaken {
            throw AccountError.nameTaken(name)
        }
    }

    /// Every account, by name.
    public func listAccounts(role: AccountRole? = nil) async throws -> [AccountSummary] {
        try await database.accounts().filter { role == nil || $0.role == role }.map(AccountSummary.init)
    }

    /// Disables an account: it can no longer sign in, and its sessions end now.
    public func disableAccount(name: String) async throws -> AccountSummary {
        let name = Self.normalizedName(name)
        do {
            return AccountSummary(try await database.setDisabled(true, name: name))
        } catch AccountStoreError.noSuchAccount {
            throw AccountError.noSuchAccount(name)
        }
    }

    /// Moves a commune officer's account to another commune of the registry (the successor of a merged or
    /// dissolved one): its scope follows from then on, and its sessions end.
    public func moveAccount(name: String, toCommune code: String) async throws -> AccountSummary {
        let name = Self.normalizedName(name)
        guard let account = try await database.account(named: name) else { throw AccountError.noSuchAccount(name) }
        guard account.role == .commune else { throw AccountError.unexpectedCommune }
        guard let province = try await database.provinceOfCommune(code: code) else { throw AccountError.unknownCommune(code) }
        do {
            return AccountSummary(try await database.setCommune(code, provinceCode: province, name: name))
        } catch AccountStoreError.noSuchAccount {
            throw AccountError.noSuchAccount(name)
        }
    }

    /// Enables a disabled account again: it can sign in with its password.
    public func enableAccount(name: String) async throws -> AccountSummary {
        let name = Self.normalizedName(name)
        do {
            return AccountSummary(try await database.setDisabled(false, name: name))
        } catch AccountStoreError.noSuchAccount {
            throw AccountError.noSuchAccount(name)
        }
    }

    /// Gives an account a new one-time password (its user sets their own at the next login) and ends its sessions.
    public func resetPassword(name: String) async throws -> AccountWithOneTimePassword {
        let name = Self.normalizedName(name)
        guard var account = try await database.account(named: name) else { throw AccountError.noSuchAccount(name) }
        let password = Secrets.oneTimePassword()
        try await database.setPassword(accountID: account.id, passwordHash: try await hasher.hash(password), mustChange: true)
        account.mustChangePassword = true
        return AccountWithOneTimePassword(account: AccountSummary(account), oneTimePassword: password)
    }

    // MARK: Signing in

    /// Checks a name and password. Every refusal of a name or password is the same
    /// `invalidCredentials`, unknown names take as long as known ones, and repeated failures
    /// for a name or from an address are slowed down (`tooManyAttempts`).
    public func verifyLogin(_ attempt: LoginAttempt) async throws -> AccountSummary {
        let name = Self.normalizedName(attempt.name)
        if let wait = throttle.wait(name: name, address: attempt.address) {
            throw AccountError.tooManyAttempts(retryAfterSeconds: max(1, Int(wait.components.seconds) + 1))
        }
        let account = try await database.account(named: name)
        let hash = if let account { account.passwordHash } else { try await decoy() }
        let matches = try await hasher.verify(attempt.password, hash: hash)
        guard let account, matches, !account.disabled else {
            throttle.recordFailure(name: name, address: attempt.address)
            throw AccountError.invalidCredentials
        }
        throttle.recordSuccess(name: name)
        var signedIn = account
        signedIn.lastSignInAt = try await database.recordSignIn(accountID: account.id)
        return AccountSummary(signedIn)
    }

    private func decoy() async throws -> String {
        if let hash = decoyHash.value.withLock({ $0 }) { return hash }
        let hash = try await hasher.hash(Secrets.hexToken())
        decoyHash.value.withLock { $0 = hash }
        return hash
    }

    /// The account behind a session, unless it has been disabled or removed since.
    public func activeAccount(id: Int64) async throws -> AccountSummary? {
        guard let account = try await database.account(id: id), !account.disabled else { return nil }
        return AccountSummary(account)
    }

    /// Sets the user's own password (ending the account's other sessions) and clears "must change password".
    public func changePassword(_ change: PasswordChange) async throws -> AccountSummary {
        guard let account = try await database.account(id: change.accountID), !account.disabled else {
            throw AccountError.invalidCredentials
        }
        // The current password first, slowed down like a sign-in: a session alone does not change it.
        if let wait = throttle.wait(name: account.name, address: change.address) {
            throw AccountError.tooManyAttempts(retryAfterSeconds: max(1, Int(wait.components.seconds) + 1))
        }
        guard change.currentPassword.utf8.count <= Self.maximumPasswordBytes,
              try await hasher.verify(change.currentPassword, hash: account.passwordHash) else {
            throttle.recordFailure(name: account.name, address: change.address)
            throw AccountError.currentPasswordWrong
        }
        let password = change.newPassword
        guard password.count >= Self.minimumPasswordLength else { throw AccountError.passwordTooShort(minimum: Self.minimumPasswordLength) }
        guard password.utf8.count <= Self.maximumPasswordBytes else { throw AccountError.passwordTooLong(maximum: Self.maximumPasswordBytes) }
        guard password == change.confirmation else { throw AccountError.passwordsDiffer }
        guard Self.normalizedName(password) != account.name else { throw AccountError.passwordIsName }
        // The current password has just matched the hash, and both are at most bcrypt's 72 bytes: the new one is the
        // old one exactly when the two are equal (no fourth bcrypt on a first sign-in).
        if Array(password.utf8) == Array(change.currentPassword.utf8) { throw AccountError.passwordUnchanged }
        try await database.setPassword(accountID: account.id, passwordHash: try await hasher.hash(password), mustChange: false,
                                       keepingSession: change.keepingSession)
        var changed = account
        changed.mustChangePassword = false
        return AccountSummary(changed)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
