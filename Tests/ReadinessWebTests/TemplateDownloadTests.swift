import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport
@testable import ReadinessWeb

/// The spreadsheets to fill in, from the import page: an officer's own commune, blank or filled; staff any
/// commune of theirs or all of them in a zip.
@Suite struct TemplateDownloadTests {
    @Test("an officer downloads their commune's template, filled or blank, and no other commune's")
    func officerTemplates() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            let page = try await officer.get("/import")
            #expect(page.text.contains(#"id="template-filled""#))
            let filled = try await officer.get("/import/template?filled=1")
            #expect(filled.status == .ok)
            #expect(filled.headers[.contentDisposition]?.contains("23344-xa-dak-plo.xlsx") == true)
            let parts = try HostileFiles.parts(ofXlsx: Array(filled.body.readableBytesView))
            #expect(parts.values.joined().contains("Xã Đăk Plô"))
            let blank = try await officer.get("/import/template")
            #expect(blank.headers[.contentDisposition]?.contains("blank-23344") == true)
            #expect(try await officer.get("/import/template?commune=21211").status == .forbidden)
            #expect(try await officer.get("/import/template?all=1").status == .forbidden)
        }
    }

    @Test("province staff download every commune's template of the province in one zip")
    func staffZip() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let one = try await staff.get("/import/template?commune=dak+plo&filled=1")
            #expect(one.status == .ok)
            let zip = try await staff.get("/import/template?all=1&filled=1")
            #expect(zip.status == .ok)
            #expect(zip.headers[.contentType] == "application/zip")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("t.zip")
            try Data(zip.body.readableBytesView).write(to: file)
            let listing = Process()
            listing.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            listing.arguments = ["-Z1", file.path]
            let pipe = Pipe()
            listing.standardOutput = pipe
            try listing.run()
            listing.waitUntilExit()
            let names = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
            #expect(names.count == 96)
            #expect(names.contains("23344-xa-dak-plo.xlsx"))
        }
    }

    @Test("confirming an import redirects to its result: reloading the result imports nothing again")
    func importPostRedirectGet() async throws {
        let harness = try await InventoryPagesTests.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            try await officer.get("/import")
            let checked = try await officer.upload("/import", files: [("file", "vcs.csv", Array(InventoryPagesTests.vcsCSV.utf8))])
            let token = try #require(checked.text.range(of: #"name="token" value="([0-9a-f]+)""#, options: .regularExpression)
                .map { String(checked.text[$0].dropFirst(#"name="token" value=""#.count).dropLast()) })
            let confirmed = try await officer.post("/import/confirm", ["token": token])
            #expect(confirmed.status == .seeOther)
            let result = try #require(confirmed.location)
            #expect(result.hasPrefix("/import?done="))
            let shown = try await officer.get(result)
            #expect(shown.text.contains(WebText.vi.pages.imported))
            #expect(try await officer.get(result).status == .ok)
            #expect(try await officer.post("/import/confirm", ["token": token]).status == .conflict)
        }
        #expect(try harness.database.eventCount() == before + 1)
    }
}

@Suite struct OfficialDownloadTests {
    @Test("the gap list and report download in the administrative form when asked: motto, annexes, signatures")
    func officialForm() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            #expect(try await staff.get("/gaps").text.contains("official=1"))
            let html = try await staff.get("/downloads/gaps.html?as-of=2025-09-15&official=1")
            #expect(html.status == .ok)
            #expect(html.text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            #expect(html.text.contains("20/96"))
            let plain = try await staff.get("/downloads/gaps.html?as-of=2025-09-15")
            #expect(!plain.text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        }
    }
}
