import Foundation
import GRDB
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// A plain TCP client, to hold a request half sent while the server is told to stop.
final class RawHTTPClient {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
    }

    /// Everything the server sends until it closes the connection (or 30 seconds pass).
    func readToEnd() -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// One whole response on a new connection (Connection: close).
    static func get(port: Int, _ path: String, headers: String = "") throws -> String {
        let client = try RawHTTPClient(port: port)
        client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(headers)\r\n")
        return client.readToEnd()
    }
}

/// `readiness serve` as a service runs it, and the commands an administrator keeps it with.
@Suite struct OperationsCommandTests {
    let folder = Fixtures.temporaryDirectory()
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The server on a free port with the settings of a configuration file; its standard error as it comes.
    func startServer(db: String, settings: String) async throws -> (process: Process, port: Int, stderr: ServeCommandTests.Collected) {
        let config = path("readiness.conf")
        try settings.write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--config", config, "--db", db, "--lang", "en"]
        process.currentDirectoryURL = Fixtures.repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        process.environment = environment
        let stderr = Pipe()
        let collected = ServeCommandTests.Collected()
        stderr.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        var port: Int?
        for _ in 0..<300 where port == nil && process.isRunning {
            if let match = collected.text.firstMatch(of: /serving http:\/\/127\.0\.0\.1:([0-9]+)\//) { port = Int(match.1) }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let port else {
            process.terminate()
            throw CLIError("the server did not start: \(collected.text)")
        }
        return (process, port, collected)
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("on SIGTERM a sign-in still being sent is answered and written, then the server checkpoints the database and exits 0")
    func sigtermLetsRequestsFinish() async throws {
        let db = path("web.sqlite")
        #expect(try CLI.run(["sample", "load", "--db", db]).status == 0)
        let added = try CLI.run(["user", "add", "admin", "--role", "admin", "--db", db, "--lang", "en"])
        let password = try #require(added.stdout.firstMatch(of: /one-time password: ([a-z0-9-]{19})/)?.1)
        let server = try await startServer(db: db, settings: "host = 127.0.0.1\nport = 0\nlog-format = json\n")
        defer { if server.process.isRunning { server.process.terminate() } }

        let login = try RawHTTPClient.get(port: server.port, "/login")
        let cookie = try #require(login.firstMatch(of: /(?i)set-cookie: (readiness_csrf=[0-9a-f]{64})/)?.1)
        let token = try #require(login.firstMatch(of: /name="csrf_token" value="([0-9a-f]{64})"/)?.1)
        let body = "csrf_token=\(token)&name=admin&password=\(password)"
        let client = try RawHTTPClient(port: server.port)
        client.send("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: \(cookie)\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                    + String(body.prefix(20)))
        try await Task.sleep(for: .milliseconds(300))

        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(700))
        #expect(server.process.isRunning, "the server stopped with a request in flight")
        // New connections are no longer taken.
        #expect((try? RawHTTPClient.get(port: server.port, "/healthz"))?.contains("200") != true)

        client.send(String(body.dropFirst(20)))
        let response = client.readToEnd()
        #expect(response.hasPrefix("HTTP/1.1 303"), "\(response)")
        #expect(response.lowercased().contains("location: /password"))
        for _ in 0..<100 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0, "\(server.stderr.text)")
        #expect(server.stderr.text.contains("stopped;"))
        // Checkpointed: the write-ahead log is gone into the file, and the session is in it.
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        let sessions = try await DatabaseQueue(path: db).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") }
        #expect(sessions == 1)
        // The request log: JSON lines with the route, never the form's values.
        let lines = server.stderr.text.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.contains { $0.contains(#""route":"/login""#) && $0.contains(#""method":"POST""#) && $0.contains(#""status":"303""#) })
        #expect(!server.stderr.text.contains(String(password)))
    }

    /// The cookies a response sets, as one Cookie header value (later ones replacing earlier ones of the same name).
    static func cookies(_ response: String, into jar: inout [String: String]) {
        for match in response.matches(of: /(?i)set-cookie: ([^=;\r\n]+)=([^;\r\n]*)/) { jar[String(match.1)] = String(match.2) }
    }

    static func header(_ jar: [String: String]) -> String { jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    /// One request on a new connection, with the jar's cookies; the jar takes the cookies of the answer.
    static func request(port: Int, _ method: String, _ path: String, jar: inout [String: String], contentType: String? = nil,
                        body: String = "") throws -> String {
        let client = try RawHTTPClient(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: \(header(jar))\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n" }
        client.send(head + "\r\n" + body)
        let response = client.readToEnd()
        cookies(response, into: &jar)
        return response
    }

    static func csrf(_ page: String) -> String? { page.firstMatch(of: /name="csrf_token" value="([0-9a-f]{64})"/).map { String($0.1) } }

    @Test("on SIGTERM during an import's confirmation the whole file is written and answered, then the server exits 0")
    func sigtermDuringImportConfirmation() async throws {
        let db = path("web.sqlite")
        #expect(try CLI.run(["sample", "load", "--db", db]).status == 0)
        let added = try CLI.run(["user", "add", "xa-dakplo", "--role", "commune", "--commune", "23344", "--db", db, "--lang", "en"])
        let oneTime = try #require(added.stdout.firstMatch(of: /one-time password: ([a-z0-9-]{19})/)?.1)
        let before = try await DatabaseQueue(path: db).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
        let server = try await startServer(db: db, settings: "host = 127.0.0.1\nport = 0\n")
        defer { if server.process.isRunning { server.process.terminate() } }
        let form = "application/x-www-form-urlencoded"
        var jar: [String: String] = [:]
        let login = try Self.request(port: server.port, "GET", "/login", jar: &jar)
        _ = try Self.request(port: server.port, "POST", "/login", jar: &jar, contentType: form,
                             body: "csrf_token=\(try #require(Self.csrf(login)))&name=xa-dakplo&password=\(oneTime)")
        let change = try Self.request(port: server.port, "GET", "/password", jar: &jar)
        let own = "a-sentence-only-i-know"
        let changed = try Self.request(port: server.port, "POST", "/password", jar: &jar, contentType: form,
                                       body: "csrf_token=\(try #require(Self.csrf(change)))&current=\(oneTime)&password=\(own)&confirmation=\(own)")
        #expect(changed.hasPrefix("HTTP/1.1 303"), "\(changed)")
        let page = try Self.request(port: server.port, "GET", "/import", jar: &jar)
        let token = try #require(Self.csrf(page))
        // 400 days of one holding: the confirmation writes them all or none.
        var csv = "commune_code,item,working,broken,date\n"
        for day in 0..<400 { csv += "23344,photocopier,\(day % 5),0,\(Day(iso: "2024-06-01")!.adding(days: day).iso)\n" }
        let boundary = "rushboundary42"
        let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(token)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"days.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
            + "--\(boundary)--\r\n"
        let checked = try Self.request(port: server.port, "POST", "/import", jar: &jar, contentType: "multipart/form-data; boundary=\(boundary)",
                                       body: multipart)
        let confirmToken = try #require(checked.firstMatch(of: /name="token" value="([0-9a-f]{64})"/)?.1, "\(checked.prefix(2000))")
        let body = "csrf_token=\(try #require(Self.csrf(checked)))&token=\(confirmToken)"
        let client = try RawHTTPClient(port: server.port)
        client.send("POST /import/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: \(Self.header(jar))\r\n"
                    + "Content-Type: \(form)\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(30)))
        try await Task.sleep(for: .milliseconds(300))

        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(700))
        #expect(server.process.isRunning, "the server stopped with the confirmation in flight")
        client.send(String(body.dropFirst(30)))
        let response = client.readToEnd()
        #expect(response.hasPrefix("HTTP/1.1 303"), "\(response.prefix(500))")
        for _ in 0..<100 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0, "\(server.stderr.text)")
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        let after = try await DatabaseQueue(path: db).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
        #expect(after == before + 400)
    }

    @Test("the settings come from the configuration file; a wrong line stops the server before it starts, naming the line")
    func configurationFile() async throws {
        let db = path("web.sqlite")
        let server = try await startServer(db: db, settings: "# test\nport = 0\nsecure-cookies = true\n")
        let login = try RawHTTPClient.get(port: server.port, "/login")
        #expect(login.lowercased().contains("set-cookie: __host-readiness_csrf="))
        #expect(login.contains("; Secure"))
        let health = try RawHTTPClient.get(port: server.port, "/healthz")
        #expect(health.hasPrefix("HTTP/1.1 200") && health.hasSuffix("ok\n") && !health.lowercased().contains("set-cookie"))
        server.process.interrupt()
        server.process.waitUntilExit()

        let config = path("bad.conf")
        try "port = 8080\nlisten = 0.0.0.0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["serve", "--config", config, "--db", db, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(config), line 2: unknown setting listen"))
        let missing = try CLI.run(["serve", "--config", path("none.conf"), "--db", db, "--lang", "en"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no configuration file"))
    }

    @Test("serve refuses a database written by a newer version: the service stays down")
    func serveRefusesNewerDatabase() throws {
        let db = path("newer.sqlite")
        #expect(try CLI.run(["sample", "load", "--db", db]).status == 0)
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('from-the-future')") }
        try queue.close()
        let run = try CLI.run(["serve", "--port", "0", "--db", db, "--lang", "en"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("written by a newer version of readiness (from-the-future)"), "\(run.stderr)")
    }

    @Test("migrate --check lists what would run on an earlier database, migrate runs it after a backup beside it")
    func migrateCheck() throws {
        let db = path("readiness.sqlite")
        let fixtures = Fixtures.repoRoot.appendingPathComponent("Tests/ReadinessStoreTests/Fixtures")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("v2.sqlite").path, toPath: db)
        let check = try CLI.run(["migrate", "--check", "--db", db, "--lang", "en"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("would run:"))
        #expect(check.stdout.contains("  v3: ledger clustered by holding"))
        #expect(check.stderr.contains("is not up to date"))
        #expect(InventoryDatabase.upgradeBackups(of: db).isEmpty)

        let migrate = try CLI.run(["migrate", "--db", db, "--lang", "en"])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(InventoryDatabase.upgradeBackups(of: db).count == 1)
        let again = try CLI.run(["migrate", "--check", "--db", db, "--lang", "en"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("is up to date"))
    }

    @Test("backup --into adds a dated, checked backup and thins the folder out")
    func backupInto() throws {
        let db = path("readiness.sqlite")
        #expect(try CLI.run(["sample", "load", "--db", db]).status == 0)
        let backups = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        for name in ["readiness-2020-01-01T000000Z.sqlite", "readiness-2020-01-02T000000Z.sqlite", "keep-me.txt"] {
            try Data().write(to: backups.appendingPathComponent(name))
        }
        let run = try CLI.run(["backup", "--into", backups.path, "--keep-daily", "2", "--keep-weekly", "0", "--db", db, "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 backups kept in \(backups.path), 1 removed"))
        let left = try FileManager.default.contentsOfDirectory(atPath: backups.path).sorted()
        #expect(left.count == 3 && left.contains("keep-me.txt") && left.contains("readiness-2020-01-02T000000Z.sqlite"))
        let neither = try CLI.run(["backup", "--db", db, "--lang", "en"])
        #expect(neither.status == 1)
    }
}
