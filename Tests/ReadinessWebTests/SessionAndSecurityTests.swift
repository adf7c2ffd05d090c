import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

@Suite struct SessionAndSecurityTests {
    @Test("a POST without the session's CSRF token is refused with 403 and changes nothing")
    func csrfRequired() async throws {
        let harness = try await WebHarness()
        let added = try await harness.accounts.addAccount(NewAccount(name: "xa-dakplo", role: .commune, communeCode: "23344"))
        let before = try #require(try await harness.database.account(named: "xa-dakplo")).passwordHash
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo", added.oneTimePassword)
            try await browser.get("/password")
            let form = ["password": "a long new password", "confirmation": "a long new password"]

            let missing = try await browser.post("/password", form, csrf: .none)
            #expect(missing.status == .forbidden)
            #expect(errorMessage(missing.text) == WebText.vi.formExpired)
            let wrong = try await browser.post("/password", form, csrf: String(repeating: "0", count: 64))
            #expect(wrong.status == .forbidden)
            // The pre-session token of another browser is not this session's.
            let stranger = Browser(client)
            try await stranger.get("/login")
            #expect(try await browser.post("/password", form, csrf: stranger.lastCSRF).status == .forbidden)
            #expect(try await browser.post("/logout", csrf: .none).status == .forbidden)
            #expect(try await browser.get("/password").status == .ok)  // still signed in

            // Sign-in needs the token too (the one of the readiness_csrf cookie).
            let noToken = Browser(client)
            try await noToken.get("/login")
            #expect(try await noToken.post("/login", ["name": "xa-dakplo", "password": added.oneTimePassword], csrf: .none).status == .forbidden)
            #expect(noToken.cookies["readiness_session"] == nil)

            // The JSON API sends it as a header.
            var headers = HTTPFields()
            headers[HTTPField.Name("X-CSRF-Token")!] = browser.lastCSRF!
            #expect(try await browser.send("/logout", method: .post, headers: headers).status == .seeOther)
        }
        let after = try #require(try await harness.database.account(named: "xa-dakplo"))
        #expect(after.passwordHash == before)
        #expect(after.mustChangePassword)
    }

    @Test("a session outlives the server: an app rebuilt on the same database file still knows it")
    func sessionSurvivesRestart() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        let cookies = try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            return browser.cookies
        }
        try await harness.app(reopen: true).test(.router) { client in
            let browser = Browser(client)
            browser.cookies = cookies
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("<strong>xa-dakplo</strong>"))
        }
    }

    @Test("an expired session sends the user to the login page, and is deleted")
    func expiredSessionRedirects() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let cookie = try #require(browser.cookies["readiness_session"])
            let id = try #require(DatabaseSessionDriver.storedID(key: cookie))
            var stored = try #require(try await harness.database.session(id: id))
            #expect(stored.expiresAt.timeIntervalSinceNow > 8 * 3600 - 60)
            stored.expiresAt = Date().addingTimeInterval(-1)
            try await harness.database.saveSession(stored)

            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/login")
        }
        #expect(try await harness.database.sessionCount() == 0)
    }

    @Test("a session ends a day after sign-in however much it is used")
    func sessionMaximumAge() async throws {
        let harness = try await WebHarness()
        let account = try await harness.account("xa-dakplo")
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let id = bytes.map { String(format: "%02x", $0) }.joined()
        let signedInYesterday = Date().addingTimeInterval(-25 * 3600)
        try await harness.database.saveSession(StoredSession(id: id, accountID: account.id, csrfToken: Secrets.hexToken(),
                                                             createdAt: signedInYesterday, lastSeenAt: Date(),
                                                             expiresAt: Date().addingTimeInterval(3600)))
        try await harness.app().test(.router) { (client: any TestClientProtocol) async throws in
            let browser = Browser(client)
            browser.cookies["readiness_session"] = bytes.base64EncodedString()
            #expect(try await browser.get("/").location == "/login")
        }
        #expect(try await harness.database.sessionCount() == 0)
    }

    @Test("each request pushes an idle session's end back")
    func idleExpirySlides() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let cookie = try #require(browser.cookies["readiness_session"])
            let id = try #require(DatabaseSessionDriver.storedID(key: cookie))
            var stored = try #require(try await harness.database.session(id: id))
            stored.expiresAt = Date().addingTimeInterval(600)  // as if last used 7 h 50 min ago
            try await harness.database.saveSession(stored)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.headers[values: .setCookie].contains { $0.hasPrefix("readiness_session=") })
            let refreshed = try #require(try await harness.database.session(id: id))
            #expect(refreshed.expiresAt.timeIntervalSinceNow > 8 * 3600 - 60)
        }
    }

    @Test("the session cookie is HttpOnly and SameSite, and Secure (as __Host-) with --secure-cookies")
    func cookieAttributes() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        for secure in [false, true] {
            try await harness.app(configuration: WebHarness.configuration(secure: secure)).test(.router) { client in
                let browser = Browser(client)
                let response = try await browser.signIn("xa-dakplo")
                let name = secure ? "__Host-readiness_session=" : "readiness_session="
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix(name) })
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Path=/"))
                #expect(cookie.contains("Secure") == secure)
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test("every response carries the security headers; pages are never cached, static files are")
    func securityHeaders() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let login = try await browser.get("/login")
            try await browser.signIn("xa-dakplo")
            let home = try await browser.get("/")
            let missing = try await browser.get("/no/such/page")
            #expect(missing.status == .notFound)
            for response in [login, home, missing] {
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.cacheControl] == "no-store")
            }
            let css = try await browser.get("/static/app.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(css.headers[.cacheControl] != "no-store")
            #expect(try await browser.get("/static/../Package.swift").status != .ok)
        }
    }

    @Test("a commune account gets 403 on the admin pages; province staff see their officers; an admin sees the accounts")
    func adminPagesAreForAdmins() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.account("tinh-qn", role: .province)
        try await harness.account("admin", role: .admin)
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/admin/users")
            #expect(page.status == .forbidden)
            #expect(errorMessage(page.text) == WebText.vi.forbidden)
            #expect(!page.text.contains(#"href="/admin/users""#))
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let officers = try await staff.get("/admin/users")
            #expect(officers.status == .ok)
            #expect(officers.text.contains("<td>xa-dakplo</td>"))
            #expect(!officers.text.contains("<td>tinh-qn</td>"))
            let admin = Browser(client)
            try await admin.signIn("admin")
            let users = try await admin.get("/admin/users")
            #expect(users.status == .ok)
            #expect(users.text.contains("<td>xa-dakplo</td>"))
            #expect(users.text.contains("<td>tinh-qn</td>"))
        }
    }

    @Test("the API answers in JSON, errors as {error: {code, message, field}}")
    func apiErrorsAreJSON() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let anonymous = try await browser.get("/api/v1/me")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = try JSONSerialization.jsonObject(with: Data(anonymous.text.utf8)) as? [String: Any]
            let detail = try #require(error?["error"] as? [String: Any])
            #expect(detail["code"] as? String == "unauthorized")
            #expect(detail["message"] is String)
            #expect(detail["field"] is NSNull)

            try await browser.signIn("xa-dakplo")
            let me = try await browser.get("/api/v1/me")
            #expect(me.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(me.text.utf8)) as? [String: Any]
            #expect(body?["name"] as? String == "xa-dakplo")
            #expect(body?["communeCode"] as? String == "23344")
            let unknown = try await browser.get("/api/v1/nothing/here")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains(#""code":"not_found""#))
        }
    }

    @Test("?lang=en switches to English and is remembered; Vietnamese is the default")
    func languageSwitch() async throws {
        let harness = try await WebHarness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let vi = try await browser.get("/login")
            #expect(vi.text.contains("<h1>Đăng nhập</h1>"))
            #expect(vi.text.contains(#"href="/login?lang=en""#))
            let en = try await browser.get("/login?lang=en")
            #expect(en.text.contains(#"<html lang="en">"#))
            #expect(en.text.contains("<h1>Sign in</h1>"))
            #expect(browser.cookies["lang"] == "en")
            let again = try await browser.get("/login")
            #expect(again.text.contains("<h1>Sign in</h1>"))
            let failed = try await browser.signIn("nobody", "nothing at all")
            #expect(errorMessage(failed.text) == WebText.en.loginFailed)
        }
    }

    @Test("over a real socket on 127.0.0.1: sign in, a page, sign out")
    func liveServer() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.live) { (client: any TestClientProtocol) async throws in
            #expect(client.port != nil)
            let browser = Browser(client)
            #expect(try await browser.signIn("xa-dakplo").location == "/")
            #expect(try await browser.get("/").status == .ok)
            #expect(try await browser.post("/logout").location == "/login")
        }
    }
}
