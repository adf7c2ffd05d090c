import Foundation
import ReadinessApp
import Testing
import TestSupport

@Suite struct ServerSettingsTests {
    @Test("a configuration file gives every setting, with comments and blank lines")
    func everySetting() throws {
        let settings = try ServerSettings.parse("""
            # the shipped file
            host = 0.0.0.0

            port = 8443
            database = /var/lib/readiness/readiness.sqlite
            secure-cookies = yes
            trusted-proxy = 127.0.0.1, ::1
            trusted-proxy = 10.0.0.2
            log-format = json
            metrics-from = 10.0.0.5
            """, file: "readiness.conf")
        #expect(settings == ServerSettings(host: "0.0.0.0", port: 8443, database: "/var/lib/readiness/readiness.sqlite",
                                           secureCookies: true, trustedProxies: ["127.0.0.1", "::1", "10.0.0.2"],
                                           logFormat: .json, metricsReaders: ["10.0.0.5"]))
    }

    @Test("a wrong line is refused with the file, its line number and what is wrong")
    func refusals() {
        let cases: [(String, String)] = [
            ("port = 70000", "readiness.conf, line 1: port must be 0 to 65535"),
            ("\nhost", "readiness.conf, line 2: expected key = value"),
            ("colour = blue", "readiness.conf, line 1: unknown setting colour; known: host, port, database, secure-cookies, trusted-proxy, log-format, metrics-from"),
            ("database = readiness.sqlite", "readiness.conf, line 1: database must be an absolute path"),
            ("trusted-proxy = nginx.local", "readiness.conf, line 1: trusted-proxy nginx.local is not an IP address"),
            ("secure-cookies = maybe", "readiness.conf, line 1: secure-cookies must be true or false"),
            ("log-format = xml", "readiness.conf, line 1: log-format must be text or json"),
            ("port = 1\nport = 2", "readiness.conf, line 2: port is given twice"),
            ("host =", "readiness.conf, line 1: host needs a value"),
        ]
        for (text, message) in cases {
            #expect(throws: AppError.self) { try ServerSettings.parse(text, file: "readiness.conf") }
            do { _ = try ServerSettings.parse(text, file: "readiness.conf") } catch { #expect(error.message == message) }
        }
    }

    @Test("a flag wins over the file; addresses given as flags replace the file's")
    func flagsWin() {
        let file = ServerSettings(host: "0.0.0.0", port: 8080, database: "/srv/r.sqlite", secureCookies: true,
                                  trustedProxies: ["127.0.0.1"], logFormat: .json)
        let merged = file.overridden(by: ServerSettings(port: 9000, secureCookies: false, trustedProxies: ["10.0.0.2"]))
        #expect(merged == ServerSettings(host: "0.0.0.0", port: 9000, database: "/srv/r.sqlite", secureCookies: false,
                                         trustedProxies: ["10.0.0.2"], logFormat: .json))
    }

    @Test("the default file is optional, a file asked for is not")
    func missingFile() throws {
        let missing = Fixtures.temporaryDirectory().appendingPathComponent("readiness.conf").path
        #expect(try ServerSettings.load(path: missing, required: false) == ServerSettings())
        #expect(throws: AppError.self) { try ServerSettings.load(path: missing, required: true) }
    }
}

@Suite struct RotatingBackupTests {
    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test("backups are named for their UTC time, and only those names are read back as backups")
    func names() {
        let date = Self.date("2026-01-31T23:05:09Z")
        #expect(RotatingBackup.fileName(at: date) == "readiness-2026-01-31T230509Z.sqlite")
        #expect(RotatingBackup.date(ofFileName: "readiness-2026-01-31T230509Z.sqlite") == date)
        for other in ["readiness.sqlite", "readiness-2026-02-30T000000Z.sqlite", "readiness-2026-01-31T230509Z.sqlite.partial",
                      "notes.txt", "readiness-2026-1-31T230509Z.sqlite"] {
            #expect(RotatingBackup.date(ofFileName: other) == nil)
        }
    }

    @Test("kept: the newest of each of the last 14 days and of each of the last 8 weeks")
    func retention() {
        // Two backups a day, at 01:00 and 13:00, for 120 days up to Sunday 2026-05-31.
        let end = Self.date("2026-05-31T13:00:00Z")
        var names: [String] = []
        for day in 0..<120 {
            for hours in [0, 12] {
                names.append(RotatingBackup.fileName(at: end.addingTimeInterval(-Double(day * 86_400 + hours * 3_600))))
            }
        }
        let kept = RotatingBackup.kept(names, keepDaily: 14, keepWeekly: 8).sorted(by: >)
        // The 14 days' 13:00 backups, then the Sundays' of the 6 weeks before them (the last two weeks' are daily ones).
        #expect(kept.count == 14 + 6)
        #expect(kept.first == "readiness-2026-05-31T130000Z.sqlite")
        #expect(kept.contains("readiness-2026-05-18T130000Z.sqlite"))
        #expect(!kept.contains("readiness-2026-05-17T010000Z.sqlite"))
        #expect(kept.contains("readiness-2026-05-10T130000Z.sqlite"))  // a Sunday, the newest of its ISO week
        #expect(kept.last == "readiness-2026-04-12T130000Z.sqlite")    // the eighth week back
        #expect(kept.allSatisfy { $0.contains("T130000Z") })
    }

    @Test("a backup into a folder adds a checked copy and removes only the old backups that fall out")
    func runIntoFolder() throws {
        let store = try Fixtures.sampleStore()
        let folder = Fixtures.temporaryDirectory()
        let old = ["readiness-2026-01-01T020000Z.sqlite", "readiness-2026-01-02T020000Z.sqlite", "readiness-2026-01-03T020000Z.sqlite"]
        for name in old + ["notes.txt", "readiness.sqlite"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        let backup = RotatingBackup(clock: .fixed(Self.date("2026-01-04T02:30:00Z")))
        let result = try backup.run(database: store.path, into: folder.path, keepDaily: 2, keepWeekly: 0)
        #expect(result.backup.file == folder.appendingPathComponent("readiness-2026-01-04T023000Z.sqlite").path)
        #expect(result.backup.contents.communes == 96)
        #expect(result.kept.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["readiness-2026-01-04T023000Z.sqlite", "readiness-2026-01-03T020000Z.sqlite"])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["notes.txt", "readiness-2026-01-03T020000Z.sqlite", "readiness-2026-01-04T023000Z.sqlite", "readiness.sqlite"])
    }

    @Test("a folder that does not exist, or keeping nothing, is refused before anything is written")
    func refusals() throws {
        let store = try Fixtures.sampleStore()
        let missing = Fixtures.temporaryDirectory().appendingPathComponent("none").path
        #expect(throws: AppError.self) { try RotatingBackup().run(database: store.path, into: missing, keepDaily: 14, keepWeekly: 8) }
        let folder = Fixtures.temporaryDirectory()
        #expect(throws: AppError.self) { try RotatingBackup().run(database: store.path, into: folder.path, keepDaily: 0, keepWeekly: 0) }
        #expect(throws: AppError.self) { try RotatingBackup().run(database: store.path, into: folder.path, keepDaily: 100_000, keepWeekly: 0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
