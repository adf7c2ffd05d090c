import Testing
import ReadinessCore
import ReadinessStore
import TestSupport

/// The shipped sample reproduces the province's published figures at their dates
/// (reference-figures.md, tables A, B and C), on a real SQLite file.
@Suite struct PublishedFiguresTests {
    func shortCounts(_ evaluation: Evaluation) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: evaluation.rules.map { ($0.rule.id, $0.shortCount) })
    }

    static let vcsCodes: Set<String> = ["21496", "21538", "21529", "21349", "21325", "23284", "23317", "23332", "23326", "23383",
                                        "23356", "23365", "23344", "23374", "23548", "23485", "23479", "23455", "23476", "23530"]

    @Test("table A: as of 15/09/2025, 42, 46, 3, 8, 8, 17 of 96 short; network 0; VCS 20")
    func tableA() throws {
        let evaluation = try Fixtures.evaluate(try Fixtures.sampleStore(), on: Fixtures.day("2025-09-15"))
        let short = shortCounts(evaluation)
        #expect(short == ["data-network": 0, "vcs-terminal": 20, "queue-machine": 42, "number-display": 46,
                          "digitisation-set": 3, "lookup-kiosk": 8, "official-pcs": 8, "other-equipment": 17,
                          "security-device": 5, "digital-signature": 5])
        #expect(evaluation.rules.allSatisfy { $0.total == 96 })
        let vcs = evaluation.rules.first { $0.rule.id == "vcs-terminal" }!
        #expect(Set(vcs.shortfalls.map(\.commune.code)) == Self.vcsCodes)
    }

    @Test("table C: as of 12/12/2025, 9, 8, 7, 1, 16 short; the same 20 without VCS; classes 69/27/0")
    func tableC() throws {
        let evaluation = try Fixtures.evaluate(try Fixtures.sampleStore(), on: Fixtures.day("2025-12-12"))
        let short = shortCounts(evaluation)
        #expect(short["data-network"] == 0)
        #expect(short["vcs-terminal"] == 20)
        #expect(short["queue-machine"] == 9)
        #expect(short["number-display"] == 8)
        #expect(short["lookup-kiosk"] == 7)
        #expect(short["official-pcs"] == 1)
        #expect(short["other-equipment"] == 16)
        let vcs = evaluation.rules.first { $0.rule.id == "vcs-terminal" }!
        #expect(Set(vcs.shortfalls.map(\.commune.code)) == Self.vcsCodes)
        #expect(evaluation.classCounts == [.fullyMet: 69, .partlyMet: 27, .notMet: 0])
    }

    @Test("B: as of 25/08/2025, 92/96 digitisation, 88 kiosks, 91 enough PCs, 88 security devices, 89 signatures")
    func tableB() throws {
        let evaluation = try Fixtures.evaluate(try Fixtures.sampleStore(), on: Fixtures.day("2025-08-25"))
        let met = Dictionary(uniqueKeysWithValues: evaluation.rules.map { ($0.rule.id, $0.metCount) })
        #expect(met["digitisation-set"] == 92)
        #expect(met["lookup-kiosk"] == 88)
        #expect(met["official-pcs"] == 91)
        #expect(met["security-device"] == 88)
        #expect(met["digital-signature"] == 89)
    }
}
