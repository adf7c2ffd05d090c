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

/// What an account reads of other communes: their summary (names, counts) for its province, never the
/// details of their records (notes, sources, recorders), nor anything of another province; who an
/// audit entry names; what changing a password takes.
@Suite struct ScopeOfDetailsTests {
    static let secretNote = "GHI-CHU-RIENG-21211"
    static let secretRecorder = "nguoi-ghi-rieng-21211"
    static let secretSource = "bien-ban-rieng-21211"
    static let otherProvinceCommune = Commune(code: "99901", name: "Phường Thử Tỉnh Khác", type: .phuong, provinceCode: "01",
                                              provinceName: "Thành phố Hà Nội")
    static let otherProvinceNote = "GHI-CHU-TINH-KHAC-99901"

    /// The sample, plus a commune of another province, with events whose note, source and recorder must
    /// stay with their commune: 21211 loses its VCS terminal on 01/10 and gets one on 15/11 (a change
    /// between 15/10 and 12/12, explained by the second event).
    static func harness() async throws -> WebHarness {
        let harness = try await WebHarness(sample: true)
        try harness.database.upsertCommunes([otherProvinceCommune])
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.account("tinh-qn", role: .province, province: "51")
        let session = try Session(workspace: Workspace(dataDirectory: WebHarness.repoRoot), database: harness.database, checklist: nil,
                                  clock: .fixed(on: WebHarness.today))
        func record(_ commune: String, _ working: Int, _ on: String, note: String) throws {
            _ = try RecordEvent(session: session).run(.init(
                commune: commune, item: "vcs-terminal", working: working, broken: 1 - working, assignments: ["meets_hnth=yes"],
                on: Day(iso: on), note: note, recordedBy: secretRecorder, source: secretSource))
        }
        try record("21211", 0, "2025-10-01", note: "")
        try record("21211", 1, "2025-11-15", note: secretNote)
        try record("99901", 1, "2025-11-15", note: otherProvinceNote)
        return harness
    }

