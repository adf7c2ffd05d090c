import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// The record form's optional file (the handover minutes), sent in the same multipart POST as the event.
@Suite struct RecordEvidenceTests {
    static let form = InventoryPagesTests.vcsForm

    @Test("recording with a photo of the handover minutes stores the event and the photo together, listed with the event")
    func photoWithRecord() async throws {
        let harness = try await InventoryPagesTests.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/communes/23344")
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            #expect(page.text.contains("id=\"record-evidence\""))
            let done = try await browser.upload("/communes/23344/record", fields: Self.form,
                                                files: [("evidence", "bien-ban-ban-giao.png", EvidenceTests.png)])
            #expect(done.status == .seeOther)
            #expect(done.location == "/communes/23344?done=recorded-with-evidence")
            let event = try #require(try harness.database.events(commune: "23344", item: "vcs-terminal").first)
            let files = try harness.database.evidence(commune: "23344")[event.id] ?? []
            #expect(files.map(\.fileName) == ["bien-ban-ban-giao.png"])
            #expect(files.first?.uploadedBy == "xa-dakplo")
            let after = try await browser.get("/communes/23344?done=recorded-with-evidence")
            #expect(after.text.contains("/evidence/\(files[0].id)"))
            #expect(after.text.contains(WebText.vi.pages.recordedWithEvidence))
        }
        #expect(try harness.database.eventCount() == before + 1)
    }

    @Test("a refused file writes nothing: the form comes back with the message beside the file field and the values typed")
    func refusedFileWritesNothing() async throws {
        let harness = try await InventoryPagesTests.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            let page = try await browser.upload("/communes/23344/record", fields: Self.form,
                                                files: [("evidence", "bien-ban.png", Array("a text file named .png".utf8))])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("id=\"evidence-error\""))
            #expect(page.text.contains("value=\"2025-12-10\""))
            #expect(page.text.contains(#"id="attr-vcs-terminal-meets_hnth" name="attr.vcs-terminal.meets_hnth" value="yes" checked"#))
        }
        #expect(try harness.database.eventCount() == before)
        #expect(try harness.database.evidence(commune: "23344").isEmpty)
    }

    @Test("the multipart record form without a file records the event alone")
    func recordWithoutFile() async throws {
        let harness = try await InventoryPagesTests.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            let done = try await browser.upload("/communes/23344/record", fields: Self.form, files: [("evidence", "", [])])
            #expect(done.status == .seeOther)
            #expect(done.location == "/communes/23344?done=recorded")
        }
        #expect(try harness.database.eventCount() == before + 1)
        #expect(try harness.database.evidence(commune: "23344").isEmpty)
    }

    @Test("the record form with a file and without the CSRF token is refused and writes nothing")
    func csrfRequired() async throws {
        let harness = try await InventoryPagesTests.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            let refused = try await browser.upload("/communes/23344/record", fields: Self.form,
                                                   files: [("evidence", "bien-ban.png", EvidenceTests.png)], csrf: .none)
            #expect(refused.status == .forbidden)
        }
        #expect(try harness.database.eventCount() == before)
        #expect(try harness.database.evidence(commune: "23344").isEmpty)
    }
}

/// Pages served again from what was rendered before, for as long as the data is the same.
@Suite struct RenderedPagesTests {
    @Test("the dashboard shown again after a submission no longer lists the commune as not submitted")
    func dashboardFollowsSubmissions() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let listed = "<li><a href=\"/communes/23344\">"
            #expect(try await browser.get("/").text.contains(listed))
            #expect(try await browser.get("/").text.contains(listed))  // the same page, served again
            try await browser.get("/communes/23344")
            #expect(try await browser.post("/communes/23344/review", ["period": "2025-12", "action": "submit"]).status == .seeOther)
            #expect(try await !browser.get("/").text.contains(listed))
        }
    }

    @Test("a page rendered for one account is not served to another")
    func pagesArePerSession() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            #expect(try await officer.get("/gaps").text.contains("xa-dakplo"))
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let page = try await staff.get("/gaps").text
            #expect(page.contains("tinh-qn"))
            #expect(!page.contains("xa-dakplo"))
        }
    }
}
