import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// Log entries kept in memory, for the tests of the request log.
final class CapturedLog: @unchecked Sendable {
    struct Entry { var level: Logger.Level; var message: String; var metadata: [String: String] }
    private let lock = NSLock()
    private var _entries: [Entry] = []
    var entries: [Entry] { lock.withLock { _entries } }
    func append(_ entry: Entry) { lock.withLock { _entries.append(entry) } }

    var logger: Logger {
        Logger(label: "readiness.requests") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.append(Entry(level: event.level, message: event.message.description,
                             metadata: (event.metadata ?? [:]).mapValues { "\($0)" }))
        }
    }
}

@Suite struct OperationsTests {
    static func configuration(_ operations: OperationsConfiguration) -> WebConfiguration {
        var configuration = WebHarness.configuration()
        configuration.operations = operations
        return configuration
    }

    @Test("/healthz and /readyz answer ok without a session, and set no cookie")
    func healthWithoutSession() async throws {
        let harness = try await WebHarness()
        try await harness.app().test(.router) { client in
            for path in ["/healthz", "/readyz"] {
                let response = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
                #expect(response.headers[values: .setCookie].isEmpty)
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("/readyz answers 503 with the reason when the database was written by a newer version")
    func notReadyOnNewerDatabase() async throws {
        let harness = try await WebHarness()
        let queue = try DatabaseQueue(path: harness.path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('a-migration-from-the-future')")
        }
        try queue.close()
        try await harness.app().test(.router) { client in
            let response = try await client.executeRequest(uri: "/readyz", method: .get, headers: [:], body: nil)
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body).contains("a-migration-from-the-future"))
            #expect(try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)
        }
    }

    @Test("X-Forwarded-For names the client only after a trusted proxy, from the right, and only when it is a list of addresses")
    func forwardedClient() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.2"]
        #expect(ForwardedClientMiddleware.client(forwardedFor: ["203.0.113.7"], trustedProxies: trusted) == "203.0.113.7")
        // The client's own claim comes first; what the proxy saw is last.
        #expect(ForwardedClientMiddleware.client(forwardedFor: ["1.2.3.4, 203.0.113.7"], trustedProxies: trusted) == "203.0.113.7")
        #expect(ForwardedClientMiddleware.client(forwardedFor: ["1.2.3.4", "203.0.113.7, 10.0.0.2"], trustedProxies: trusted) == "203.0.113.7")
        #expect(ForwardedClientMiddleware.client(forwardedFor: ["2001:DB8::1"], trustedProxies: trusted) == "2001:db8::1")
        #expect(ForwardedClientMiddleware.client(forwardedFor: ["not-an-address"], trustedProxies: trusted) == nil)
        #expect(ForwardedClientMiddleware.client(forwardedFor: [], trustedProxies: trusted) == nil)
        #expect(ForwardedClientMiddleware.client(forwardedFor: [String(repeating: "1.1.1.1,", count: 1000)], trustedProxies: trusted) == nil)
    }

    /// Eleven failed sign-ins, each under another name, from the client that `forwardedFor` claims to be.
    static func failSignIns(_ browser: Browser, forwardedFor: String) async throws {
        for i in 0..<11 {
            try await browser.get("/login")
            try await browser.post("/login", ["name": "nobody-\(i)", "password": "wrong"], headers: [.init("X-Forwarded-For")!: forwardedFor])
        }
    }

