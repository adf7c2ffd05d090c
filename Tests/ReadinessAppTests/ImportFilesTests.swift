import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore
import Testing
import TestSupport

@Suite("Importing files given as bytes, in process")
struct ImportFilesInProcessTests {
    static let vcsRow = "commune_code,item,working,broken,date,meets_hnth\n23344,vcs-terminal,1,0,2025-12-10,có\n"

    static func input(_ files: [ImportSource], dryRun: Bool = false) -> ImportFiles.Input {
        ImportFiles.Input(files: files, dryRun: dryRun, importedBy: "Sở KH&CN", summaryLanguage: .en)
    }

    @Test("a flat CSV adds its event, names the rule it meets, and keeps who imported")
    func imports() async throws {
        let app = try AppFixture()
        let report = try await ImportFiles(session: app.session).run(Self.input([ImportSource(name: "vcs.csv", bytes: app.bytes(Self.vcsRow))]))
        #expect(report.added == 1)
        #expect(report.written)
        #expect(report.changes.contains { $0.rule.id == "vcs-terminal" && $0.commune.code == "23344" && $0.direction == .becameMet })
        #expect(!report.summary.isEmpty)
        let file = try #require(try app.database.importedFile(sha256: LedgerFile.sha256(app.bytes(Self.vcsRow))))
        #expect(file.importedBy == "Sở KH&CN")
        #expect(file.events == 1)
    }

    @Test("a long summary is left to its digest unless the whole summary is asked for")
    func longSummary() async throws {
        let rows = try AppFixture().session.communes.prefix(40).map { "\($0.code),vcs-terminal,0,1,2025-12-10," }
        let text = "commune_code,item,working,broken,date,meets_hnth\n" + rows.joined(separator: "\n") + "\n"
        for whole in [false, true] {
            let app = try AppFixture()
            var input = Self.input([ImportSource(name: "broken.csv", bytes: app.bytes(text))])
            input.wholeSummary = whole
            let report = try await ImportFiles(session: app.session).run(input)
            #expect(!ChangeDigest(changes: report.changes, language: .en).isShort)
            #expect(report.summary.isEmpty == !whole)
        }
    }

    @Test("a dry run judges the same changes and writes nothing")
    func dryRun() async throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let report = try await ImportFiles(session: app.session).run(Self.input([ImportSource(name: "vcs.csv", bytes: app.bytes(Self.vcsRow))],
                                                                                 dryRun: true))
        #expect(report.added == 1)
        #expect(!report.written)
        #expect(!report.changes.isEmpty)
        #expect(try app.eventCount() == before)
    }

    @Test("the same file again adds nothing and says when it was imported")
    func again() async throws {
        let app = try AppFixture()
        let file = ImportSource(name: "vcs.csv", bytes: app.bytes(Self.vcsRow))
        _ = try await ImportFiles(session: app.session).run(Self.input([file]))
        let report = try await ImportFiles(session: app.session).run(Self.input([file]))
        #expect(report.added == 0)
        #expect(report.files.first?.alreadyImported != nil)
    }

    @Test("every problem of every file at once, with an unreadable file among them, and nothing written")
    func problems() async throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let bad = "commune_code,item,working,broken,date\n23344,vcs-terminal,-1,0,2025-12-10\n99999,queue-machine,1,0,2025-12-10\n"
        let error = await appError {
            try await ImportFiles(session: app.session).run(Self.input([
                ImportSource(name: "bad.csv", bytes: app.bytes(bad)),
                ImportSource(name: "gone.csv", unreadable: "cannot read the file: no such file"),
            ]))
        }
        #expect(error?.kind == .input)
        #expect(Set(error?.issues.map { $0.file } ?? []) == ["bad.csv", "gone.csv"])
        #expect((error?.issues.count ?? 0) >= 3)
        #expect(try app.eventCount() == before)
    }

    @Test("a row dated after today is refused")
    func futureRow() async throws {
        let app = try AppFixture(today: "2025-12-01")
        let error = await appError {
            try await ImportFiles(session: app.session).run(Self.input([ImportSource(name: "vcs.csv", bytes: app.bytes(Self.vcsRow))]))
        }
        #expect(error?.kind == .input)
    }

    @Test("the import is stamped with the session's clock")
    func stamped() async throws {
        let app = try AppFixture()
        _ = try await ImportFiles(session: app.session).run(Self.input([ImportSource(name: "vcs.csv", bytes: app.bytes(Self.vcsRow))]))
        let event = try #require(try app.database.events(commune: "23344", item: "vcs-terminal").first)
        #expect(event.recordedAt.hasPrefix("2025-12-12"))
    }
}
