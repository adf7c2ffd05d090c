import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore
import Testing
import TestSupport

/// A sample database and a folder for files, with a way to run the command on that database.
struct ImportBench {
    let store: InventoryDatabase
    let dir = Fixtures.temporaryDirectory()
    init() throws { store = try Fixtures.sampleStore() }

    func run(_ args: [String]) throws -> CommandResult { try CLI.run(args + ["--db", store.path]) }

    func file(_ name: String, _ text: String) -> String { Fixtures.write(text, to: name, in: dir).path }

    func file(_ name: String, bytes: Data) throws -> String {
        let url = dir.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    /// Events and imported files, to show that nothing changed.
    func fingerprint() throws -> [Int] {
        [try store.eventCount(), try store.events(commune: "23344").count]
    }

    /// Imports with English messages and expects a refusal: exit 1, the message, and the database as it was.
    func expectRefused(_ path: String, saying message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try fingerprint()
        let result = try run(["import", path, "--lang", "en"])
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try fingerprint() == before, sourceLocation: sourceLocation)
        #expect(try store.importedFile(sha256: LedgerFile.sha256(Data(contentsOf: URL(fileURLWithPath: path)))) == nil,
                sourceLocation: sourceLocation)
    }
}

let flatHeader = "commune_code,item,working,broken,date,meets_hnth\n"

/// Re-writes a workbook's first sheet with some cells changed, as a person filling it in would
/// (through the project's own reader and writer; the sheet is renamed on the way).
func fill(_ template: URL, to out: URL, _ change: (_ row: Int, _ header: [String], _ fields: inout [String]) -> Void) throws {
    let sheets = try XlsxReader.read(Data(contentsOf: template))
    let book = try XlsxWorkbook(path: out.path)
    let sheet = book.addSheet("Phiếu đã điền")
    let records = sheets[0].records
    let header = records.first { $0.fields.contains { $0.hasSuffix("(working)") } }?.fields ?? []
    for record in records {
        var fields = record.fields + Array(repeating: "", count: max(0, header.count - record.fields.count))
        change(record.line, header, &fields)
        for (c, text) in fields.enumerated() where !text.isEmpty {
            if let n = Double(text) { sheet.write(record.line - 1, c, n) } else { sheet.write(record.line - 1, c, text) }
        }
    }
    try book.close()
}

@Test func aTemplateFilledInWithAVCSTerminalMovesTheGapReportTo19Of96() throws {
    let bench = try ImportBench()
    let template = bench.dir.appendingPathComponent("dak-plo.xlsx")
    let made = try bench.run(["template", "--commune", "Dak Plo", "--out", template.path])
    #expect(made.status == 0, "\(made.stderr)")
    let gapsBefore = try bench.run(["gaps", "--names", "0"])
    #expect(gapsBefore.stdout.contains("20/96 địa phương chưa có Thiết bị đầu cuối (VCS)"))
    let filled = bench.dir.appendingPathComponent("dak-plo-filled.xlsx")
    try fill(template, to: filled) { _, header, fields in
        guard fields.first == "vcs-terminal" else { return }
        fields[header.firstIndex { $0.hasSuffix("(working)") }!] = "1"
        fields[header.firstIndex { $0.hasSuffix("(meets_hnth)") }!] = "có"
    }
    let imported = try bench.run(["import", filled.path])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("Đã thêm 1 sự kiện."))
    #expect(imported.stdout.contains("Xã Đăk Plô (23344):\n  + đã đạt: Thiết bị đầu cuối (VCS)"))
    let gapsAfter = try bench.run(["gaps", "--names", "0"])
    #expect(gapsAfter.stdout.contains("19/96 địa phương chưa có Thiết bị đầu cuối (VCS)"))
}

