import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Test func aBatchWithOneEventTheDatabaseRefusesWritesNothing() throws {
    let store = try Fixtures.sampleStore()
    let before = try store.eventCount()
    let good = NewEvent(communeCode: "23344", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1)
    let unknownCommune = NewEvent(communeCode: "99999", item: "vcs-terminal", effectiveOn: Fixtures.day("2025-12-20"), working: 1)
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
