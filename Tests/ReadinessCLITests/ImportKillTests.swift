import Foundation
import GRDB
import ReadinessInput
import Testing
import TestSupport

/// An import killed outright (SIGKILL: no clean-up of any kind) at any moment leaves the ledger whole:
/// all of the file or none of it, every check passing, and the same import then goes through.
@Suite struct ImportKillTests {
    /// What a database holds of one import: its events in all, and the import_file rows of that file.
    struct Holdings: Equatable, CustomStringConvertible {
        var events: Int
        var fileRows: [Int]   // each import_file row's recorded event count, for the file's hash
        var description: String { "\(events) events, import_file rows \(fileRows)" }
    }

    func holdings(_ db: String, sha256: String) throws -> Holdings {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in
            Holdings(events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0,
                     fileRows: try Int.fetchAll(db, sql: "SELECT events FROM import_file WHERE sha256 = ?", arguments: [sha256]))
        }
    }

    func copy(_ base: String, to name: String, in dir: URL) throws -> String {
        let target = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: base, toPath: target)
        return target
    }

    /// Starts `readiness import FILE --db DB` and returns the running process.
    func startImport(_ file: String, db: String, home: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["import", file, "--db", db, "--by", "test"]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        for key in ["READINESS_DB", "XDG_DATA_HOME", "READINESS_DATA"] { env.removeValue(forKey: key) }
        process.environment = env
        process.currentDirectoryURL = Fixtures.repoRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("an import killed at 20 moments of its run holds all of it or none, passes the check, and the same import then succeeds")
    func killedAtTwentyMoments() throws {
        let dir = Fixtures.temporaryDirectory()
        let home = Fixtures.temporaryDirectory()
        // 20,000 generated events of Quảng Ngãi's 96 communes in one flat file, onto the shipped sample.
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generate.arguments = ["python3", Fixtures.repoRoot.appendingPathComponent("scripts/generate_national.py").path,
                              "--province", "51", "--events", "20000", "--corrections", "0", "--today", "2025-12-31",
                              "--out", dir.appendingPathComponent("generated").path]
        generate.standardError = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        try #require(generate.terminationStatus == 0)
        let file = dir.appendingPathComponent("generated/events/51-tinh-quang-ngai.csv").path
        let sha256 = LedgerFile.sha256(try Data(contentsOf: URL(fileURLWithPath: file)))

        let sample = dir.appendingPathComponent("sample.sqlite").path
        #expect(try CLI.run(["sample", "load", "--db", sample]).status == 0)
        let base = dir.appendingPathComponent("base.sqlite").path
        #expect(try CLI.run(["backup", base, "--db", sample]).status == 0)
        let before = try holdings(base, sha256: sha256)

        // One whole run: what "all" is, and how long an import takes.
        let whole = try copy(base, to: "whole.sqlite", in: dir)
        let started = Date()
        let full = try startImport(file, db: whole, home: home)
        full.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        try #require(full.terminationStatus == 0)
        let all = try holdings(whole, sha256: sha256)
        try #require(all.events > before.events && all.fileRows == [all.events - before.events])

        var outcomes: [String] = []
        for moment in 0..<20 {
            let db = try copy(base, to: "killed-\(moment).sqlite", in: dir)
            let process = try startImport(file, db: db, home: home)
            Thread.sleep(forTimeInterval: duration * Double(moment) / 19)   // from the start to the end of a whole run
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let check = try CLI.run(["check", "--db", db], home: home)
            #expect(check.status == 0, "killed after \(moment)/20 of the run: \(check.stdout)\(check.stderr)")
            let found = try holdings(db, sha256: sha256)
            #expect(found == before || found == all, "killed after \(moment)/20 of the run: \(found), expected \(before) or \(all)")
            outcomes.append(found == all ? "all" : found == before ? "none" : "partial")

            let again = try CLI.run(["import", file, "--db", db], home: home)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try holdings(db, sha256: sha256) == all)
            try? FileManager.default.removeItem(atPath: db)
        }
        // Some kills land before the commit (none), whatever the machine's speed.
        #expect(outcomes.contains("none"), "\(outcomes)")
    }
}

