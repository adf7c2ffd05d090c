import Foundation
import ReadinessCore
import ReadinessReports
import Testing
import TestSupport

/// Numbers people give, through the real binary: every one is range-checked where it is read, and a
/// number out of range is an error (exit 1, naming the file, row, column, value and range), never a trap.
@Suite struct UserNumbersCommandTests {
    // MARK: Ledger files

    @Test("a count of 20 digits in a flat CSV is refused with its row, column, value and range")
    func hugeCountRefused() throws {
        let bench = try ImportBench()
        let path = bench.file("huge.csv", flatHeader + "23344,vcs-terminal,99999999999999999999,0,2025-12-20,true\n")
        try bench.expectRefused(path, saying: "huge.csv:2:3: working 99999999999999999999 is out of range: give 0 to 100,000 units")
    }

    @Test("a count just above 100,000 units is refused, the largest allowed is read")
    func countUpperBound() throws {
        let bench = try ImportBench()
        let path = bench.file("big.csv", flatHeader + "23344,vcs-terminal,100001,0,2025-12-20,true\n")
        try bench.expectRefused(path, saying: "big.csv:2:3: working 100001 is out of range: give 0 to 100,000 units")
        let ok = bench.file("ok.csv", flatHeader + "23344,vcs-terminal,100000,0,2025-12-20,true\n")
        #expect(try bench.run(["import", ok]).status == 0)
    }

    @Test("a hexadecimal count is refused, never read as 16", arguments: ["0x10", "1e3", "+5", "٥"])
    func nonDecimalCountRefused(_ written: String) throws {
        let bench = try ImportBench()
        let path = bench.file("hex.csv", flatHeader + "23344,vcs-terminal,\(written),0,2025-12-20,true\n")
        try bench.expectRefused(path, saying: "hex.csv:2:3: working \"\(written)\" is not a number: write a whole number of units in digits 0-9")
    }

    @Test("a negative bandwidth in a ledger row is refused")
    func negativeAttributeRefused() throws {
        let bench = try ImportBench()
        let path = bench.file("bw.csv", "commune_code,item,working,broken,date,bandwidth_mbps\n23344,data-network-link,1,0,2025-12-20,-5\n")
        try bench.expectRefused(path, saying: "bw.csv:2:6: bandwidth_mbps -5 is out of range: give a whole number from 0 to 1,000,000")
    }

    @Test("a ledger row dated before 2000 is refused")
    func ancientDateRefused() throws {
        let bench = try ImportBench()
        let path = bench.file("old.csv", flatHeader + "23344,vcs-terminal,1,0,1999-12-31,true\n")
        try bench.expectRefused(path, saying: "old.csv:2:5: date 1999-12-31 is out of range: the ledger holds dates from 2000-01-01 to 2100-12-31")
    }