@Test func theCSVTemplateFilledInImportsToo() throws {
    let bench = try ImportBench()
    let path = bench.dir.appendingPathComponent("dak-plo.csv").path
    #expect(try bench.run(["template", "--commune", "23344", "--out", path]).status == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
        .replacingOccurrences(of: "vcs-terminal,Thiết bị đầu cuối hội nghị truyền hình (VCS),bộ,0,0,,,,", with: "vcs-terminal,Thiết bị đầu cuối hội nghị truyền hình (VCS),bộ,1,0,,,có,")
    let filled = bench.file("filled.csv", text)
    let result = try bench.run(["import", filled, "--lang", "en"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("+ now met: a VCS terminal"))
}

@Test func importingTheSameFileAgainAddsNothingAndSaysSo() throws {
    let bench = try ImportBench()
    let path = bench.file("x.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n")
    #expect(try bench.run(["import", path]).status == 0)
    let before = try bench.fingerprint()
    let again = try bench.run(["import", path])
    #expect(again.status == 0)
    #expect(again.stdout.contains("đã nhập trước đó"))
    #expect(again.stdout.contains("Đã thêm 0 sự kiện."))
    #expect(try bench.fingerprint() == before)
}

@Test func aResavedCopyOfAnImportedFlatFileAddsNothing() throws {
    let bench = try ImportBench()
    let first = bench.file("x.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n23317,queue-machine,1,0,2025-12-20,\n")
    #expect(try bench.run(["import", first]).status == 0)
    let before = try bench.fingerprint()
    // The same rows saved again by a spreadsheet program: other line ends, names for codes, dd/MM/yyyy dates.
    let resaved = bench.file("x-resaved.csv", "commune,item,working,broken,date,meets_hnth\r\n"
                             + "Xã Đăk Plô,vcs-terminal,1,0,20/12/2025,true\r\nNgoc Bay,queue-machine,1,0,20/12/2025,\r\n")
    let again = try bench.run(["import", resaved])
    #expect(again.status == 0)
    #expect(again.stdout.contains("Đã thêm 0 sự kiện."))
    #expect(try bench.fingerprint() == before)
    // A row that says something new is still added.
    let changed = bench.file("x-changed.csv", flatHeader + "23344,vcs-terminal,2,0,2025-12-20,yes\n")
    #expect(try bench.run(["import", changed]).stdout.contains("Đã thêm 1 sự kiện."))
}

@Test func aDryRunShowsTheSummaryAndWritesNothing() throws {
    let bench = try ImportBench()
    let path = bench.file("x.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n")
    let before = try bench.fingerprint()
    let result = try bench.run(["import", path, "--dry-run", "--lang", "en"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Dry run (nothing written): would add 1 event."))
    #expect(result.stdout.contains("Xã Đăk Plô (23344):\n  + now met"))
    #expect(try bench.fingerprint() == before)
    #expect(try bench.run(["import", path]).stdout.contains("Đã thêm 1 sự kiện."))
}

@Test func anEmptyFileIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("empty.csv", ""), saying: "empty.csv: the file is empty")
}

@Test func aFileWithoutTheRequiredColumnsIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("cols.csv", "commune_code,quantity,date\n23344,1,2025-12-01\n"),
                            saying: "cols.csv:1: no item column")
}

@Test func anUnknownColumnIsRefusedWithASuggestion() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("cols.csv", "commune_code,item,working,date,meets_hnt\n23344,vcs-terminal,1,2025-12-01,yes\n"),
                            saying: "cols.csv:1:5: unknown column \"meets_hnt\": not an attribute of any item (did you mean meets_hnth?)")
}

@Test func aNegativeCountIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("neg.csv", flatHeader + "23344,photocopier,-1,0,2025-12-01,\n"),
                            saying: "neg.csv:2:3: working -1 is negative")
}

@Test func aFractionalCountIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("frac.csv", flatHeader + "23344,photocopier,1,0.5,2025-12-01,\n"),
                            saying: "frac.csv:2:4: broken 0.5 is not a whole number of units")
}

@Test func aDateInTheFutureIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("future.csv", flatHeader + "23344,photocopier,1,0,2099-01-01,\n"),
                            saying: "future.csv:2:5: date 2099-01-01 is in the future")
}

@Test func twoRowsForTheSameCommuneItemAndDateThatDisagreeAreRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("dup.csv", flatHeader + "23344,photocopier,1,0,2025-12-01,\nXã Đăk Plô,photocopier,2,0,01/12/2025,\n"),
                            saying: "dup.csv:3:1: Xã Đăk Plô (23344), photocopier on 2025-12-01 already has a different row (line 2): keep one")
}

@Test func anUnknownItemIsRefusedWithASuggestion() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("item.csv", flatHeader + "23344,vcs-terminl,1,0,2025-12-01,\n"),
                            saying: "item.csv:2:2: unknown item \"vcs-terminl\" (did you mean vcs-terminal?)")
}

@Test func anAttributeTheItemDoesNotHaveIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("attr.csv", flatHeader + "23344,photocopier,1,0,2025-12-01,yes\n"),
                            saying: "attr.csv:2:6: item photocopier has no attribute meets_hnth")
}

@Test func anUnknownCommuneTypedWithoutDiacriticsSuggestsTheNearestOne() throws {
    let bench = try ImportBench()
    try bench.expectRefused(bench.file("commune.csv", "commune,item,working,date\nXa Dak Plooo,photocopier,1,2025-12-01\n"),
                            saying: "commune.csv:2:1: unknown commune \"Xa Dak Plooo\"; did you mean Xã Đăk Plô (23344")
}

@Test func aTruncatedWorkbookIsRefused() throws {
    let bench = try ImportBench()
    let template = bench.dir.appendingPathComponent("t.xlsx")
    #expect(try bench.run(["template", "--commune", "23344", "--out", template.path]).status == 0)
    let data = try Data(contentsOf: template)
    try bench.expectRefused(try bench.file("cut.xlsx", bytes: data.prefix(data.count * 2 / 3)),
                            saying: "cut.xlsx: not a readable .xlsx workbook (the zip container is damaged or truncated)")
}

