import Foundation
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

@Suite struct AccountServiceTests {
    @Test("adding an account gives a random one-time password, stored only as a bcrypt hash")
    func addGivesOneTimePassword() async throws {
        let harness = try await WebHarness()
        let a = try await harness.accounts.addAccount(NewAccount(name: "Xa-DakPlo", role: .commune, communeCode: "23344"))
        let b = try await harness.accounts.addAccount(NewAccount(name: "admin", role: .admin))
        #expect(a.account.name == "xa-dakplo")
        #expect(a.account.provinceCode == "51")  // the commune's
        #expect(a.account.mustChangePassword)
        #expect(a.oneTimePassword.count == 19)
        #expect(a.oneTimePassword != b.oneTimePassword)
        let stored = try #require(try await harness.database.account(named: "xa-dakplo"))
        #expect(stored.passwordHash.hasPrefix("$2"))
        #expect(!stored.passwordHash.contains(a.oneTimePassword))
        #expect(try await harness.accounts.listAccounts().map(\.name) == ["admin", "xa-dakplo"])
        #expect(try await harness.accounts.listAccounts(role: .admin).map(\.name) == ["admin"])
    }

    @Test("an account's role decides what it must and must not name", arguments: [
        (NewAccount(name: "x", role: .admin), AccountError.invalidName("x")),
        (NewAccount(name: "-bad", role: .admin), AccountError.invalidName("-bad")),
        (NewAccount(name: "xã-đắk", role: .admin), AccountError.invalidName("xã-đắk")),
        (NewAccount(name: "c1", role: .commune), AccountError.invalidName("c1")),
        (NewAccount(name: "commune1", role: .commune), AccountError.communeRequired),
        (NewAccount(name: "commune1", role: .commune, communeCode: "99999"), AccountError.unknownCommune("99999")),
        (NewAccount(name: "commune1", role: .commune, communeCode: "23344", provinceCode: "51"), AccountError.unexpectedProvince),
        (NewAccount(name: "province1", role: .province), AccountError.provinceRequired),
        (NewAccount(name: "province1", role: .province, provinceCode: "01"), AccountError.unknownProvince("01")),
        (NewAccount(name: "admin1", role: .admin, communeCode: "23344"), AccountError.unexpectedCommune),
    ])
    func roleRules(input: NewAccount, refusal: AccountError) async throws {
        let harness = try await WebHarness()
        await #expect(throws: refusal) { try await harness.accounts.addAccount(input) }
    }

