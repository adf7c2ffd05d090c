import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

@Suite struct APITests {
    @Test("the OpenAPI document describes every registered /api/v1 route, and only those")
    func openAPICoversRoutes() async throws {
        let harness = try await WebHarness()
        let router = try await buildRouter(configuration: WebHarness.configuration(), database: harness.database,
                                           templatesDirectory: WebHarness.templates)
        let registered = Set(router.routes.map { route -> String in
            let path = "\(route.path)"
            return "\(route.method.rawValue) " + (path.hasPrefix("/") ? path : "/" + path)
        }.filter { $0.contains(" /api/v1/") && !$0.hasSuffix("/**") })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(APIController.openAPIDocument())) as? [String: Any])
        #expect(document["openapi"] as? String == "3.0.3")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let expected = Set(registered.map { route -> String in
            let parts = route.split(separator: " ", maxSplits: 1)
            return "\(parts[0]) \(APIController.openAPIPath(String(parts[1])))"
        })
        #expect(!registered.isEmpty)
        #expect(expected == documented)
    }

    @Test("the API: same scope (403 JSON with a field), CSRF header for POSTs, 201 with the account as recorder, 422 naming the field")
    func scopeAndErrors() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/")  // the session's token (the login page's was the one before signing in)
            let token = try #require(browser.lastCSRF)
            let other = try await browser.get("/api/v1/communes/21211")
            #expect(other.status == .forbidden)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(other.text.utf8)) as? [String: [String: Any]])
            #expect(body["error"]?["code"] as? String == "forbidden")
            #expect(body["error"]?["field"] as? String == "commune")
            #expect(try await browser.get("/api/v1/communes/23344").status == .ok)
            #expect(try await browser.get("/api/v1/dashboard").status == .ok)
            #expect(try await browser.get("/api/v1/gaps?rule=vcs-terminal").status == .ok)
            #expect(try await browser.get("/api/v1/openapi.json").status == .ok)

            func post(_ uri: String, _ json: String, csrf: Bool = true) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                if csrf { headers[HTTPField.Name("X-CSRF-Token")!] = token }
                return try await browser.send(uri, method: .post, headers: headers, body: ByteBuffer(string: json))
            }
            let event = #"{"item": "vcs-terminal", "working": 1, "attributes": ["meets_hnth=yes"], "on": "2025-12-10"}"#
            #expect(try await post("/api/v1/communes/23344/events", event, csrf: false).status == .forbidden)
            #expect(try await post("/api/v1/communes/21211/events", event).status == .forbidden)
            let bad = try await post("/api/v1/communes/23344/events", #"{"item": "vcs-terminal", "working": -1}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#""field":"working""#))
            #expect(try harness.database.eventCount() == before)
            #expect(try await post("/api/v1/communes/23344/events", event).status == .created)
            #expect(try await post("/api/v1/communes/23344/review", #"{"period": "2025-12", "action": "approve"}"#).status == .forbidden)
            #expect(try await post("/api/v1/communes/23344/review", #"{"period": "2025-12", "action": "submit"}"#).status == .created)
        }
        #expect(try harness.database.eventCount() == before + 1)
        #expect(try harness.database.events(commune: "23344", item: "vcs-terminal").first?.recordedBy == "xa-dakplo")
    }
}