@Test func aFileThatIsNotASpreadsheetIsRefused() throws {
    let bench = try ImportBench()
    try bench.expectRefused(try bench.file("report.xlsx", bytes: Data("%PDF-1.7\n%âãÏÓ\n1 0 obj\n".utf8)),
                            saying: "report.xlsx: a PDF document, not a spreadsheet")
}

@Test func aFileOfRandomBytesIsRefused() throws {
    let bench = try ImportBench()
    var rng = SystemRandomNumberGenerator()
    let bytes = Data((0..<2048).map { _ in UInt8.random(in: 0...255, using: &rng) } + [0xFF, 0xFE, 0])
    try bench.expectRefused(try bench.file("noise.csv", bytes: bytes), saying: "noise.csv: not a spreadsheet")
}

@Test func oneBadRowAmongAThousandGoodOnesWritesNothing() throws {
    let bench = try ImportBench()
    let communes = try bench.store.communes().map(\.code)
    let items = ["queue-machine", "number-display", "digitisation-set", "lookup-kiosk", "rating-device", "official-pc",
                 "photocopier", "security-device", "data-network-link", "digital-signature", "vcs-terminal"]
    var lines = ["commune_code,item,working,broken,date"]
    for i in 0..<1001 { lines.append("\(communes[i % communes.count]),\(items[i / communes.count]),\(i % 5),0,2025-12-0\(1 + i % 9)") }
    lines[700] = "\(communes[699 % communes.count]),\(items[699 / communes.count]),two,0,2025-12-01"
    try bench.expectRefused(bench.file("big.csv", lines.joined(separator: "\n") + "\n"),
                            saying: "big.csv:701:3: working \"two\" is not a number")
}

