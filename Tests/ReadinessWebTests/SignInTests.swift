import Foundation
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

@Suite struct SignInTests {
    @Test("a commune officer signs in and the dashboard shows who they are, their role and a link to their commune")
    func signInSucceeds() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let login = try await browser.get("/login")
            #expect(login.status == .ok)
            #expect(login.text.contains(#"<html lang="vi">"#))
            let response = try await browser.signIn("Xa-DakPlo ")  // names are trimmed and case-insensitive
            #expect(response.status == .seeOther)
            #expect(response.location == "/")
            #expect(browser.cookies["readiness_session"] != nil)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("<strong>xa-dakplo</strong>"))
            #expect(home.text.contains("Cán bộ xã"))
            #expect(home.text.contains(#"href="/communes/23344""#))  // the dashboard links to their commune
        }
        #expect(try await harness.database.sessionCount() == 1)
    }

    @Test("a wrong password and an unknown name get the same answer")
    func sameMessageForWrongPasswordAndUnknownName() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let wrongPassword = try await browser.signIn("xa-dakplo", "not the password")
            let unknownName = try await browser.signIn("nobody-here", "correct horse battery")
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownName.status == wrongPassword.status)
            let message = try #require(errorMessage(wrongPassword.text))
            #expect(message == WebText.vi.loginFailed)
            #expect(errorMessage(unknownName.text) == message)
            #expect(browser.cookies["readiness_session"] == nil)
        }
    }

    @Test("a disabled account cannot sign in, and disabling it ends the sessions it had")
    func disabledAccountRefused() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let signedIn = Browser(client)
            try await signedIn.signIn("xa-dakplo")
            #expect(try await signedIn.get("/").status == .ok)

            _ = try await harness.accounts.disableAccount(name: "xa-dakplo")
            let after = try await signedIn.get("/")
            #expect(after.status == .seeOther)
            #expect(after.location == "/login")

            let again = Browser(client)
            let refused = try await again.signIn("xa-dakplo")
            #expect(refused.status == .unauthorized)
            #expect(errorMessage(refused.text) == WebText.vi.loginFailed)
        }
        #expect(try await harness.database.sessionCount() == 0)
    }

    @Test("the first sign-in with a one-time password must set a password before anything else")
    func firstLoginForcesPasswordChange() async throws {
        let harness = try await WebHarness()
        let added = try await harness.accounts.addAccount(NewAccount(name: "xa-dakplo", role: .commune, communeCode: "23344"))
        let oneTime = added.oneTimePassword
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let response = try await browser.signIn("xa-dakplo", oneTime)
            #expect(response.location == "/password")
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/password")
            #expect(try await browser.get("/api/v1/me").status == .forbidden)

            let form = try await browser.get("/password")
            #expect(form.status == .ok)
            let tooShort = try await browser.post("/password", ["current": oneTime, "password": "short", "confirmation": "short"])
            #expect(tooShort.status == .unprocessableContent)
            #expect(errorMessage(tooShort.text) == "Mật khẩu phải có ít nhất 10 ký tự.")
            let same = try await browser.post("/password", ["current": oneTime, "password": oneTime, "confirmation": oneTime])
            #expect(errorMessage(same.text) == WebText.vi.passwordUnchanged)
            let differ = try await browser.post("/password", ["current": oneTime, "password": "a long new password", "confirmation": "another one"])
            #expect(errorMessage(differ.text) == WebText.vi.passwordsDiffer)

            let oldSession = browser.cookies["readiness_session"]
            let saved = try await browser.post("/password", ["current": oneTime, "password": "a long new password", "confirmation": "a long new password"])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/")
            #expect(browser.cookies["readiness_session"] != oldSession)  // a new session after the change
            #expect(try await browser.get("/").status == .ok)

            #expect(try await Browser(client).signIn("xa-dakplo", oneTime).status == .unauthorized)
            #expect(try await Browser(client).signIn("xa-dakplo", "a long new password").location == "/")
        }
        #expect(try await harness.database.account(named: "xa-dakplo")?.mustChangePassword == false)
    }

    @Test("sign out ends the session: the old cookie no longer works")
    func logout() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let home = try await browser.get("/")
            let stolen = try #require(browser.cookies["readiness_session"])
            #expect(home.text.contains(#"action="/logout""#))
            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther)
            #expect(out.location == "/login")
            #expect(browser.cookies["readiness_session"] == nil)
            #expect(try await browser.get("/").location == "/login")

            let replay = Browser(client)
            replay.cookies["readiness_session"] = stolen
            #expect(try await replay.get("/").location == "/login")
        }
        #expect(try await harness.database.sessionCount() == 0)
    }

    @Test("a page asked for before signing in comes back after, but never to another site")
    func returnsAfterSignIn() async throws {
        let harness = try await WebHarness()
        try await harness.account("admin", role: .admin)
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let redirect = try await browser.get("/admin/users")
            #expect(redirect.location == "/login?next=%2Fadmin%2Fusers")
            let page = try await browser.get(redirect.location!)
            #expect(page.text.contains(#"name="next" value="/admin/users""#))
            let response = try await browser.post("/login", ["name": "admin", "password": "correct horse battery", "next": "/admin/users"])
            #expect(response.location == "/admin/users")

            let other = Browser(client)
            try await other.get("/login")
            let offsite = try await other.post("/login", ["name": "admin", "password": "correct horse battery", "next": "//evil.example/"])
            #expect(offsite.location == "/")
        }
    }

    @Test("what a user typed is shown escaped")
    func userTextIsEscaped() async throws {
        let harness = try await WebHarness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            let page = try await browser.signIn(#"<script>alert("x")</script>"#, "whatever")
            #expect(!page.text.contains("<script>"))
            #expect(page.text.contains("&lt;script&gt;"))
        }
    }

    @Test("repeated failures are slowed down, even with the right password, and then say so")
    func repeatedFailuresAreThrottled() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        // A first wait longer than any pause between two attempts on a loaded machine.
        var configuration = WebHarness.configuration()
        configuration.loginThrottle.firstDelay = .seconds(120)
        try await harness.app(configuration: configuration).test(.router) { client in
            let browser = Browser(client)
            for _ in 0..<4 { #expect(try await browser.signIn("xa-dakplo", "wrong password").status == .unauthorized) }
            let throttled = try await browser.signIn("xa-dakplo")
            #expect(throttled.status == .tooManyRequests)
            #expect(errorMessage(throttled.text)?.hasPrefix("Đăng nhập sai quá nhiều lần") == true)
        }
    }
}