    @Test("behind a trusted proxy, the sign-in limit counts each forwarded client apart")
    func throttlePerForwardedClient() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        let configuration = Self.configuration(OperationsConfiguration(trustedProxies: ["127.0.0.1"]))
        try await harness.app(configuration: configuration).test(.live) { client in
            let attacker = Browser(client)
            try await Self.failSignIns(attacker, forwardedFor: "203.0.113.7")
            try await attacker.get("/login")
            let stopped = try await attacker.post("/login", ["name": "xa-dakplo", "password": "correct horse battery"],
                                                  headers: [.init("X-Forwarded-For")!: "203.0.113.7"])
            #expect(stopped.status == .tooManyRequests)
            let officer = Browser(client)
            try await officer.get("/login")
            let signedIn = try await officer.post("/login", ["name": "xa-dakplo", "password": "correct horse battery"],
                                                  headers: [.init("X-Forwarded-For")!: "198.51.100.20"])
            #expect(signedIn.status == .seeOther)
        }
    }

    @Test("from a peer that is not a trusted proxy, X-Forwarded-For is ignored: a client cannot change its address")
    func forwardedIgnoredFromOthers() async throws {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.app().test(.live) { client in
            try await Self.failSignIns(Browser(client), forwardedFor: "203.0.113.7")
            let other = Browser(client)
            try await other.get("/login")
            let stopped = try await other.post("/login", ["name": "xa-dakplo", "password": "correct horse battery"],
                                               headers: [.init("X-Forwarded-For")!: "198.51.100.20"])
            #expect(stopped.status == .tooManyRequests)
        }
    }

    @Test("one log entry per request: method, route pattern without values or query, status, duration, account, client")
    func requestLog() async throws {
        let harness = try await WebHarness()
        let account = try await harness.account("xa-dakplo")
        let log = CapturedLog()
        let configuration = Self.configuration(OperationsConfiguration(requestLogger: log.logger))
        try await harness.app(configuration: configuration).test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/communes/23344?name=Nguyen+Van+A")
            try await browser.get("/no-such-page/secret-value")
            _ = try await client.executeRequest(uri: "/static/app.css", method: .get, headers: [:], body: nil)
        }
        let requests = log.entries.filter { $0.message == "request" }
        #expect(requests.map { $0.metadata["route"] ?? "" } == ["/login", "/login", "/communes/{code}", "unmatched", "/static/*"])
        #expect(requests.map { $0.metadata["method"] ?? "" } == ["GET", "POST", "GET", "GET", "GET"])
        #expect(requests.map { $0.metadata["status"] ?? "" } == ["200", "303", "200", "404", "200"])
        #expect(requests[2].metadata["account"] == "\(account.id)")
        #expect(requests[0].metadata["account"] == nil)
        #expect(requests.allSatisfy { Double($0.metadata["duration_ms"] ?? "") != nil })
        let everything = requests.flatMap { $0.metadata.values }.joined(separator: " ")
        #expect(!everything.contains("23344") && !everything.contains("Nguyen") && !everything.contains("secret-value"))
    }

    /// The test process's metrics, reported into one registry (swift-metrics is bootstrapped once per process).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    @Test("/metrics shows the requests by route and status to this machine, never through a proxy or to others")
    func metrics() async throws {
        let harness = try await WebHarness()
        let configuration = Self.configuration(OperationsConfiguration(trustedProxies: ["127.0.0.1"], metrics: Self.registry))
        try await harness.app(configuration: configuration).test(.live) { client in
            _ = try await client.executeRequest(uri: "/login", method: .get, headers: [:], body: nil)
            let metrics = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(metrics.status == .ok)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"http_route="/login""#) || text.contains(#"/login"#))
            #expect(text.contains("http_server_request_duration"))
            #expect(text.contains("readiness_sessions_active 0"))
            let proxied = try await client.executeRequest(uri: "/metrics", method: .get,
                                                          headers: [.init("X-Forwarded-For")!: "127.0.0.1"], body: nil)
            #expect(proxied.status == .forbidden)
        }
        let elsewhere = Self.configuration(OperationsConfiguration(metrics: Self.registry, metricsReaders: ["10.0.0.9"]))
        try await harness.app(configuration: elsewhere).test(.live) { client in
            let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.status == .forbidden)
        }
    }

    @Test("after an import through the web, /metrics counts its rows and times the database's writes")
    func importMetrics() async throws {
        let harness = try await InventoryPagesTests.harness()
        let configuration = Self.configuration(OperationsConfiguration(metrics: Self.registry))
        try await harness.app(configuration: configuration).test(.live) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            try await browser.get("/import")
            let checked = try await browser.upload("/import", files: [("file", "vcs.csv", Array(InventoryPagesTests.vcsCSV.utf8))])
            let start = try #require(checked.text.range(of: #"name="token" value=""#))
            let done = try await browser.post("/import/confirm", ["token": String(checked.text[start.upperBound...].prefix(64))])
            #expect(done.status == .ok)
            let text = String(buffer: try await browser.get("/metrics").body)
            let rows = text.split(separator: "\n").first { $0.hasPrefix("readiness_imported_rows ") }
            #expect(rows.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 1 } == true, "\(text)")
            #expect(text.contains("readiness_db_write_duration_count"))
        }
    }

    @Test("a JSON log line escapes what a value holds: one line, valid JSON, the fields as given")
    func jsonLogLine() throws {
        let captured = CapturedBytes()
        var logger = Logger(label: "readiness.requests") { label in JSONLogHandler(label: label, write: captured.append) }
        logger.logLevel = .info
        logger.info("request", metadata: ["route": "/a\"b\\c\nd\u{1B}[31m", "message": "forged"])
        let text = captured.text
        #expect(text.hasSuffix("}\n"))
        #expect(text.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(object["route"] == "/a\"b\\c\nd\u{1B}[31m")
        #expect(object["message"] == "request")
        #expect(object["meta_message"] == "forged")
        #expect(object["level"] == "info")
        #expect(object["time"]?.hasSuffix("Z") == true)
    }
}

final class CapturedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    @Sendable func append(_ more: Data) { lock.withLock { data.append(more) } }
}