    @Test("names are unique whatever their case")
    func uniqueNames() async throws {
        let harness = try await WebHarness()
        _ = try await harness.accounts.addAccount(NewAccount(name: "admin", role: .admin))
        await #expect(throws: AccountError.nameTaken("admin")) {
            try await harness.accounts.addAccount(NewAccount(name: "ADMIN", role: .admin))
        }
    }

    @Test("a reset password is a new one-time one; the old password and sessions stop working")
    func resetPassword() async throws {
        let harness = try await WebHarness()
        let account = try await harness.account("xa-dakplo")
        try await harness.database.saveSession(StoredSession(id: Secrets.hexToken(), accountID: account.id, csrfToken: Secrets.hexToken(),
                                                             createdAt: Date(), lastSeenAt: Date(), expiresAt: Date() + 3600))
        let reset = try await harness.accounts.resetPassword(name: "xa-dakplo")
        #expect(reset.account.mustChangePassword)
        #expect(try await harness.database.sessionCount(accountID: account.id) == 0)
        await #expect(throws: AccountError.invalidCredentials) {
            try await harness.accounts.verifyLogin(LoginAttempt(name: "xa-dakplo", password: "correct horse battery", address: ""))
        }
        let signedIn = try await harness.accounts.verifyLogin(LoginAttempt(name: "xa-dakplo", password: reset.oneTimePassword, address: ""))
        #expect(signedIn.mustChangePassword)
        await #expect(throws: AccountError.noSuchAccount("nobody")) { try await harness.accounts.resetPassword(name: "nobody") }
        await #expect(throws: AccountError.noSuchAccount("nobody")) { try await harness.accounts.disableAccount(name: "nobody") }
    }

    @Test("failures for a name, or from an address, wait twice as long each time after a few free ones")
    func throttleDoubles() {
        var policy = LoginThrottle.Policy()
        policy.freeFailuresPerName = 2
        policy.freeFailuresPerAddress = 3
        let throttle = LoginThrottle(policy: policy)
        let start = ContinuousClock.now
        throttle.recordFailure(name: "a", address: "10.0.0.1", now: start)
        throttle.recordFailure(name: "a", address: "10.0.0.1", now: start)
        #expect(throttle.wait(name: "a", address: "10.0.0.1", now: start) == nil)
        throttle.recordFailure(name: "a", address: "10.0.0.1", now: start)
        #expect(throttle.wait(name: "a", address: "10.0.0.9", now: start) == .seconds(1))
        #expect(throttle.wait(name: "b", address: "10.0.0.9", now: start) == nil)
        throttle.recordFailure(name: "a", address: "10.0.0.1", now: start)
        #expect(throttle.wait(name: "a", address: "", now: start) == .seconds(2))
        // The address has had 4 failures (1 over its 3 free): another name from it waits too.
        #expect(throttle.wait(name: "b", address: "10.0.0.1", now: start) == .seconds(1))
        #expect(throttle.wait(name: "a", address: "", now: start + .seconds(2)) == nil)
        throttle.recordSuccess(name: "a")
        #expect(throttle.wait(name: "a", address: "", now: start) == nil)
        #expect(throttle.wait(name: "a", address: "10.0.0.1", now: start) == .seconds(1))  // the address still waits
        #expect(throttle.delay(failures: 100, free: 0) == policy.maximumDelay)
    }

    @Test("one-time passwords and tokens are random and well formed")
    func secrets() {
        let passwords = (0..<50).map { _ in Secrets.oneTimePassword() }
        #expect(Set(passwords).count == 50)
        #expect(passwords.allSatisfy { $0.wholeMatch(of: /[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}/) != nil })
        let token = Secrets.hexToken()
        #expect(token.count == 64 && CSRFMiddleware.isToken(token))
        #expect(CSRFMiddleware.constantTimeEqual(token, token))
        #expect(!CSRFMiddleware.constantTimeEqual(token, Secrets.hexToken()))
        #expect(!CSRFMiddleware.constantTimeEqual("", ""))
    }

    @Test("session keys: 32 bytes of base64 map to 64 hex digits; anything else finds nothing")
    func sessionKeys() {
        let bytes = Data((0..<32).map { UInt8($0) })
        #expect(DatabaseSessionDriver.storedID(key: bytes.base64EncodedString()) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(DatabaseSessionDriver.storedID(key: "") == nil)
        #expect(DatabaseSessionDriver.storedID(key: "' OR 1=1 --") == nil)
        #expect(DatabaseSessionDriver.storedID(key: Data(count: 31).base64EncodedString()) == nil)
    }

    @Test("only a local path is a place to go back to")
    func localPaths() {
        #expect(localPath("/admin/users?x=1") == "/admin/users?x=1")
        #expect(localPath("//evil.example") == nil)
        #expect(localPath("https://evil.example") == nil)
        #expect(localPath("/\\evil.example") == nil)
        #expect(localPath(nil) == nil)
    }

    @Test("both languages word every refusal, and differently")
    func textsComplete() {
        let errors: [AccountError] = [.invalidCredentials, .tooManyAttempts(retryAfterSeconds: 3), .passwordTooShort(minimum: 10),
                                      .passwordTooLong(maximum: 72), .passwordsDiffer, .passwordUnchanged, .passwordIsName]
        for error in errors {
            #expect(!WebText.vi.message(for: error).isEmpty)
            #expect(WebText.vi.message(for: error) != WebText.en.message(for: error))
            #expect(!WebText.vi.message(for: error).contains("{"))
        }
        let vi = Mirror(reflecting: WebText.vi).children.compactMap { $0.value as? String }
        let en = Mirror(reflecting: WebText.en).children.compactMap { $0.value as? String }
        #expect(vi.count == en.count)
        #expect(vi.allSatisfy { !$0.isEmpty } && en.allSatisfy { !$0.isEmpty })
    }
}