    @Test("--working beyond 100,000 units is refused by record")
    func recordCountBound() throws {
        let bench = try ImportBench()
        let before = try bench.fingerprint()
        let r = try bench.run(["record", "23344", "vcs-terminal", "--working", "9223372036854775807", "--on", "2025-12-20", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--working 9223372036854775807 is out of range: give 0 to 100,000 units"), "\(r.stderr)")
        #expect(try bench.fingerprint() == before)
    }

    // MARK: The registry

    @Test("officials of Int.max in an attribute file is refused when loaded, and the reports still run")
    func hugeOfficialsRefused() throws {
        let bench = try ImportBench()
        let file = bench.file("attrs.csv", "code,officials\n23344,9223372036854775807\n")
        let r = try bench.run(["communes", "load", file, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("attrs.csv:2:2: officials 9223372036854775807 is out of range: give a whole number from 0 to 1,000,000"),
                "\(r.stderr)")
        let gaps = try bench.run(["gaps", "--as-of", "2025-09-15"])
        #expect(gaps.status == 0, "\(gaps.stderr)")
    }

    @Test("a negative count of officials, or one written +5 or 0x10, is refused when loaded")
    func negativeOfficialsRefused() throws {
        let bench = try ImportBench()
        let file = bench.file("attrs.csv", "code,officials,counters\n23344,-3,5\n21211,+5,0x10\n")
        let r = try bench.run(["communes", "load", file, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("attrs.csv:2:2: officials -3 is out of range"), "\(r.stderr)")
        #expect(r.stderr.contains("attrs.csv:3:2: officials \"+5\" is not a whole number"), "\(r.stderr)")
        #expect(r.stderr.contains("attrs.csv:3:3: counters \"0x10\" is not a whole number"), "\(r.stderr)")
    }

    // MARK: Checklists, prices, budgets

    @Test("a checklist ratio of 1e300 is refused with its line, not turned into a count")
    func hugeRatioRefused() throws {
        let bench = try ImportBench()
        let shipped = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Checklists/quang-ngai-commune-centre-2025.yaml"),
                                 encoding: .utf8)
        let edited = shipped.replacingOccurrences(of: "    ratio: 1\n", with: "    ratio: 1e300\n")
        #expect(edited != shipped)
        let checklist = bench.file("ratio.yaml", edited)
        let r = try bench.run(["gaps", "--as-of", "2025-09-15", "--checklist", checklist, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("ratio 1e300 is out of range: give a number more than 0 and at most 1,000"), "\(r.stderr)")
    }

    @Test("a price near Int.max is refused with its row and column")
    func hugePriceRefused() throws {
        let bench = try ImportBench()
        let shipped = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/prices.csv"), encoding: .utf8)
        let edited = shipped.replacingOccurrences(of: "queue-machine,35000000,", with: "queue-machine,9223372036854775000,")
        #expect(edited != shipped)
        let prices = bench.file("prices.csv", edited)
        let r = try bench.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--prices", prices, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("prices.csv:2:2: unit_price_vnd 9223372036854775000 is out of range: give 0 to 1,000,000,000,000,000 VND"),
                "\(r.stderr)")
    }

    @Test("lines whose units times prices pass every bound one by one are refused together, naming the dearest")
    func costsTimesUnitsRefused() throws {
        let bench = try ImportBench()
        let attrs = bench.file("attrs.csv", "code,officials\n23344,1000000\n")
        #expect(try bench.run(["communes", "load", attrs]).status == 0)
        let shipped = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Checklists/quang-ngai-commune-centre-2025.yaml"),
                                 encoding: .utf8)
        let checklist = bench.file("many.yaml", shipped.replacingOccurrences(of: "    ratio: 1\n", with: "    ratio: 1000\n"))
        let prices = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/prices.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.hasPrefix("official-pc,") ? "official-pc,1000000000000000,,2025-09-01,test," : String($0) }
            .joined(separator: "\n") + "\n"
        let r = try bench.run(["plan", "--as-of", "2025-09-15", "--budget", "2e9", "--checklist", checklist,
                               "--prices", bench.file("prices.csv", prices), "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("closing every gap would cost more than 1,000,000,000,000,000,000 đ"), "\(r.stderr)")
        #expect(r.stderr.contains("Xã Đăk Plô (23344)"), "\(r.stderr)")
    }

    @Test("two phase budgets near Int.max are refused, not summed")
    func phaseBudgetsRefused() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--phase", "A:9223372036854775807", "--phase", "B:9223372036854775807", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--phase A 9223372036854775807 is too large: give 0 to 1,000,000,000,000,000 VND"), "\(r.stderr)")
    }

    @Test("a budget range up to Int.max is refused, not computed")
    func budgetRangeRefused() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budgets", "0..9223372036854775807/3", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--budgets 9223372036854775807 is too large"), "\(r.stderr)")
    }

    @Test("a budget range of more than 100 budgets is refused at once")
    func budgetCountBound() throws {
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--budgets", "1e9..5e9/101", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("COUNT 101 is too many: compare 2 to 100 budgets"), "\(r.stderr)")
    }

    @Test("more than 20 budget periods are refused")
    func phaseCountBound() throws {
        let phases = (1...21).flatMap { ["--phase", "P\($0):1e8"] }
        let r = try CLI.run(["plan", "--as-of", "2025-09-15", "--lang", "en"] + phases)
        #expect(r.status == 1)
        #expect(r.stderr.contains("21 --phase options: a plan has at most 20 budget periods"), "\(r.stderr)")
    }

    @Test("--names beyond 10,000 is refused")
    func namesBound() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "100000", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--names 100000 is out of range: give 0 to 10,000 names per line"), "\(r.stderr)")
    }
}
