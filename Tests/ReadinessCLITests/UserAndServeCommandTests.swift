import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

@Suite struct UserCommandTests {
    @Test("user add prints a one-time password; list, disable and password do what they say")
    func userCommands() throws {
        let db = try GapsCommandTests.sampleDB()
        let add = try CLI.run(["user", "add", "xa-dakplo", "--role", "commune", "--commune", "23344", "--db", db, "--lang", "en"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.hasPrefix("added commune account xa-dakplo, commune 23344, province 51\n"))
        let password = try #require(add.stdout.firstMatch(of: /one-time password: ([a-z0-9-]{19})/)?.1)

        let admin = try CLI.run(["user", "add", "admin", "--role", "admin", "--db", db])
        #expect(admin.status == 0)
        #expect(!admin.stdout.contains(password))

        let list = try CLI.run(["user", "list", "--db", db, "--lang", "en"])
        #expect(list.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                == ["NAME ROLE", "admin admin", "xa-dakplo commune"])
        #expect(list.stdout.contains("one-time password"))
        #expect(try CLI.run(["user", "list", "--role", "admin", "--db", db]).stdout.split(separator: "\n").count == 2)

        let reset = try CLI.run(["user", "password", "xa-dakplo", "--db", db, "--lang", "en"])
        #expect(reset.status == 0)
        #expect(reset.stdout.firstMatch(of: /one-time password: ([a-z0-9-]{19})/)?.1 != password)

        let disable = try CLI.run(["user", "disable", "xa-dakplo", "--db", db])
        #expect(disable.status == 0)
        #expect(try CLI.run(["user", "list", "--db", db, "--lang", "en"]).stdout.contains("disabled"))
    }

    @Test("user enable lets a disabled account sign in again")
    func userEnable() throws {
        let db = try GapsCommandTests.sampleDB()
        #expect(try CLI.run(["user", "add", "xa-dakplo", "--role", "commune", "--commune", "23344", "--db", db]).status == 0)
        #expect(try CLI.run(["user", "disable", "xa-dakplo", "--db", db]).status == 0)
        let enable = try CLI.run(["user", "enable", "xa-dakplo", "--db", db, "--lang", "en"])
        #expect(enable.status == 0)
        #expect(enable.stdout == "enabled xa-dakplo; it can sign in again\n")
        #expect(!(try CLI.run(["user", "list", "--db", db, "--lang", "en"]).stdout.contains("disabled")))
        #expect(try CLI.run(["user", "enable", "nobody", "--db", db, "--lang", "en"]).stderr == "error: no account named nobody\n")
    }

    @Test("the use cases' refusals are user errors: exit 1, nothing added")
    func refusals() throws {
        let db = try GapsCommandTests.sampleDB()
        let noCommune = try CLI.run(["user", "add", "someone", "--role", "commune", "--db", db, "--lang", "en"])
        #expect(noCommune.status == 1)
        #expect(noCommune.stderr == "error: a commune account needs --commune CODE\n")
        let unknown = try CLI.run(["user", "add", "someone", "--role", "commune", "--commune", "99999", "--db", db, "--lang", "en"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no commune 99999"))
        #expect(try CLI.run(["user", "disable", "nobody", "--db", db, "--lang", "en"]).stderr == "error: no account named nobody\n")
        let badRole = try CLI.run(["user", "add", "someone", "--role", "mayor", "--db", db])
        #expect(badRole.status == 1)
        #expect(try CLI.run(["user", "list", "--db", db, "--lang", "en"]).stderr == "no accounts\n")
    }
}

@Suite struct ServeCommandTests {
    /// Collects what a process writes to a pipe, as it comes.
    final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var data = Data()
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
        func append(_ more: Data) { lock.withLock { data.append(more) } }
    }

    @Test("serve listens on 127.0.0.1 on a free port, serves the login page, and stops on SIGINT with exit 0")
    func serveAndStop() async throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("web.sqlite").path
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--lang", "en"]
        process.currentDirectoryURL = Fixtures.repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = Fixtures.temporaryDirectory().path
        environment.removeValue(forKey: "READINESS_DB")
        process.environment = environment
        let stderr = Pipe()
        let collected = Collected()
        stderr.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var port: Int?
        for _ in 0..<300 where port == nil {
            if let match = collected.text.firstMatch(of: /serving http:\/\/127\.0\.0\.1:([0-9]+)\//) { port = Int(match.1) }
            try await Task.sleep(for: .milliseconds(100))
        }
        let listening = try #require(port, "no 'serving' line; stderr: \(collected.text)")
        #expect(collected.text.contains("has no accounts yet"))

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(listening)/login")!)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(#"action="/login""#))
        #expect(http.value(forHTTPHeaderField: "X-Frame-Options") == "DENY")

        process.interrupt()
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0, "stderr: \(collected.text)")
    }
}
