import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// Province staff find a commune as they type its name and work through the review queue; an officer
/// sees where their own submission stands.
@Suite struct ReviewQueueTests {
    @Test("typing a name without diacritics finds the commune: \"dak plo\" is Xã Đăk Plô")
    func searchAsTyped() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            for typed in ["dak+plo", "%C4%91%C4%83k+pl%C3%B4", "Xa+Dak+Plo", "23344"] {
                let page = try await staff.get("/communes?q=\(typed)")
                #expect(page.status == .ok)
                #expect(page.text.contains(#"<a href="/communes/23344">Xã Đăk Plô</a>"#), "\(typed)")
                #expect(page.text.contains("1/96"), "\(typed)")
            }
            let all = try await staff.get("/communes")
            #expect(all.text.contains("96/96"))
        }
    }

    @Test("the review queue: submitted and waiting, returned, not submitted, approved, each a link; the officer sees the comment")
    func queueAndOwnStatus() async throws {
        let harness = try await InventoryPagesTests.harness()
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            #expect(try await officer.get("/").text.contains(WebText.vi.pages.ownStatus.filled(["period": "2025-12", "status": WebText.vi.pages.statusNone])))
            try await officer.get("/communes/23344")
            #expect(try await officer.post("/communes/23344/review", ["period": "2025-12", "action": "submit"]).status == .seeOther)

            let staff = Browser(client)
            try await staff.signIn("tinh-qn")
            let queue = try await staff.get("/communes")
            let submitted = try #require(queue.text.range(of: #"<section class="card queue" id="queue-submitted">[\s\S]*?</section>"#,
                                                          options: .regularExpression))
            #expect(queue.text[submitted].contains(#"<a href="/communes/23344">Xã Đăk Plô</a>"#))
            #expect(queue.text[submitted].contains("(1)"))
            try await staff.get("/communes/23344")
            #expect(try await staff.post("/communes/23344/review", ["period": "2025-12", "action": "return",
                                                                    "comment": "thiếu biên bản bàn giao"]).status == .seeOther)
            let returned = try await staff.get("/communes")
            let group = try #require(returned.text.range(of: #"<section class="card queue" id="queue-returned">[\s\S]*?</section>"#,
                                                         options: .regularExpression))
            #expect(returned.text[group].contains("thiếu biên bản bàn giao"))

            let home = try await officer.get("/")
            #expect(home.text.contains(#"id="own-status""#))
            #expect(home.text.contains(WebText.vi.pages.statusReturned))
            #expect(home.text.contains("thiếu biên bản bàn giao"))
        }
    }
}