@Test func problemsInSeveralFilesAreAllReportedAndNoneIsWritten() throws {
    let bench = try ImportBench()
    let good = bench.file("good.csv", flatHeader + "23344,vcs-terminal,1,0,2025-12-20,yes\n")
    let bad = bench.file("bad.csv", flatHeader + "23344,photocopier,x,0,2025-12-01,\n")
    let before = try bench.fingerprint()
    let result = try bench.run(["import", good, bad, "nothere.csv", "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("2 problems; nothing was used"))
    #expect(result.stderr.contains("bad.csv:2:3: working \"x\" is not a number"))
    #expect(result.stderr.contains("nothere.csv: cannot read the file: no such file"))
    #expect(try bench.fingerprint() == before)
}

@Test func recordingAVCSTerminalSaysTheRuleBecameMet() throws {
    let bench = try ImportBench()
    let result = try bench.run(["record", "Dak Plo", "vcs-terminal", "--working", "1", "--set", "meets_hnth=có",
                                "--on", "20/12/2025", "--by", "Nguyễn Văn A", "--lang", "en"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Recorded: Xã Đăk Plô (23344), vcs-terminal — 1 working, 0 broken, meets_hnth=true from 2025-12-20"))
    #expect(result.stdout.contains("+ now met: a VCS terminal meeting online-meeting requirements"))
    let latest = try #require(try bench.store.events(commune: "23344", item: "vcs-terminal").first)
    #expect(latest.recordedBy == "Nguyễn Văn A" && latest.source == "command")
}

@Test func recordingAnAttributeOfTheWrongTypeIsRefused() throws {
    let bench = try ImportBench()
    let before = try bench.fingerprint()
    let result = try bench.run(["record", "23344", "data-network-link", "--working", "1", "--set", "bandwidth_mbps=fast", "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: --set bandwidth_mbps=fast: bandwidth_mbps is int, \"fast\" is not a whole number"))
    #expect(try bench.fingerprint() == before)
}

@Test func recordingKeepsTheAttributesNotGiven() throws {
    let bench = try ImportBench()
    #expect(try bench.run(["record", "23344", "data-network-link", "--working", "2", "--on", "2025-12-20"]).status == 0)
    let latest = try #require(try bench.store.events(commune: "23344", item: "data-network-link").first)
    #expect(latest.working == 2 && latest.attributes == ["bandwidth_mbps": .int(200)])
}

@Test func historyListsACommunesEventsNewestFirst() throws {
    let bench = try ImportBench()
    #expect(try bench.run(["record", "23344", "vcs-terminal", "--working", "1", "--set", "meets_hnth=yes", "--on", "2025-12-20"]).status == 0)
    let result = try bench.run(["history", "đăk plô", "vcs-terminal", "--format", "csv"])
    #expect(result.status == 0)
    let rows = try CSV.parse(result.stdout)
    #expect(rows.map { $0.fields[0] } == ["date", "2025-12-20", "2025-07-01"])
    #expect(rows[1].fields[4] == "meets_hnth=true" && rows[1].fields[7] == "command")
}

@Test func templatesForAllCommunesGoOneFilePerCommuneIntoAFolder() throws {
    let bench = try ImportBench()
    let folder = bench.dir.appendingPathComponent("phieu").path
    let result = try bench.run(["template", "--all", "--out", folder, "--lang", "en"])
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(files.count == 96)
    #expect(files.contains("23344-xa-dak-plo.xlsx"))
}

/// Xã Đăk Plô's CSV template from the command, with its text changed.
func dakPloCSVTemplate(_ bench: ImportBench, _ edit: (String) -> String) throws -> String {
    let path = bench.dir.appendingPathComponent("template.csv").path
    #expect(try bench.run(["template", "--commune", "23344", "--out", path]).status == 0)
    return bench.file("filled.csv", edit(try String(contentsOfFile: path, encoding: .utf8)))
}

@Test func aTemplateDatedInTheFutureIsRefusedAtItsDateCell() throws {
    let bench = try ImportBench()
    let path = try dakPloCSVTemplate(bench) { text in
        text.replacingOccurrences(of: #"\(date\)",\d\d/\d\d/\d{4}"#, with: "(date)\",01/01/2099", options: .regularExpression)
    }
    try bench.expectRefused(path, saying: "filled.csv:5:2: the date of the count 01/01/2099 is in the future")
}

@Test func aTemplateWithAnUnknownCommuneCodeIsRefusedWithCandidates() throws {
    let bench = try ImportBench()
    let path = try dakPloCSVTemplate(bench) { $0.replacingOccurrences(of: "(commune_code),23344", with: "(commune_code),23349") }
    try bench.expectRefused(path, saying: "filled.csv:3:2: unknown commune \"23349\"; did you mean")
}

@Test func aTemplateWithoutADateNeedsOn() throws {
    let bench = try ImportBench()
    let path = try dakPloCSVTemplate(bench) { text in
        text.replacingOccurrences(of: #"\(date\)",\d\d/\d\d/\d{4}"#, with: "(date)\",", options: .regularExpression)
            .replacingOccurrences(of: "bộ,0,0,,,,", with: "bộ,1,0,,,có,")
    }
    try bench.expectRefused(path, saying: "the date of the count (Ngày kiểm kê) is empty: fill it in or give --on DATE")
    let result = try bench.run(["import", path, "--on", "2025-12-20"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try bench.store.events(commune: "23344", item: "vcs-terminal").first?.effectiveOn == Fixtures.day("2025-12-20"))
}

@Test func anUnchangedTemplateAddsNothing() throws {
    let bench = try ImportBench()
    let before = try bench.fingerprint()
    let path = try dakPloCSVTemplate(bench) { $0 }
    let result = try bench.run(["import", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("0 sự kiện, 10 dòng không đổi"))
    #expect(try bench.fingerprint() == before)
}

@Test("an import that changes many communes prints one line per rule with the first communes; --summary-out gets the full list by commune")
func largeImportSummary() throws {
    let bench = try ImportBench()
    let communes = try bench.store.communes()
    // The VCS terminals of 30 communes, most of which had one, reported gone.
    let rows = communes.prefix(30).map { "\($0.code),vcs-terminal,0,0,2026-01-10," }.joined(separator: "\n")
    let csv = bench.file("vcs.csv", flatHeader + rows + "\n")
    let full = bench.dir.appendingPathComponent("summary.txt").path
    let result = try bench.run(["import", csv, "--lang", "en", "--summary-out", full])
    #expect(result.status == 0, "\(result.stderr)")
    let unmet = result.stdout.split(separator: "\n").filter { $0.hasPrefix("- no longer met in ") }
    #expect(unmet.count == 1, "\(result.stdout)")
    #expect(unmet.first?.contains(" communes: ") == true && unmet.first?.contains(" more)") == true, "\(result.stdout)")
    #expect(result.stdout.contains("The full list, by commune, is in \(full)"))
    #expect(result.stdout.split(separator: "\n").count < 15, "\(result.stdout)")
    let text = try String(contentsOfFile: full, encoding: .utf8)
    #expect(text.contains("\(communes[0].label):"), "\(text)")
    #expect(text.split(separator: "\n").count > 21, "\(text)")
}

@Test("a small import still prints its changes by commune, in Vietnamese by default")
func smallImportSummaryByCommune() throws {
    let bench = try ImportBench()
    let commune = try #require(try bench.store.communes().first)
    let csv = bench.file("one.csv", flatHeader + "\(commune.code),vcs-terminal,0,0,2026-01-10,\n")
    let result = try bench.run(["import", csv])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\(commune.label):"), "\(result.stdout)")
    #expect(!result.stdout.contains("--summary-out"))
}
