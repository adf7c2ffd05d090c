import Foundation
import ReadinessCore
import ReadinessReports
import Testing
import TestSupport

/// A returned template never lands on another commune: its header's code and name must agree; and every
/// mistake of a template, header and rows, is reported in one run.
@Suite struct TemplateHeaderCommandTests {
    @Test("a CSV template whose code was changed to another commune's is refused, showing both")
    func csvTemplateCodeChanged() throws {
        let bench = try ImportBench()
        let path = try dakPloCSVTemplate(bench) {
            $0.replacingOccurrences(of: "(commune_code),23344", with: "(commune_code),21211")
                .replacingOccurrences(of: "bộ,0,0,,,,", with: "bộ,1,0,,,có,")
        }
        try bench.expectRefused(path, saying: "filled.csv:3:2: the header's code 21211 is ")
        let r = try bench.run(["import", path, "--lang", "en"])
        #expect(r.stderr.contains("but its name cell says \"Xã Đăk Plô\", which is Xã Đăk Plô (23344)"), "\(r.stderr)")
        #expect(try bench.store.events(commune: "21211").count == (try Fixtures.sampleStore().events(commune: "21211").count))
    }

    @Test("an .xlsx template whose code was changed to another commune's is refused, showing both")
    func xlsxTemplateCodeChanged() throws {
        let bench = try ImportBench()
        let template = bench.dir.appendingPathComponent("t.xlsx")
        #expect(try bench.run(["template", "--commune", "23344", "--out", template.path]).status == 0)
        let filled = bench.dir.appendingPathComponent("filled.xlsx")
        try fill(template, to: filled) { _, header, fields in
            if fields.first?.hasSuffix("(commune_code)") == true { fields[1] = "21211" }
            guard fields.first == "vcs-terminal" else { return }
            fields[header.firstIndex { $0.hasSuffix("(working)") }!] = "1"
            fields[header.firstIndex { $0.hasSuffix("(meets_hnth)") }!] = "có"
        }
        try bench.expectRefused(filled.path, saying: "row 3, column B: the header's code 21211 is ")
        let r = try bench.run(["import", filled.path, "--lang", "en"])
        #expect(r.stderr.contains("but its name cell says \"Xã Đăk Plô\""), "\(r.stderr)")
    }

    @Test("a template whose name cell is typed without diacritics still names its commune")
    func templateNameWithoutDiacritics() throws {
        let bench = try ImportBench()
        let path = try dakPloCSVTemplate(bench) {
            $0.replacingOccurrences(of: "(commune),Xã Đăk Plô", with: "(commune),xa dak plo")
                .replacingOccurrences(of: "bộ,0,0,,,,", with: "bộ,1,0,,,có,")
        }
        let r = try bench.run(["import", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Đã thêm 1 sự kiện."), "\(r.stdout)")
    }

    @Test("a template with a bad date and a bad row reports both at once")
    func templateDateAndRowsAtOnce() throws {
        let bench = try ImportBench()
        let path = try dakPloCSVTemplate(bench) { text in
            text.replacingOccurrences(of: #"\(date\)",\d\d/\d\d/\d{4}"#, with: "(date)\",31/02/2025", options: .regularExpression)
                .replacingOccurrences(of: "bộ,0,0,,,,", with: "bộ,-1,0,,,có,")
        }
        try bench.expectRefused(path, saying: "the date of the count \"31/02/2025\" is not a date")
        let r = try bench.run(["import", path, "--lang", "en"])
        #expect(r.stderr.contains("2 problems"), "\(r.stderr)")
        #expect(r.stderr.contains("working -1 is negative"), "\(r.stderr)")
    }
}
