import Foundation
import GRDB
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// An event of a commune of the sample, and one of a commune no registry has.
private func goodAndUnknownCommune() -> (NewEvent, NewEvent) {
    (NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1),
     NewEvent(communeCode: "99999", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1))
}

@Test func aBatchWithOneEventTheDatabaseRefusesWritesNothing() throws {
    let store = try Fixtures.sampleStore()
    let before = try store.eventCount()
    let (good, unknownCommune) = goodAndUnknownCommune()
    #expect(throws: (any Error).self) {
        try store.importFiles([(ImportedFile(sha256: "abc", name: "x.csv", kind: "flat CSV"), [good, unknownCommune])])
    }
    #expect(try store.eventCount() == before)
    #expect(try store.importedFile(sha256: "abc") == nil)
}

@Test func anImportedFileIsFoundByItsHashWithItsEventCount() throws {
    let store = try Fixtures.sampleStore()
    let event = NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1,
                         attributes: ["meets_hnth": .bool(true)], source: "import x.csv")
    #expect(try store.importFiles([(ImportedFile(sha256: "abc", name: "x.csv", kind: "flat CSV", importedBy: "A"), [event])]) == 1)
    let file = try #require(try store.importedFile(sha256: "abc"))
    #expect(file.name == "x.csv" && file.events == 1 && file.importedBy == "A")
    let latest = try #require(try store.events(commune: "23344", item: "vcs-terminal").first)
    #expect(latest.working == 1 && latest.attributes == ["meets_hnth": .bool(true)] && latest.source == "import x.csv")
}

@Test func anImportedEventReadsBackWithItsFilesSourceAndTimeUnlessItsRowGaveItsOwn() throws {
    let store = try Fixtures.sampleStore()
    let day = Fixtures.day("2025-12-20")
    let plain = NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: day, working: 1, source: "import x.csv", recordedBy: "B")
    let ownSource = NewEvent(communeCode: "23344", item: "official-pc", effectiveOn: day, working: 9, source: "biên bản 12/2025")
    let at = ISO8601DateFormatter().date(from: "2026-11-20T03:00:00Z")!
    try store.importFiles([(ImportedFile(sha256: "abc", name: "in/x.csv", kind: "flat CSV", source: "import x.csv"), [plain, ownSource])],
                          recordedAt: at)
    let vcs = try #require(try store.events(commune: "23344", item: "vcs-terminal").first)
    #expect(vcs.source == "import x.csv" && vcs.recordedBy == "B" && vcs.recordedAt == "2026-11-20T03:00:00Z")
    let pc = try #require(try store.events(commune: "23344", item: "official-pc").first)
    #expect(pc.source == "biên bản 12/2025" && pc.recordedAt == "2026-11-20T03:00:00Z")
    // Stored once, with the file; the `ledger` view shows them filled in to anyone reading the database.
    let db = try DatabaseQueue(path: store.path)
    let stored = try db.read { try Row.fetchOne($0, sql: "SELECT source, recorded_at FROM event WHERE item = 'vcs-terminal' AND effective_on = '2025-12-20'") }
    #expect(stored?["source"] == "" && stored?["recorded_at"] == "")
    let shown = try db.read { try Row.fetchOne($0, sql: "SELECT source, recorded_at FROM ledger WHERE item = 'vcs-terminal' AND effective_on = '2025-12-20'") }
    #expect(shown?["source"] == "import x.csv" && shown?["recorded_at"] == "2026-11-20T03:00:00Z")
    // Events recorded otherwise (the sample, `record`) keep their own.
    let sample = try #require(try store.events(commune: "23344").last)
    #expect(!sample.recordedAt.isEmpty && !sample.source.isEmpty)
}

@Test func anImportWritingACommuneTheRegistryDoesNotHaveIsRefusedAndWritesNothing() throws {
    let store = try Fixtures.sampleStore()
    let before = try store.eventCount()
    let (good, unknownCommune) = goodAndUnknownCommune()
    #expect(throws: (any Error).self) {
        try store.importing(writes: true, guard: .all) { transaction in
            try transaction.beginFile(ImportedFile(sha256: "abc", name: "x.csv", kind: "flat CSV"))
            try transaction.append([good], inKeyOrder: true)
            try transaction.append([unknownCommune], inKeyOrder: true)
        }
    }
    #expect(try store.eventCount() == before)
    #expect(try store.importedFile(sha256: "abc") == nil)
    // The foreign keys the import checked itself are checked by SQLite again afterwards.
    #expect(throws: (any Error).self) { try store.append([unknownCommune]) }
}

@Test func anImportInRunsRecordsItsFileWithAllItsEventsAndKeepsEachHoldingsLatest() throws {
    let store = try Fixtures.sampleStore()
    let day1 = NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1)
    var day2 = day1
    day2.effectiveOn = Fixtures.day("2025-12-21")
    day2.working = 3
    try store.importing(writes: true, guard: .all) { transaction in
        try transaction.beginFile(ImportedFile(sha256: "abc", name: "x.csv", kind: ""))
        try transaction.append([day2], inKeyOrder: true)
        try transaction.append([day1], inKeyOrder: true)   // an earlier day in a later run does not replace it
        try transaction.endFile(kind: "flat CSV")
    }
    let file = try #require(try store.importedFile(sha256: "abc"))
    #expect(file.events == 2 && file.kind == "flat CSV")
    #expect(try store.state(asOf: Fixtures.day("2025-12-31")).holding(commune: "23344", item: "vcs-terminal")?.working == 3)
    #expect(try store.checks().allSatisfy { $0.passed })
}
