import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// The inventory pages on the shipped sample (96 communes of Quảng Ngãi, province 51), "today" 2025-12-12.
/// xa-dakplo is the officer of 23344 (Xã Đăk Plô); tinh-qn is province staff of 51; 21211 is another commune.
@Suite struct InventoryPagesTests {
    static let vcsCSV = "commune_code,item,working,broken,date,meets_hnth\n23344,vcs-terminal,1,0,2025-12-10,có\n"
    static let otherCSV = "commune_code,item,working,broken,date,meets_hnth\n21211,vcs-terminal,1,0,2025-12-10,có\n"
    static let vcsForm = ["item": "vcs-terminal", "working": "1", "broken": "0", "attr.vcs-terminal.meets_hnth": "yes", "on": "2025-12-10"]

    static func harness() async throws -> WebHarness {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.account("tinh-qn", role: .province, province: "51")
        return harness
    }

    @Test("a commune officer who puts another commune in a URL, a form or an upload gets 403, and nothing is written")
    func otherCommuneForbidden() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            #expect(try await browser.get("/communes/23344").status == .ok)
            #expect(try await browser.get("/communes/21211").status == .forbidden)
            try await browser.get("/communes/23344")
            #expect(try await browser.post("/communes/21211/record", Self.vcsForm).status == .forbidden)
            #expect(try await browser.post("/communes/21211/review", ["period": "2025-12", "action": "submit"]).status == .forbidden)
            // Downloads and counts of another commune's details.
            #expect(try await browser.get("/downloads/commune.csv?commune=21211").status == .forbidden)
            #expect(try await browser.get("/downloads/commune.xlsx?commune=21211").status == .forbidden)
            // An upload holding another commune's rows: refused at the check already.
            try await browser.get("/import")
            let upload = try await browser.upload("/import", files: [("file", "other.csv", Array(Self.otherCSV.utf8))])
            #expect(upload.status == .forbidden)
            // The province's summary is open to the officer.
            #expect(try await browser.get("/gaps").status == .ok)
            #expect(try await browser.get("/downloads/gaps.csv").status == .ok)
        }
        #expect(try harness.database.eventCount() == before)
        #expect(try harness.database.reviewTrail().isEmpty)
    }

    @Test("a record or an upload without the session's CSRF token is refused and writes nothing; multipart carries it as a field")
    func csrfOnForms() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            #expect(try await browser.post("/communes/23344/record", Self.vcsForm, csrf: .none).status == .forbidden)
            #expect(try await browser.post("/communes/23344/record", Self.vcsForm, csrf: String(repeating: "a", count: 64)).status == .forbidden)
            #expect(try await browser.upload("/import", files: [("file", "vcs.csv", Array(Self.vcsCSV.utf8))], csrf: .none).status == .forbidden)
            #expect(try harness.database.eventCount() == before)
            let checked = try await browser.upload("/import", files: [("file", "vcs.csv", Array(Self.vcsCSV.utf8))])
            #expect(checked.status == .ok)
            #expect(try harness.database.eventCount() == before)  // a dry run
        }
    }

    @Test("recording through the form: the account's name and the page in the ledger; bad values come back beside their field")
    func recordForm() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344")
            for (field, value, id) in [("working", "abc", "working"), ("working", "-1", "working"), ("broken", "x", "broken"),
                                       ("on", "2026-01-05", "on"), ("on", "soon", "on"),
                                       ("attr.data-network-link.bandwidth_mbps", "fast", "attr-data-network-link-bandwidth_mbps")] {
                var form = Self.vcsForm
                form[field] = value
                if field.hasPrefix("attr.data-network-link") { form["item"] = "data-network-link" }
                let bad = try await browser.post("/communes/23344/record", form)
                #expect(bad.status == .unprocessableContent, "\(field)=\(value)")
                #expect(bad.text.contains("id=\"\(id)-error\""), "\(field)=\(value)")
                #expect(bad.text.contains("value=\"\(value)\""), "the form keeps what was typed")
                #expect(!bad.text.contains("--"), "no command-line words on the page")
            }
            #expect(try harness.database.eventCount() == before)
            let done = try await browser.post("/communes/23344/record", Self.vcsForm)
            #expect(done.status == .seeOther)
            #expect(done.location == "/communes/23344?done=recorded")
        }
        let event = try #require(try harness.database.events(commune: "23344", item: "vcs-terminal").first)
        #expect(event.recordedBy == "xa-dakplo")
        #expect(event.source == "web: commune page")
        #expect(event.working == 1)
    }

    @Test("submit, approve: the period is locked for a record and an import; reopen unlocks it; the trail says who")
    func lockedPeriod() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            try await officer.get("/communes/23344")
            #expect(try await officer.post("/communes/23344/review", ["period": "2025-12", "action": "submit"]).status == .seeOther)
            // The officer cannot approve their own figures.
            #expect(try await officer.post("/communes/23344/review", ["period": "2025-12", "action": "approve"]).status == .forbidden)

            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let page = try await staff.get("/communes/23344")
            #expect(page.text.contains("value=\"approve\""))
            #expect(try await staff.post("/communes/23344/review", ["period": "2025-12", "action": "approve"]).status == .seeOther)

            let before = try harness.database.eventCount()
            try await officer.get("/communes/23344")
            let refused = try await officer.post("/communes/23344/record", Self.vcsForm)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("2025-12"))
            try await officer.get("/import")
            let upload = try await officer.upload("/import", files: [("file", "vcs.csv", Array(Self.vcsCSV.utf8))])
            #expect(upload.status == .conflict)
            #expect(!upload.text.contains("name=\"token\""))
            #expect(try harness.database.eventCount() == before)

            try await staff.get("/communes/23344")
            #expect(try await staff.post("/communes/23344/review", ["period": "2025-12", "action": "reopen", "comment": "sửa"]).status == .seeOther)
            try await officer.get("/communes/23344")
            #expect(try await officer.post("/communes/23344/record", Self.vcsForm).status == .seeOther)
            #expect(try await staff.get("/audit?actor=tinh-qn&kind=review").text.contains("tinh-qn"))
            #expect(try await staff.get("/audit?actor=xa-dakplo").text.contains("xa-dakplo"))
        }
        #expect(try harness.database.reviewTrail(commune: "23344").map(\.actor) == ["tinh-qn", "tinh-qn", "xa-dakplo"])
    }

    @Test("import: the check shows every problem with file, row and column; the confirmation writes all, once")
    func importFlow() async throws {
        let harness = try await Self.harness()
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/import")
            let bad = "commune_code,item,working,broken,date,meets_hnth\n23344,vcs-terminal,x,0,2025-12-10,có\n23344,nope,1,0,2025-12-10,\n"
            let problems = try await browser.upload("/import", files: [("file", "bad.csv", Array(bad.utf8))])
            #expect(problems.status == .unprocessableContent)
            #expect(problems.text.contains("bad.csv"))
            #expect(problems.text.contains("<td>2</td>") && problems.text.contains("<td>3</td>"))
            let checked = try await browser.upload("/import", files: [("file", "vcs.csv", Array(Self.vcsCSV.utf8))])
            let html = checked.text
            let start = try #require(html.range(of: #"name="token" value=""#))
            let token = String(html[start.upperBound...].prefix(64))
            #expect(try harness.database.eventCount() == before)
            let done = try await browser.post("/import/confirm", ["token": token])
            #expect(done.status == .seeOther)
            #expect(try harness.database.eventCount() == before + 1)
            #expect(try await browser.post("/import/confirm", ["token": token]).status == .conflict)  // once
        }
        let event = try #require(try harness.database.events(commune: "23344", item: "vcs-terminal").first)
        #expect(event.recordedBy == "xa-dakplo")
        #expect(event.source == "web: import vcs.csv")
    }

    @Test("an upload over the limit is refused")
    func uploadLimit() async throws {
        let harness = try await Self.harness()
        try await harness.app(configuration: WebHarness.configuration(maxUpload: 100)).test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/import")
            let big = Array(repeating: UInt8(ascii: "a"), count: 200)
            #expect(try await browser.upload("/import", files: [("file", "big.csv", big)]).status == .contentTooLarge)
        }
    }

    @Test("the dashboard shows coverage, classes, deadlines and who has not submitted; the gap list filters")
    func dashboardAndGaps() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let home = try await browser.get("/?as-of=2025-12-12")
            #expect(home.status == .ok)
            #expect(home.text.contains("/96"))
            #expect(home.text.contains("<svg class=\"meter\""))
            #expect(home.text.contains("2025-12"))
            #expect(home.text.contains("/communes/23344"))  // not yet submitted
            let gaps = try await browser.get("/gaps?rule=vcs-terminal&type=x%C3%A3")
            #expect(gaps.status == .ok)
            #expect(gaps.text.contains("id=\"rule-vcs-terminal\""))
            #expect(!gaps.text.contains("id=\"rule-official-pcs\""))
            #expect(try await browser.get("/gaps?rule=nope").status == .unprocessableContent)
            #expect(try await browser.get("/?as-of=someday").status == .unprocessableContent)
            let en = try await browser.get("/?lang=en")
            #expect(en.text.contains("Coverage per rule"))
        }
    }

    @Test("the gap list's filters name the commune attributes in the page's language")
    func attributeFilterLabels() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let vi = try await browser.get("/gaps")
            #expect(vi.text.contains(">Tỉnh cũ</label>"))
            #expect(vi.text.contains(">Số cán bộ, công chức</label>"))
            #expect(vi.text.contains("name=\"attr.former_province\""))
            let en = try await browser.get("/gaps?lang=en")
            #expect(en.text.contains(">Former province</label>"))
            #expect(en.text.contains(">Island commune</label>"))
        }
    }

    @Test("downloads: every report in every format with its type and an attachment name")
    func downloads() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            for kind in ["gaps", "report", "progress", "deadlines"] {
                for format in ["html", "xlsx", "md", "csv", "json"] {
                    let r = try await browser.get("/downloads/\(kind).\(format)?as-of=2025-12-12")
                    #expect(r.status == .ok, "\(kind).\(format)")
                    #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"") == true)
                    #expect(r.headers[.contentDisposition]?.hasSuffix(".\(format)\"") == true)
                }
            }
            let xlsx = try await browser.get("/downloads/commune.xlsx?commune=23344")
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(xlsx.headers[.contentDisposition] == "attachment; filename=\"commune-23344-2025-12-12.xlsx\"")
            #expect(try await browser.get("/downloads/plan.xlsx?budget=2e9").status == .ok)
            #expect(try await browser.get("/downloads/plan.html?budgets=1e9,2e9").status == .ok)
            #expect(try await browser.get("/downloads/plan.csv").status == .unprocessableContent)
            #expect(try await browser.get("/downloads/nothing.csv").status == .notFound)
        }
    }

    @Test("a commune's card downloads as a CSV table, one row per rule, and as a printed PDF")
    func communeCSVAndPDF() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let csv = try await browser.get("/downloads/commune.csv?commune=23344&as-of=2025-12-12")
            #expect(csv.status == .ok)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.hasSuffix("as_of,commune_code,commune,rule_id,rule,status,have,need,missing,deadline") == true)
            #expect(lines.count == 11)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("2025-12-12,23344,Xã Đăk Plô,") })
            let pdf = try await browser.get("/downloads/gaps.pdf?as-of=2025-09-15")
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition] == "attachment; filename=\"gaps-2025-09-15.pdf\"")
        }
    }
}
