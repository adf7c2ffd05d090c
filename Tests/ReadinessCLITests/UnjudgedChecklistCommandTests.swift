import Foundation
import ReadinessCore
import ReadinessReports
import Testing
import TestSupport

/// A checklist that cannot be judged never looks met: a misspelt commune attribute is refused with the
/// nearest known one, and a line whose communes cannot be judged says how many.
@Suite struct UnjudgedChecklistCommandTests {
    static let shippedChecklist = Fixtures.repoRoot.appendingPathComponent("Checklists/quang-ngai-commune-centre-2025.yaml")

    /// The shipped checklist with a text replaced, written into the bench's folder.
    func checklist(_ bench: ImportBench, replacing old: String, with new: String) throws -> String {
        let shipped = try String(contentsOf: Self.shippedChecklist, encoding: .utf8)
        let edited = shipped.replacingOccurrences(of: old, with: new)
        #expect(edited != shipped)
        return bench.file("edited.yaml", edited)
    }

    // MARK: Attributes the registry does not have

    @Test("a rule counting per a misspelt attribute is refused with the nearest one the registry has")
    func misspeltPerRefused() throws {
        let bench = try ImportBench()
        let file = try checklist(bench, replacing: "per: officials", with: "per: offcials")
        let r = try bench.run(["gaps", "--as-of", "2025-09-15", "--checklist", file, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("rule official-pcs: per: no commune in the registry has the attribute \"offcials\" (did you mean officials?)"),
                "\(r.stderr)")
        #expect(r.stderr.contains("edited.yaml:66:10:"), "\(r.stderr)")
    }

    @Test("a rule selecting communes by a misspelt attribute is refused, not shown as 0/0")
    func misspeltWhereRefused() throws {
        let bench = try ImportBench()
        let file = try checklist(bench, replacing: "    per: officials\n", with: "    per: officials\n    applies_to: {where: {islnd: true}}\n")
        let r = try bench.run(["gaps", "--as-of", "2025-09-15", "--checklist", file, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("applies_to.where: no commune in the registry has the attribute \"islnd\" (did you mean island?)"),
                "\(r.stderr)")
    }

    @Test("a condition comparing a yes/no attribute with a number is refused: no commune could match")
    func wrongTypeWhereRefused() throws {
        let bench = try ImportBench()
        let file = try checklist(bench, replacing: "    per: officials\n", with: "    per: officials\n    applies_to: {where: {island: 1}}\n")
        let r = try bench.run(["gaps", "--as-of", "2025-09-15", "--checklist", file, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("island is yes/no (true/false, có/không) in the registry"), "\(r.stderr)")
    }

    @Test("checklist check with a database checks the attributes against its registry; without one it checks the rest as before")
    func checklistCheckWithDatabase() throws {
        let bench = try ImportBench()
        let file = try checklist(bench, replacing: "per: officials", with: "per: offcials")
        let alone = try CLI.run(["checklist", "check", file, "--lang", "en"])
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stdout.contains("ok — checklist quang-ngai-commune-centre-2025"))
        let against = try bench.run(["checklist", "check", file, "--lang", "en"])
        #expect(against.status == 1)
        #expect(against.stderr.contains("(did you mean officials?)"), "\(against.stderr)")
        let shipped = try bench.run(["checklist", "check", Self.shippedChecklist.path, "--lang", "en"])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout.contains("checked against the registry of \(bench.store.path) (96 communes)"))
    }

    @Test("a policy bonus on a misspelt attribute is refused with the nearest one")
    func misspeltPolicyRefused() throws {
        let bench = try ImportBench()
        let policy = bench.file("policy.yaml", "bonuses:\n  - where: {islnd: true}\n    points: 1\n")
        let r = try bench.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--policy", policy, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("policy.yaml:2:20: bonuses[1].where: no commune in the registry has the attribute \"islnd\" (did you mean island?)"),
                "\(r.stderr)")
    }

    @Test("every mistake of the price list and of the policy is shown in one run")
    func pricesAndPolicyAtOnce() throws {
        let bench = try ImportBench()
        let policy = bench.file("policy.yaml", "weights:\n  deadline: 1e9\nbonuses:\n  - where: {island: true}\n    points: -1\n")
        let prices = bench.file("prices.csv", "item,unit_price_vnd,repair_price_vnd,date,source,note\nqueue-machine,abc,,2025-09-01,test,\n")
        let r = try bench.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--policy", policy, "--prices", prices, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("3 problems"), "\(r.stderr)")
        #expect(r.stderr.contains("prices.csv:2:2: unit_price_vnd \"abc\" is not an amount"), "\(r.stderr)")
        #expect(r.stderr.contains("policy.yaml:2:13: weights.deadline 1e9 is out of range: give a number from 0 to 100"), "\(r.stderr)")
        #expect(r.stderr.contains("policy.yaml:5:13: bonuses[1].points -1 is out of range"), "\(r.stderr)")
    }

    // MARK: Lines that cannot be judged

    /// A database holding the sample's communes, with officials for Xã Đăk Plô only.
    func officialsForOneCommune() throws -> String {
        let dir = Fixtures.temporaryDirectory()
        let db = dir.appendingPathComponent("partial.sqlite").path
        let load = try CLI.run(["communes", "load", "Inventory/communes/quang-ngai-2025.csv", "--province", "51", "--db", db])
        #expect(load.status == 0, "\(load.stderr)")
        let attributes = Fixtures.write("code,officials,counters,island\n23344,31,5,false\n", to: "attributes.csv", in: dir)
        let set = try CLI.run(["communes", "load", attributes.path, "--db", db])
        #expect(set.status == 0, "\(set.stderr)")
        return db
    }

    @Test("a gap line whose communes cannot be judged says how many, in Vietnamese")
    func notJudgedCountedVi() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--db", try officialsForOneCommune()])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1/96 địa phương chưa đủ Máy tính cho cán bộ công chức, 95 địa phương chưa đánh giá được (danh mục thiếu officials)"),
                "\(r.stdout)")
        #expect(r.stdout.contains("96/96 địa phương chưa có Máy lấy số xếp hàng tự động\n"), "\(r.stdout)")
    }

    @Test("a gap line whose communes cannot be judged says how many, in English")
    func notJudgedCountedEn() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--lang", "en", "--db", try officialsForOneCommune()])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1/96 communes short of PCs for officials, 95 not judged (no officials in the registry)"), "\(r.stdout)")
    }

    @Test("on a registry without any attribute, a rule counting per officials is judged nowhere and its line says so")
    func bareRegistryNotJudged() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("hanoi.sqlite").path
        let load = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "01", "--db", db])
        #expect(load.status == 0, "\(load.stderr)")
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--lang", "en", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let line = r.stdout.split(separator: "\n").first { $0.contains("PCs for officials") }.map(String.init) ?? ""
        let total = line.split(separator: "/").dropFirst().first?.split(separator: " ").first.map(String.init) ?? "?"
        #expect(line.hasSuffix("communes short of PCs for officials, \(total) not judged (no officials in the registry)"), "\(line)")
    }

    @Test("a rule selecting communes by an attribute the registry lacks counts them as not judged, not as 0/0")
    func unknownWhereNotJudged() throws {
        let bench = try ImportBench()
        let file = try checklist(bench, replacing: "    item: queue-machine\n",
                                 with: "    item: queue-machine\n    applies_to: {where: {remote: true}}\n")
        let r = try bench.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--lang", "en", "--checklist", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0/96 communes without a queue-number machine, 96 not judged (no remote in the registry)"), "\(r.stdout)")
    }
}
