import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// A Vietnamese page is in Vietnamese: no English phrase, no command-line word, no raw value, whatever
/// the page, the role or the mistake typed in its forms.
@Suite struct OneLanguagePagesTests {
    /// The text a reader sees: tags, scripts and styles removed, entities of the markup decoded.
    static func visible(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"<script[\s\S]*?</script>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<style[\s\S]*?</style>"#, with: " ", options: .regularExpression)
        // The language link names the other language in it.
        text = text.replacingOccurrences(of: #"<a class="lang"[^>]*>[^<]*</a>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// English words and command-line or raw forms a Vietnamese reader must not meet.
    static let foreign = [" the ", " give ", "choose ", " or more", " must ", "invalid", " is not ", "submit", "approve", "true", "false",
                          "whole number", "--", "meets_hnth", "bandwidth_mbps", "expires_on", "web: ", "readiness ", "command", "Error"]

    static func check(_ page: String, _ label: String) {
        let text = visible(page)
        for word in foreign {
            guard let found = text.range(of: word) else { continue }
            let start = text.index(found.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(found.upperBound, offsetBy: 40, limitedBy: text.endIndex) ?? text.endIndex
            let around = String(text[start..<end]).replacingOccurrences(of: "\n", with: " ")
            Issue.record("\(label): \"\(word)\" in …\(around)…")
        }
    }

    @Test("every page, as each role, and every form's refusals are in Vietnamese only")
    func vietnameseOnly() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.account("admin", role: .admin)
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            try await officer.get("/communes/23344")
            try await officer.post("/communes/23344/record", InventoryPagesTests.vcsForm)   // some history to show
            for path in ["/", "/gaps", "/communes", "/communes/23344", "/audit", "/import", "/password", "/communes/23344?done=again"] {
                Self.check(try await officer.get(path).text, "officer \(path)")
            }
            try await officer.get("/communes/23344")
            var bad = InventoryPagesTests.vcsForm
            bad["working"] = "một"; bad["broken"] = "-1"; bad["on"] = "2099-01-01"; bad["attr.vcs-terminal.meets_hnth"] = "maybe"
            Self.check(try await officer.post("/communes/23344/record", bad).text, "record refused")
            try await officer.get("/communes/23344")
            bad["working"] = "1"; bad["broken"] = "0"; bad["on"] = "2025-12-01"
            Self.check(try await officer.post("/communes/23344/record", bad).text, "record refused (attribute)")
            try await officer.get("/communes/23344")
            Self.check(try await officer.post("/communes/23344/review", ["period": "december", "action": "submit"]).text, "review refused")
            try await officer.get("/import")
            Self.check(try await officer.upload("/import", files: [("file", "bad.csv", Array("commune_code,item,working\n23344,vcs-terminal,x\n".utf8))]).text,
                       "import refused")
            Self.check(try await officer.get("/gaps?as-of=1999-01-01").text, "date refused")
            Self.check(try await officer.get("/plan").text, "plan refused to an officer")

            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            for path in ["/", "/gaps?rule=official-pcs", "/communes", "/communes/23344", "/audit", "/plan", "/plan?budget=2e9&as-of=2025-09-15",
                         "/import"] {
                Self.check(try await staff.get(path).text, "staff \(path)")
            }
            try await staff.get("/plan")
            Self.check(try await staff.post("/plan", ["budget": "nhiều", "budgets": "1e9..x", "as-of": "hôm qua"]).text, "plan refused")

            let admin = Browser(client)
            try await admin.signIn("admin")
            for path in ["/", "/admin/users", "/audit"] { Self.check(try await admin.get(path).text, "admin \(path)") }
        }
    }
}