    /// Every text of a response: the body, or for a workbook the text of all its parts.
    static func readable(_ response: TestResponse) throws -> String {
        let bytes = Array(response.body.readableBytesView)
        if bytes.starts(with: [0x50, 0x4B]) { return try HostileFiles.parts(ofXlsx: bytes).values.joined(separator: "\n") }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let downloads: [String] = {
        var all: [String] = []
        for kind in ["gaps", "report", "progress", "deadlines"] {
            for format in ["html", "md", "csv", "json", "xlsx"] {
                all.append("/downloads/\(kind).\(format)?as-of=2025-12-12&since=2025-10-15")
                all.append("/api/v1/downloads/\(kind).\(format)?as-of=2025-12-12&since=2025-10-15")
            }
        }
        return all
    }()

    @Test("an officer's downloads and API answers carry no other commune's notes, sources or recorders, and nothing of another province")
    func officerSweep() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            // The province's staff read the details: the sweep below looks for something that is there.
            let seen = try Self.readable(try await staff.get("/downloads/progress.md?as-of=2025-12-12&since=2025-10-15"))
            #expect(seen.contains(Self.secretNote))

            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            let pages = ["/", "/gaps", "/audit", "/communes/23344", "/api/v1/dashboard", "/api/v1/gaps", "/api/v1/audit",
                         "/api/v1/communes/23344", "/api/v1/me"]
            for path in Self.downloads + pages {
                let response = try await officer.get(path)
                #expect(response.status == .ok, "\(path)")
                let text = try Self.readable(response)
                for secret in [Self.secretNote, Self.secretRecorder, Self.secretSource, Self.otherProvinceNote,
                               Self.otherProvinceCommune.name, Self.otherProvinceCommune.code] {
                    #expect(!text.contains(secret), "\(path) shows \(secret)")
                }
            }
            // The officer's own commune is summarised with the others (its name is there).
            #expect(try Self.readable(try await officer.get("/downloads/gaps.md?as-of=2025-12-12")).contains("Đăk Plô"))
        }
    }

    @Test("an import's declared recorder never becomes the actor: the audit and the history name the signed-in account")
    func actorIsTheAccount() async throws {
        let harness = try await Self.harness()
        let csv = "commune_code,item,working,broken,date,meets_hnth,recorded_by\n23344,vcs-terminal,1,0,2025-12-10,có,tinh-qn\n"
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            try await officer.get("/import")
            let checked = try await officer.upload("/import", files: [("file", "forged.csv", Array(csv.utf8))])
            #expect(checked.status == .ok)
            let token = try #require(checked.text.range(of: #"name="token" value="([0-9a-f]+)""#, options: .regularExpression)
                .map { String(checked.text[$0].dropFirst(#"name="token" value=""#.count).dropLast()) })
            let confirmed = try await officer.post("/import/confirm", ["token": token])
            #expect(confirmed.status == .ok || confirmed.status == .seeOther)

            let event = try #require(try harness.database.events(commune: "23344", item: "vcs-terminal").first)
            #expect(event.actor == "xa-dakplo")
            #expect(event.declaredBy == "tinh-qn")

            let audit = try await officer.get("/api/v1/audit")
            let entries = try #require((try JSONSerialization.jsonObject(with: Data(audit.text.utf8)) as? [String: Any])?["entries"]
                as? [[String: Any]])
            let recorded = try #require(entries.first {
                $0["kind"] as? String == "event" && $0["commune"] as? String == "23344" && ($0["detail"] as? String)?.contains("2025-12-10") == true
            })
            #expect(recorded["who"] as? String == "xa-dakplo")
            #expect(recorded["declaredBy"] as? String == "tinh-qn")
            #expect(entries.contains { $0["kind"] as? String == "import" && $0["who"] as? String == "xa-dakplo" })
            #expect(!entries.contains { $0["who"] as? String == "tinh-qn" })

            let history = try await officer.get("/api/v1/communes/23344")
            let events = try #require((try JSONSerialization.jsonObject(with: Data(history.text.utf8)) as? [String: Any])?["history"]
                as? [[String: Any]])
            #expect(events.first?["recordedBy"] as? String == "xa-dakplo")
        }
    }

    @Test("changing a password needs the current one: a session alone cannot lock the owner out")
    func passwordNeedsTheCurrentOne() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            #expect(try await browser.get("/").text.contains(#"href="/password""#))
            try await browser.get("/password")
            let refused = try await browser.post("/password", ["current": "not the password", "password": "a brand new password",
                                                               "confirmation": "a brand new password"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(WebText.vi.currentPasswordWrong))
            let missing = try await browser.post("/password", ["password": "a brand new password", "confirmation": "a brand new password"])
            #expect(missing.status == .unprocessableContent)
            #expect(try await Browser(client).signIn("xa-dakplo").location == "/")
            let changed = try await browser.post("/password", ["current": "correct horse battery", "password": "a brand new password",
                                                               "confirmation": "a brand new password"])
            #expect(changed.status == .seeOther)
            #expect(try await Browser(client).signIn("xa-dakplo", "a brand new password").location == "/")
        }
    }

    @Test("a report for another province's staff is titled with that province, and times are Vietnam's")
    func provinceTitleAndVietnamTime() async throws {
        let harness = try await Self.harness()
        try await harness.account("hanoi", role: .province, province: "01")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("hanoi")
            let gaps = try await browser.get("/downloads/gaps.md?as-of=2025-12-12")
            #expect(gaps.text.contains("thành phố Hà Nội"))
            #expect(!gaps.text.contains("Quảng Ngãi"))
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            #expect(try await staff.get("/downloads/gaps.md?as-of=2025-12-12").text.contains("tỉnh Quảng Ngãi"))
            // The events above were recorded at noon in Vietnam (05:00 UTC) on 12/12/2025.
            let audit = try await staff.get("/audit?actor=\(Self.secretRecorder)")
            #expect(audit.text.contains("12/12/2025 12:00"))
            #expect(!audit.text.contains("2025-12-12 05:00"))
        }
    }

    @Test("a rule no commune can be judged on shows no share and no bar on the dashboard, and says not judged")
    func notJudgedRule() async throws {
        let harness = try await WebHarness()   // two communes without the officials the PCs rule counts by
        try await harness.account("tinh-qn", role: .province, province: "51")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            let page = try await browser.get("/?as-of=2025-12-12")
            let item = try #require(page.text.range(of: #"<li id="coverage-official-pcs"[\s\S]*?</li>"#, options: .regularExpression))
            let line = String(page.text[item])
            #expect(!line.contains("100%"))
            #expect(!line.contains("<svg"))
            #expect(line.contains("không đánh giá") || line.contains("chưa đánh giá") || line.contains("not judged"))
        }
    }

    @Test("the audit trail filters by commune, item, account, kind and dates, says how many, pages them and downloads them as CSV")
    func auditFiltersAndPages() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let all = try await staff.get("/api/v1/audit")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(all.text.utf8)) as? [String: Any])
            let total = try #require(body["total"] as? Int)
            #expect(total > 100)
            #expect((body["entries"] as? [Any])?.count == 100)
            #expect(body["pages"] as? Int == (total + 99) / 100)
            let last = try await staff.get("/api/v1/audit?page=\(body["pages"] as? Int ?? 1)")
            #expect(last.status == .ok)

            let filtered = try await staff.get("/api/v1/audit?commune=21211&item=vcs-terminal&actor=\(Self.secretRecorder)&kind=event&from=2025-12-12&to=2025-12-12")
            let f = try #require(try JSONSerialization.jsonObject(with: Data(filtered.text.utf8)) as? [String: Any])
            #expect(f["total"] as? Int == 2)
            #expect(try await staff.get("/api/v1/audit?from=2025-12-13&actor=\(Self.secretRecorder)").text.contains(#""total":0"#))
            // Another province's commune is outside the staff's trail.
            #expect(try await staff.get("/api/v1/audit?commune=99901").status == .forbidden)
            #expect(try await staff.get("/api/v1/audit?kind=everything").status == .unprocessableContent)
            #expect(try await staff.get("/api/v1/audit?page=0").status == .unprocessableContent)

            let page = try await staff.get("/audit?actor=\(Self.secretRecorder)")
            #expect(page.text.contains("2 mục"))
            let csv = try await staff.get("/audit.csv?actor=\(Self.secretRecorder)")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3)   // the header and 21211's two events; 99901 is another province's
            #expect(lines.first?.contains("at_utc,at_vietnam,kind") == true)
        }
    }
}
