import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessStore
import Testing
import TestSupport

/// A large import is read and written run after run in one transaction; these make the runs small
/// (16 rows) so that a file of a few hundred rows goes in many of them.
@Suite("Importing in runs of rows, in process")
struct ImportInRunsTests {
    static let inRuns = ImportFiles.Reading(runLength: 16, wholeFileLines: 0)

    /// A flat file over the sample's first communes: for each, three items on two days, in an order that
    /// is not the ledger's (by day first), so that runs interleave.
    static func flatFile(_ app: AppFixture, communes: Int = 40) -> String {
        var lines = ["commune_code,item,working,broken,date,meets_hnth"]
        for day in ["2025-10-01", "2025-11-03"] {
            for (k, c) in app.session.communes.prefix(communes).enumerated() {
                lines.append("\(c.code),queue-machine,\(1 + k % 2),0,\(day),")
                lines.append("\(c.code),vcs-terminal,1,\(k % 3 == 0 ? 1 : 0),\(day),\(k % 2 == 0 ? "true" : "false")")
                lines.append("\(c.code),official-pc,\(3 + k % 4),0,\(day),")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func input(_ files: [ImportSource], dryRun: Bool = false) -> ImportFiles.Input {
        ImportFiles.Input(files: files, dryRun: dryRun, importedBy: "Sở KH&CN", summaryLanguage: .en)
    }

    /// What the ledger says of the communes, as rows to compare (in no order: ids of one day may differ).
    static func ledger(_ app: AppFixture, communes: Int = 40) throws -> [String] {
        try app.session.communes.prefix(communes).flatMap { c in
            try app.database.events(commune: c.code).map { e in
                "\(e.communeCode) \(e.item) \(e.effectiveOn.iso) \(e.working) \(e.broken) \(e.attributes.keys.sorted())"
            }
        }.sorted()
    }

    @Test("an import read in runs adds the same events and changes as one read whole")
    func sameAsWhole() async throws {
        let inRuns = try AppFixture(), whole = try AppFixture()
        let file = ImportSource(name: "many.csv", bytes: inRuns.bytes(Self.flatFile(inRuns)))
        let a = try await ImportFiles(session: inRuns.session, reading: Self.inRuns).run(Self.input([file]))
        let b = try await ImportFiles(session: whole.session).run(Self.input([file]))
        #expect(a.added == 240)
        #expect(a.added == b.added)
        #expect(a.changes == b.changes)
        let (ledgerInRuns, ledgerWhole) = (try Self.ledger(inRuns), try Self.ledger(whole))
        #expect(ledgerInRuns.count == ledgerWhole.count)
        #expect(ledgerInRuns == ledgerWhole, "\(ledgerInRuns.count) rows")
        let found = try inRuns.database.checks()
        #expect(found.allSatisfy { $0.passed })
    }

    @Test("a problem on the last row, found after the first runs were written, leaves the ledger as it was")
    func lateProblem() async throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let text = Self.flatFile(app) + "23344,queue-machine,-1,0,2025-11-03,\n"
        let error = await appError {
            try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([ImportSource(name: "many.csv", bytes: app.bytes(text))]))
        }
        #expect(error?.kind == .input)
        #expect(error?.issues.map(\.line) == [242])
        #expect(try app.eventCount() == before)
        let recorded = try app.database.importedFile(sha256: LedgerFile.sha256(app.bytes(text)))
        #expect(recorded == nil)
    }

    @Test("a row repeating one of an earlier run is added once and counted unchanged")
    func repeatAcrossRuns() async throws {
        let app = try AppFixture()
        let text = Self.flatFile(app) + Self.flatFile(app).split(separator: "\n")[1] + "\n"
        let report = try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([ImportSource(name: "many.csv", bytes: app.bytes(text))]))
        #expect(report.added == 240)
        #expect(report.files.first?.unchanged == 1)
    }

    @Test("two rows of one holding and day in different runs that disagree are refused, naming the earlier line")
    func disagreementAcrossRuns() async throws {
        let app = try AppFixture()
        let first = Self.flatFile(app).split(separator: "\n")[1]   // the first commune's queue machine on 2025-10-01
        let changed = first.replacingOccurrences(of: ",queue-machine,1,", with: ",queue-machine,5,")
        let text = Self.flatFile(app) + changed + "\n"
        let error = await appError {
            try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([ImportSource(name: "many.csv", bytes: app.bytes(text))]))
        }
        #expect(error?.issues.count == 1)
        #expect(error?.issues.first?.line == 242)
        #expect(error?.issues.first?.message.contains("already has a different row (line 2)") == true)
    }

    @Test("two files that disagree on a holding and day are refused, naming the other file, and nothing is written")
    func filesDisagree() async throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let one = "commune_code,item,working,broken,date\n23344,queue-machine,1,0,2025-11-03\n"
        let two = "commune_code,item,working,broken,date\n23344,photocopier,1,0,2025-11-03\n23344,queue-machine,2,0,2025-11-03\n"
        let error = await appError {
            try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([
                ImportSource(name: "one.csv", bytes: app.bytes(one)), ImportSource(name: "two.csv", bytes: app.bytes(two)),
            ]))
        }
        #expect(error?.issues.count == 1)
        #expect(error?.issues.first?.file == "two.csv")
        #expect(error?.issues.first?.line == 3)
        #expect(error?.issues.first?.message.contains("one.csv says 1 working") == true)
        #expect(try app.eventCount() == before)
    }

    @Test("a dry run in runs judges the same changes as the import and writes nothing")
    func dryRunInRuns() async throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let file = ImportSource(name: "many.csv", bytes: app.bytes(Self.flatFile(app)))
        let dry = try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([file], dryRun: true))
        #expect(try app.eventCount() == before)
        let real = try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([file]))
        #expect(dry.added == real.added)
        #expect(dry.changes == real.changes)
    }

    @Test("the kept latest state after an import in runs agrees with the ledger")
    func latestAgrees() async throws {
        let app = try AppFixture()
        _ = try await ImportFiles(session: app.session, reading: Self.inRuns).run(Self.input([ImportSource(name: "many.csv", bytes: app.bytes(Self.flatFile(app)))]))
        let found = try app.database.checks()
        #expect(found.allSatisfy { $0.passed }, "\(found.filter { !$0.passed })")
    }
}
