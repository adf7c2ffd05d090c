import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
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
        // Besides, at each documented address, every other method is registered to answer 405.
        var refusals = Set<String>()
        for path in paths.keys {
            let taken = Set(paths[path]?.keys.map { $0.uppercased() } ?? [])
            for method in APIController.refusedMethods where !taken.contains(method.rawValue) { refusals.insert("\(method.rawValue) \(path)") }
        }
        #expect(!registered.isEmpty)
        #expect(expected == documented.union(refusals))
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

    /// The JSON of an API answer.
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    /// The field an API error names.
    static func field(_ response: TestResponse) throws -> String? {
        (try json(response)["error"] as? [String: Any])?["field"] as? String
    }

    @Test("GET /api/v1/me gives the session's CSRF token, and a POST carrying it in X-CSRF-Token is accepted")
    func meGivesTheCSRFToken() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let me = try Self.json(try await browser.get("/api/v1/me"))
            let token = try #require(me["csrfToken"] as? String)
            #expect(token.count == 64)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("X-CSRF-Token")!] = token
            let posted = try await browser.send("/api/v1/communes/23344/events", method: .post, headers: headers,
                                                body: ByteBuffer(string: #"{"item": "vcs-terminal", "working": 1, "on": "2025-12-10"}"#))
            #expect(posted.status == .created)
        }
    }

    @Test("a JSON body with a value of the wrong type, a null or a fraction is refused with 422 naming the field, never 500")
    func wrongJSONTypesAre422() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        let before = try harness.database.eventCount()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let token = try #require(try Self.json(try await browser.get("/api/v1/me"))["csrfToken"] as? String)
            func post(_ path: String, _ json: String) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[HTTPField.Name("X-CSRF-Token")!] = token
                return try await browser.send(path, method: .post, headers: headers, body: ByteBuffer(string: json))
            }
            let events = "/api/v1/communes/23344/events"
            for (body, field) in [(#"{"item": "vcs-terminal", "working": "one"}"#, "working"),
                                  (#"{"item": "vcs-terminal", "working": 1.5}"#, "working"),
                                  (#"{"item": "vcs-terminal", "working": 1.0}"#, "working"),
                                  (#"{"item": "vcs-terminal", "working": true}"#, "working"),
                                  (#"{"item": "vcs-terminal", "working": 1, "attributes": [true]}"#, "attributes"),
                                  (#"{"item": null, "working": 1}"#, "item"),
                                  (#"{"item": 7, "working": 1}"#, "item"),
                                  (#"{"item": "vcs-terminal", "working": 1, "attributes": "meets_hnth=yes"}"#, "attributes"),
                                  (#"{"item": "vcs-terminal", "working": 1, "broken": 1e30}"#, "broken"),
                                  (#"{"working": 1}"#, "item"),
                                  (#"{"item": "vcs-terminal", "working": 1, "on": "12/12/2025"}"#, "on"),
                                  (#"{"item": "vcs-terminal", "working": 1, "note": "\#(String(repeating: "é", count: 2_001))"}"#, "note")] {
                let answer = try await post(events, body)
                #expect(answer.status == .unprocessableContent, "\(body)")
                #expect(try Self.field(answer) == field, "\(body)")
            }
            for body in ["[]", "\"text\"", "{", ""] {
                let answer = try await post(events, body)
                #expect(answer.status == .unprocessableContent, "\(body)")
                #expect(try Self.json(answer)["error"] != nil)
            }
            let review = "/api/v1/communes/23344/review"
            #expect(try Self.field(try await post(review, #"{"period": "2025-12", "action": "sign"}"#)) == "action")
            #expect(try Self.field(try await post(review, #"{"period": " 2025-12", "action": "submit"}"#)) == "period")
            #expect(try Self.field(try await post(review, #"{"period": 2025, "action": "submit"}"#)) == "period")
        }
        #expect(try harness.database.eventCount() == before)
    }

    @Test("a query value the document does not allow is refused with 422 naming the parameter")
    func unknownQueryValuesAre422() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("tinh-qn", role: .province, province: "51")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh-qn")
            for (uri, field) in [("/api/v1/gaps?type=th%C3%A0nh+ph%E1%BB%91", "type"),
                                 ("/api/v1/gaps?rule=no-such-rule", "rule"),
                                 ("/api/v1/gaps?attr.no_such_attribute=1", "no_such_attribute"),
                                 ("/api/v1/gaps?as-of=", "as-of"),
                                 ("/api/v1/dashboard?as-of=12%2F12%2F2025", "as-of"),
                                 ("/api/v1/dashboard?as-of=1999-12-31", "as-of"),
                                 ("/api/v1/communes/23344?as-of=2025-02-30", "as-of"),
                                 ("/api/v1/communes/Dak%20Plo", "code"),
                                 ("/api/v1/plan?as-of=2025-09-15", "budget"),
                                 ("/api/v1/plan?budget=2e9", "budget"),
                                 ("/api/v1/plan?budget=-1", "budget"),
                                 ("/api/v1/plan?budget=1000000000000001", "budget"),
                                 ("/api/v1/plan?budget=2000000000&budgets=1%2C", "budgets"),
                                 ("/api/v1/downloads/commune.json", "commune"),
                                 ("/api/v1/downloads/plan.csv", "budget"),
                                 ("/api/v1/downloads/progress.md?since=yesterday", "since")] {
                let answer = try await browser.get(uri)
                #expect(answer.status == .unprocessableContent, "\(uri)")
                #expect(try Self.field(answer) == field, "\(uri)")
            }
            #expect(try await browser.get("/api/v1/gaps?type=x%C3%A3&rule=vcs-terminal&attr.former_province=Kon+Tum").status == .ok)
            #expect(try await browser.get("/api/v1/plan?budget=2000000000&budgets=1000000000%2C5000000000&as-of=2025-09-15").status == .ok)
            let file = try await browser.get("/api/v1/downloads/gaps.xlsx?as-of=2025-12-12")
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(try await browser.get("/api/v1/downloads/commune.json?commune=23344").status == .ok)
            #expect(try await browser.get("/api/v1/downloads/gaps.txt").status == .unprocessableContent)
        }
    }

    @Test("the document's date pattern admits every day from 2000-01-01 to the last one given, and nothing else")
    func datePatternIsExact() throws {
        let last = try #require(Day(iso: "2025-12-12"))
        let pattern = try NSRegularExpression(pattern: APIPatterns.isoDate(through: last))
        func admits(_ text: String) -> Bool { pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        var day = Limits.ledgerDays.lowerBound
        while day <= last {
            #expect(admits(day.iso), "\(day.iso)")
            day = day.adding(days: 1)
        }
        for text in ["2025-12-13", "2026-01-01", "1999-12-31", "2001-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-1-1",
                     "12/12/2025", " 2025-12-01", "2025-12-01 ", ""] {
            #expect(!admits(text), "\(text)")
        }
        let full = try NSRegularExpression(pattern: APIPatterns.isoDate())
        for text in ["2100-12-31", "2000-02-29", "2096-02-29"] { #expect(full.firstMatch(in: text, range: NSRange(location: 0, length: 10)) != nil) }
        #expect(full.firstMatch(in: "2100-02-29", range: NSRange(location: 0, length: 10)) == nil)
    }

    @Test("the document's period and number patterns admit what the use cases take, and nothing else")
    func periodAndNumberPatterns() throws {
        let today = try #require(Day(iso: "2025-12-12"))
        let period = APIPatterns.period(through: today)
        for text in ["2000", "2025", "2025-12", "2025-q4", "2025-Q4", "2024-Q1", "2010-07"] {
            #expect(APIPatterns.matches(text, period), "\(text)")
            #expect(ReportingPeriod(text) != nil)
        }
        for text in ["2026", "2026-01", "1999", "2025-13", "2025-Q5", "2025-00", " 2025", "2025-1"] {
            #expect(!APIPatterns.matches(text, period), "\(text)")
        }
        let units = APIPatterns.whole(upTo: 100_000)
        for n in [0, 1, 9, 10, 99_999, 100_000] { #expect(APIPatterns.matches(String(n), units)) }
        for text in ["100001", "-1", "01", "1.0", "1e3", "+1", "", "999999"] { #expect(!APIPatterns.matches(text, units), "\(text)") }
        let odd = APIPatterns.whole(upTo: 2025)
        for n in [0, 999, 1999, 2019, 2024, 2025] { #expect(APIPatterns.matches(String(n), odd), "\(n)") }
        for n in [2026, 2030, 2100, 3000, 9999] { #expect(!APIPatterns.matches(String(n), odd), "\(n)") }
    }

    @Test("a method an API address does not take is 405 with the methods it does in Allow; an unknown address is 404")
    func methodNotAllowed() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let trace = try await browser.send("/api/v1/me", method: .trace)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, HEAD")
            #expect(try Self.json(trace)["error"] != nil)
            let get = try await browser.get("/api/v1/communes/23344/events")
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            #expect(try await browser.send("/api/v1/downloads/gaps.csv", method: .trace).headers[.allow] == "GET, HEAD")
            #expect(try await browser.get("/api/v1/nothing-here").status == .notFound)
        }
    }
}
