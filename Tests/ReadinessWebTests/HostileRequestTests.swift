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

/// Requests as an attacker or a careless client sends them: each is refused with its status and the
/// server goes on serving everyone.
@Suite struct HostileRequestTests {
    static func harness() async throws -> WebHarness {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.account("tinh-qn", role: .province, province: "51")
        return harness
    }

    @Test("a date outside 2000–2100 on any page, API route or download is a 422 naming the field, and the server goes on")
    func datesOutOfRange() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            for date in ["1999-12-31", "2101-01-01", "31/12/1999", "0001-01-01"] {
                for path in ["/", "/gaps", "/communes/23344", "/api/v1/dashboard", "/api/v1/gaps", "/api/v1/communes/23344",
                             "/downloads/gaps.csv", "/downloads/report.html", "/downloads/deadlines.json", "/api/v1/downloads/gaps.json",
                             "/plan?budget=2e9"] {
                    let sep = path.contains("?") ? "&" : "?"
                    let response = try await browser.get(path + sep + "as-of=" + date)
                    #expect(response.status == .unprocessableContent, "\(path) as of \(date)")
                }
                let since = try await browser.get("/downloads/progress.md?as-of=2025-12-12&since=" + date)
                #expect(since.status == .unprocessableContent)
            }
            let api = try await browser.get("/api/v1/gaps?as-of=1999-12-31")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [String: [String: Any]])
            #expect(body["error"]?["field"] as? String == "as-of")
            #expect((body["error"]?["message"] as? String)?.contains("01/01/2000") == true)
            #expect(try await browser.get("/?as-of=2025-12-12").status == .ok)
            #expect(try await browser.get("/gaps?as-of=2000-01-01").status == .ok)
        }
    }

    @Test("a malformed percent escape in a query or a form is a 400, not a server error")
    func malformedEscapes() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            #expect(try await browser.get("/gaps?rule=%zz%").status == .badRequest)
            try await browser.get("/communes/23344")
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            let token = try #require(browser.lastCSRF)
            let body = "csrf_token=\(token)&item=vcs-terminal&working=1&note=%zz%"
            let response = try await browser.send("/communes/23344/record", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test("a HEAD of a page answers as its GET, without a body")
    func headOfAPage() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            #expect(try await browser.send("/login", method: .head).status == .ok)
            try await browser.signIn("xa-dakplo")
            let head = try await browser.send("/gaps", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test("a static path with an encoded NUL is refused, never served as another file under a false type")
    func nulInStaticPath() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let response = try await client.executeRequest(uri: "/static/app.css%00.png", method: .get, headers: [:], body: nil)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] != "image/png")
            #expect(try await client.executeRequest(uri: "/static/app.css", method: .get, headers: [:], body: nil).status == .ok)
        }
    }

    @Test("too many failed sign-ins answer 429 with Retry-After")
    func retryAfter() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            var last: TestResponse?
            for _ in 0..<30 {
                last = try await Browser(client).signIn("xa-dakplo", "wrong password every time")
                if last?.status == .tooManyRequests { break }
            }
            let response = try #require(last)
            #expect(response.status == .tooManyRequests)
            let seconds = try #require(response.headers[.retryAfter].flatMap { Int($0) })
            #expect(seconds >= 1)
        }
    }

    @Test("filters as browsers send them (a space as +) count the communes they name; an unknown type is refused")
    func plusIsASpace() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let kontum = try await browser.get("/api/v1/gaps?as-of=2025-09-15&attr.former_province=Kon+Tum")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(kontum.text.utf8)) as? [String: Any])
            #expect(body["communes"] as? Int == 40)
            let zone = try await browser.get("/api/v1/gaps?as-of=2025-09-15&type=%C4%91%E1%BA%B7c+khu")
            let zoneBody = try #require(try JSONSerialization.jsonObject(with: Data(zone.text.utf8)) as? [String: Any])
            #expect(zoneBody["communes"] as? Int == 1)
            let page = try await browser.get("/gaps?as-of=2025-09-15&attr.former_province=Kon+Tum")
            #expect(page.status == .ok)
            #expect(!page.text.contains("0/0"))
            #expect(try await browser.get("/gaps?type=village").status == .unprocessableContent)
            #expect(try await browser.get("/api/v1/gaps?type=village").status == .unprocessableContent)
        }
    }

    @Test("a note with control characters is stored without them; one past the limit comes back beside its field")
    func noteLimits() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            var form = InventoryPagesTests.vcsForm
            form["note"] = "bàn giao\u{0}\u{7}\u{1B}[31m xong\r\nhai dòng"
            #expect(try await browser.post("/communes/23344/record", form).status == .seeOther)
            let stored = try #require(try harness.database.events(commune: "23344", item: "vcs-terminal").first)
            #expect(stored.note == "bàn giao[31m xong\nhai dòng")
            let page = try await browser.get("/communes/23344")
            #expect(HostileFiles.control(in: page.text, allowing: ["\n"]) == nil)
            form["note"] = String(repeating: "a", count: TextInput.noteLimit + 1)
            let before = try harness.database.eventCount()
            let refused = try await browser.post("/communes/23344/record", form)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("2.001") || refused.text.contains("2001"))
            #expect(try harness.database.eventCount() == before)
        }
    }

    @Test("a record form sent twice (a double click) records once; an API POST sent again with its Idempotency-Key too")
    func appliedOnce() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/communes/23344")
            let token = try #require(page.text.range(of: #"name="form_token" value="([0-9a-f]+)""#, options: .regularExpression)
                .map { String(page.text[$0].dropFirst(#"name="form_token" value=""#.count).dropLast()) })
            var form = InventoryPagesTests.vcsForm
            form["form_token"] = token
            let first = try await browser.post("/communes/23344/record", form)
            #expect(first.location == "/communes/23344?done=recorded")
            let second = try await browser.post("/communes/23344/record", form)
            #expect(second.location == "/communes/23344?done=again")
            #expect(try harness.database.eventCount() == before + 1)
            #expect(try await browser.get("/communes/23344?done=again").text.contains(WebText.vi.pages.alreadyDone))

            try await browser.get("/")
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HeaderName.csrfToken] = browser.lastCSRF ?? ""
            headers[APIController.idempotencyKey] = "retry-of-one-request"
            let body = #"{"item": "queue-machine", "working": 3, "on": "2025-12-11"}"#
            let created = try await browser.send("/api/v1/communes/23344/events", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let again = try await browser.send("/api/v1/communes/23344/events", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(again.status == .conflict)
            #expect(try harness.database.eventCount() == before + 2)
        }
    }

    @Test("the record form shows each attribute as a field of its type, labelled in words, with the holding's value")
    func typedAttributeFields() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/communes/23344").text
            #expect(page.contains(#"type="checkbox" id="attr-vcs-terminal-meets_hnth""#))
            #expect(page.contains("Đáp ứng yêu cầu hội nghị truyền hình trực tuyến"))
            #expect(page.contains(#"id="attr-data-network-link-bandwidth_mbps""#) && page.contains("Băng thông (Mbps)"))
            #expect(page.contains(#"type="date" min="2000-01-01" max="2100-12-31" id="attr-digital-signature-expires_on""#))
            #expect(!page.contains("meets_hnth="))
            // Unticking the box records "no"; ticking it records "yes".
            try await browser.post("/communes/23344/record", ["item": "vcs-terminal", "working": "1", "attr.vcs-terminal.meets_hnth": "no"])
            #expect(try harness.database.events(commune: "23344", item: "vcs-terminal").first?.attributes["meets_hnth"] == .bool(false))
            try await browser.get("/communes/23344")
            let checked = try await browser.send("/communes/23344/record", method: .post,
                                                 headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "csrf_token=\(browser.lastCSRF ?? "")&item=vcs-terminal&working=1"
                                                                  + "&attr.vcs-terminal.meets_hnth=no&attr.vcs-terminal.meets_hnth=yes"))
            #expect(checked.status == .seeOther)
            #expect(try harness.database.events(commune: "23344", item: "vcs-terminal").first?.attributes["meets_hnth"] == .bool(true))
        }
    }

    @Test("every refusal of the record and evidence forms comes back as the page, each field's message beside it")
    func refusalsKeepTheForm() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            // Three mistakes at once: three messages.
            var form = InventoryPagesTests.vcsForm
            form["working"] = "abc"
            form["broken"] = "-2"
            form["on"] = "soon"
            let three = try await browser.post("/communes/23344/record", form)
            #expect(three.status == .unprocessableContent)
            for id in ["working-error", "broken-error", "on-error"] { #expect(three.text.contains(#"id="\#(id)""#), "\(id)") }
            // A photo larger than any upload: the page, the message beside the file field.
            try await browser.get("/communes/23344")
            let huge = [UInt8](repeating: 0xFF, count: 7 * 1024 * 1024)
            let large = try await browser.upload("/communes/23344/record", fields: InventoryPagesTests.vcsForm, files: [("evidence", "photo.jpg", huge)])
            #expect(large.status == .contentTooLarge)
            #expect(large.text.contains(#"id="evidence-error""#))
            #expect(large.text.contains(WebText.vi.pages.uploadTooLarge))
            // An SVG in the evidence form: the page, the message beside that form's file field.
            try await browser.get("/communes/23344")
            let event = try #require(try harness.database.events(commune: "23344").first)
            let svg = try await browser.upload("/communes/23344/evidence", fields: ["event": String(event.id)],
                                               files: [("evidence", "bien-ban.svg", Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8))])
            #expect(svg.status == .unprocessableContent)
            #expect(svg.text.contains(#"id="evidence-file-error""#))
            #expect(svg.text.contains("<!DOCTYPE html>"))
        }
        #expect(try harness.database.eventCount() == before)
    }

    @Test("a form sent back with what was typed never prints a code point HTML forbids")
    func formErrorPagesArePrintable() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            var form = InventoryPagesTests.vcsForm
            form["working"] = "-1"
            form["note"] = "ghi chú\u{0}\u{1}\u{7F}\u{85}" + Self.scalars(0xFDD0, 0xFFFE) + " xong"
            let page = try await browser.post("/communes/23344/record", form)
            #expect(page.status == .unprocessableContent)
            let forbidden = page.text.unicodeScalars.filter { s in
                !([0x09, 0x0A, 0x0C, 0x0D] as Set<UInt32>).contains(s.value)
                    && (s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0xFDD0...0xFDEF).contains(s.value) || s.value & 0xFFFE == 0xFFFE)
            }
            #expect(forbidden.isEmpty, "\(forbidden.map { String($0.value, radix: 16) })")
            #expect(page.text.contains("ghi chú xong"))
            // A count shown back as typed is a text input, which may carry no min, max or step (HTML allows them on numbers).
            #expect(page.text.contains(#"type="text" inputmode="numeric" id="working""#))
        }
    }

    @Test("the pages' safety net drops exactly the code points HTML forbids")
    func printable() {
        let text = "a\u{0}b\u{1F}c\u{7F}d\u{9F}e" + Self.scalars(0xFDD0) + "f" + Self.scalars(0xFFFF) + "g" + Self.scalars(0x1FFFE) + "h"
        #expect(PageRenderer.printable(text) == "abcdefgh")
        #expect(PageRenderer.printable("tab\there\nline\r\nfeed\u{0C} đã ✓ 😀") == "tab\there\nline\r\nfeed\u{0C} đã ✓ 😀")
    }

    /// Code points a Swift literal may not hold (noncharacters), as a string.
    static func scalars(_ values: UInt32...) -> String {
        String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
    }
}
