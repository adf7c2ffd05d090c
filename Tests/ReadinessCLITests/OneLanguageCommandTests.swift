import Foundation
import Testing
import TestSupport

/// Every line a command prints, errors included, is in the language of the run: Vietnamese by default or
/// with `--lang vi`, English with `--lang en` (with English plurals). Commune and item names stay as they are.
@Suite struct OneLanguageCommandTests {
    /// A flat CSV whose one row counts -1 working units.
    func negativeCount(_ bench: ImportBench) -> String {
        bench.file("neg.csv", flatHeader + "23344,photocopier,-1,0,2025-12-01,\n")
    }

    @Test("a negative count in a CSV imported without --lang is refused in Vietnamese, with exit 1")
    func negativeCountInVietnamese() throws {
        let bench = try ImportBench()
        let r = try bench.run(["import", negativeCount(bench)])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("lỗi: 1 chỗ sai; không dùng dữ liệu nào:\n"), "\(r.stderr)")
        #expect(r.stderr.contains("neg.csv:2:3: working -1 là số âm: số lượng phải từ 0 trở lên; nhập từ 0 đến 100,000 đơn vị"),
                "\(r.stderr)")
    }

    @Test("the same CSV imported with --lang en is refused in English")
    func negativeCountInEnglish() throws {
        let bench = try ImportBench()
        let r = try bench.run(["import", negativeCount(bench), "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: 1 problem; nothing was used:\n"), "\(r.stderr)")
        #expect(r.stderr.contains("neg.csv:2:3: working -1 is negative: counts are 0 or more; give 0 to 100,000 units"), "\(r.stderr)")
    }

    @Test("a mistake in a filled-in workbook names its sheet, row and column in the language of the run")
    func workbookPlaceWords() throws {
        let bench = try ImportBench()
        let template = bench.dir.appendingPathComponent("dak-plo.xlsx")
        #expect(try bench.run(["template", "--commune", "Dak Plo", "--out", template.path]).status == 0)
        let filled = bench.dir.appendingPathComponent("dak-plo-filled.xlsx")
        try fill(template, to: filled) { _, header, fields in
            guard fields.first == "vcs-terminal" else { return }
            fields[header.firstIndex { $0.hasSuffix("(working)") }!] = "-1"
        }
        let vi = try bench.run(["import", filled.path])
        #expect(vi.status == 1)
        #expect(vi.stderr.contains(#"dak-plo-filled.xlsx, trang tính "Phiếu đã điền", dòng "#), "\(vi.stderr)")
        #expect(vi.stderr.contains(", cột D: working -1 là số âm"), "\(vi.stderr)")
        let en = try bench.run(["import", filled.path, "--lang", "en"])
        #expect(en.stderr.contains(#"dak-plo-filled.xlsx, sheet "Phiếu đã điền", row "#), "\(en.stderr)")
        #expect(en.stderr.contains(", column D: working -1 is negative"), "\(en.stderr)")
    }

    @Test("record says Đã ghi … 1 hoạt động, 0 hỏng by default and 1 working, 0 broken in English")
    func recordLine() throws {
        let bench = try ImportBench()
        let vi = try bench.run(["record", "23344", "photocopier", "--working", "1", "--on", "2025-12-01"])
        #expect(vi.status == 0, "\(vi.stderr)")
        #expect(vi.stdout.hasPrefix("Đã ghi: Xã Đăk Plô (23344), photocopier — 1 hoạt động, 0 hỏng từ ngày 01/12/2025\n"), "\(vi.stdout)")
        let en = try bench.run(["record", "23344", "photocopier", "--working", "2", "--on", "2025-12-02", "--lang", "en"])
        #expect(en.stdout.hasPrefix("Recorded: Xã Đăk Plô (23344), photocopier — 2 working, 0 broken from 2025-12-02\n"), "\(en.stdout)")
    }

    @Test("the English import summary says 1 event and 2 events, 1 commune and 1 rule became met")
    func englishPlurals() throws {
        let bench = try ImportBench()
        let one = bench.file("one.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n")
        let r1 = try bench.run(["import", one, "--lang", "en"])
        #expect(r1.stdout.contains("(flat CSV): 1 event\n"), "\(r1.stdout)")
        #expect(r1.stdout.contains("Added 1 event.\n"), "\(r1.stdout)")
        #expect(r1.stdout.contains(": 1 commune, 1 rule became met, 0 became unmet"), "\(r1.stdout)")
        let two = bench.file("two.csv", flatHeader + "23344,photocopier,3,0,2025-12-20,\n23344,queue-machine,2,0,2025-12-20,\n")
        let r2 = try bench.run(["import", two, "--lang", "en"])
        #expect(r2.stdout.contains("(flat CSV): 2 events\n"), "\(r2.stdout)")
        #expect(r2.stdout.contains("Added 2 events.\n"), "\(r2.stdout)")
    }

    /// What a set of representative commands print, out and err, in one language, without the usage lines
    /// ArgumentParser adds after a refused argument (its own words, in English).
    func outputs(_ lang: String) throws -> String {
        let bench = try ImportBench()
        let dir = bench.dir.path
        let fresh = dir + "/fresh.sqlite"
        let good = bench.file("good.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n23344,photocopier,2,1,2025-12-20,\n")
        let bad = bench.file("bad.csv", flatHeader + "99999,photocopier,1,0,2025-12-20,\n")
        let runs: [[String]] = [
            ["sample", "load", "--db", fresh],
            ["sample", "load", "--db", fresh],
            ["record", "23344", "photocopier", "--working", "1", "--on", "2025-12-01", "--db", fresh],
            ["record", "23344", "photocopier", "--working", "1", "--on", "2099-01-01", "--db", fresh],
            ["record", "Nowhere", "photocopier", "--working", "1", "--db", fresh],
            ["import", good, "--db", fresh],
            ["import", good, "--db", fresh],
            ["import", bad, "--db", fresh],
            ["import", good, "--dry-run", "--db", fresh],
            ["check", "--db", fresh],
            ["backup", dir + "/backup.sqlite", "--db", fresh],
            ["backup", dir + "/backup.sqlite", "--db", fresh],
            ["restore", dir + "/backup.sqlite", "--db", dir + "/target.sqlite"],
            ["export", "--out", dir + "/export.csv", "--db", fresh],
            ["template", "--commune", "23344", "--out", dir + "/t.xlsx", "--db", fresh],
            ["template", "--all", "--out", dir + "/phieu", "--db", fresh],
            ["gaps", "--names", "100000", "--db", fresh],
            ["gaps", "--out", dir + "/gaps.csv", "--db", fresh],
            ["checklist", "check", "Checklists/quang-ngai-commune-centre-2025.yaml"],
            ["user", "add", "xa-dakplo", "--role", "commune", "--commune", "23344", "--db", fresh],
            ["user", "add", "xa-dakplo", "--role", "commune", "--commune", "23344", "--db", fresh],
            ["user", "list", "--db", fresh],
            ["user", "disable", "xa-dakplo", "--db", fresh],
            ["user", "enable", "xa-dakplo", "--db", fresh],
            ["plan", "--budget=-5", "--db", fresh],
        ]
        var all = ""
        for args in runs {
            let r = try CLI.run(args + ["--lang", lang])
            all += r.stdout + r.stderr
        }
        return all.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Usage: ") && !$0.hasPrefix("  See 'readiness ") }.joined(separator: "\n")
    }

    @Test("with --lang vi no command line says wrote, loaded, error:, events or working")
    func noEnglishInVietnamese() throws {
        let text = try outputs("vi")
        for english in ["wrote", "loaded", "error:", " events", "working", "Recorded", "Added", "backed up", "restored", "exported",
                        "checks ok", "one-time password", "already", "is out of range", "must be"] {
            #expect(!text.contains(english), "\(english) in:\n\(text)")
        }
        #expect(text.contains("lỗi: "))
    }

    @Test("with --lang en no command line has Vietnamese letters outside the names of communes, sheets and the sample")
    func noVietnameseInEnglish() throws {
        var text = try outputs("en")
        for name in ["Xã Đăk Plô", "Quảng Ngãi", "xã-đăk-plô"] { text = text.replacingOccurrences(of: name, with: "") }
        let vietnamese = text.split(separator: "\n").filter { line in
            line.unicodeScalars.contains { (0x00C0...0x1EFF).contains($0.value) && CharacterSet.letters.contains($0) }
        }
        #expect(vietnamese.isEmpty, "\(vietnamese.joined(separator: "\n"))")
        #expect(text.contains("error: "))
    }
}
