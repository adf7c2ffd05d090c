import Foundation
import PropertyBased
import ReadinessCore
import ReadinessInput
import ReadinessReports
import Testing
import TestSupport

/// The Quảng Ngãi registry, for resolving communes in files.
func sampleDirectory() throws -> CommuneDirectory { CommuneDirectory(try Fixtures.sampleStore().communes()) }

/// Writes a workbook with the given sheets of cells (text, or numbers when `Double`), as another program would.
func workbook(_ sheets: [(name: String, rows: [[Any?]])], in dir: URL, name: String = "book.xlsx") throws -> URL {
    let url = dir.appendingPathComponent(name)
    let book = try XlsxWorkbook(path: url.path)
    for (sheetName, rows) in sheets {
        let sheet = book.addSheet(sheetName)
        for (r, row) in rows.enumerated() {
            for (c, value) in row.enumerated() {
                switch value {
                case let d as Double: sheet.write(r, c, d)
                case let i as Int: sheet.write(r, c, i)
                case let s as String: sheet.write(r, c, s)
                default: break
                }
            }
        }
    }
    try book.close()
    return url
}

func read(_ url: URL, on: Day? = nil, latest: Day = Fixtures.day("2026-01-01")) throws -> LedgerFileContents {
    try LedgerFile.read(Data(contentsOf: url), file: url.lastPathComponent, catalog: Fixtures.catalog(),
                        communes: sampleDirectory(), options: .init(defaultDate: on, latest: latest))
}

/// Xã Đăk Plô's template as of 12/12/2025 from the sample, with a change to its holdings.
func dakPloTemplate(_ change: (inout [Holding]) -> Void = { _ in }) throws -> EquipmentTemplate {
    let store = try Fixtures.sampleStore()
    let commune = try #require(try store.communes().first { $0.code == "23344" })
    let day = Fixtures.day("2025-12-12")
    var holdings = try store.state(asOf: day).holdings(commune: "23344")
    change(&holdings)
    return EquipmentTemplate(commune: commune, catalog: try Fixtures.catalog(), date: day, holdings: holdings)
}

func problems(_ body: () throws -> Any) -> String {
    do { _ = try body(); return "" } catch { return "\(error)" }
}

@Test func aTemplateWrittenAsXlsxReadsBackWithItsCommuneDateAndRows() throws {
    let template = try dakPloTemplate { holdings in
        let vcs = holdings.firstIndex { $0.item == "vcs-terminal" }!
        holdings[vcs].working = 1
        holdings[vcs].attributes = ["meets_hnth": .bool(true)]
    }
    let url = Fixtures.temporaryDirectory().appendingPathComponent("t.xlsx")
    try template.writeXlsx(to: url.path)
    let contents = try read(url)
    #expect(contents.kind == .xlsxTemplate)
    let event = try #require(contents.events.first { $0.item == "vcs-terminal" })
    #expect(event.communeCode == "23344" && event.working == 1 && event.effectiveOn == template.date)
    #expect(event.attributes == ["meets_hnth": .bool(true)])
    #expect(contents.events.count == template.holdings.count)
}

@Test func theCSVFormOfTheTemplateReadsLikeTheWorkbook() throws {
    let dir = Fixtures.temporaryDirectory()
    let template = try dakPloTemplate()
    let csvURL = Fixtures.write(template.csv(), to: "t.csv", in: dir)
    let xlsxURL = dir.appendingPathComponent("t.xlsx")
    try template.writeXlsx(to: xlsxURL.path)
    let fromCSV = try read(csvURL), fromXlsx = try read(xlsxURL)
    #expect(fromCSV.kind == .csvTemplate)
    #expect(fromCSV.events.map(\.item) == fromXlsx.events.map(\.item))
    #expect(fromCSV.events.map(\.attributes) == fromXlsx.events.map(\.attributes))
    #expect(fromCSV.events.map(\.working) == fromXlsx.events.map(\.working))
}

@Test func aWorkbookAsPeopleReturnItIsRead() throws {
    // A renamed sheet, blank rows, numbers stored as text with spaces, a name typed without
    // diacritics and another in NFD, dates as dd/MM/yyyy, ISO and an Excel serial, an extra column.
    let dir = Fixtures.temporaryDirectory()
    let nfd = "Xã Đăk Plô".decomposedStringWithCanonicalMapping
    let url = try workbook([("Sheet1", []), ("Báo cáo tháng 12", [
        ["commune", "item", "working", "broken", "date", "meets_hnth", "ghi chu them"],
        [],
        ["Xa Dak Plo ", "vcs-terminal", " 1 ", "0", "20/12/2025", "có", "đã lắp"],
        [nfd, "photocopier", 2.0, nil, 46012.0, nil, nil],
        [],
        ["23344", "official-pc ", "30", 0, "2025-12-21"],
    ])], in: dir)
    // An extra column in a flat table is an error (exchange between systems is strict) …
    #expect(problems { try read(url) }.contains("unknown column \"ghi chu them\""))
    // … but not in a template; here, without it, every row reads.
    let clean = try workbook([("Báo cáo tháng 12", [
        ["commune", "item", "working", "broken", "date", "meets_hnth"],
        [],
        ["Xa Dak Plo ", "vcs-terminal", " 1 ", "0", "20/12/2025", "có"],
        [nfd, "photocopier", 2.0, nil, 46012.0],
        [],
        ["23344", "official-pc ", "30", 0, "2025-12-21"],
    ])], in: dir, name: "clean.xlsx")
    let contents = try read(clean)
    #expect(contents.kind == .flatXlsx)
    // (Events come in the ledger's key order: commune, item, date.)
    #expect(contents.events.map(\.communeCode) == ["23344", "23344", "23344"])
    #expect(contents.events.map(\.item) == ["official-pc", "photocopier", "vcs-terminal"])
    #expect(contents.events.map(\.effectiveOn) == [Fixtures.day("2025-12-21"), Fixtures.day("2025-12-21"), Fixtures.day("2025-12-20")])
    #expect(contents.events.map(\.working) == [30, 2, 1])
    #expect(contents.events[2].attributes == ["meets_hnth": .bool(true)])
}

@Test func aTemplateWithARenamedSheetAndAnAddedColumnIsRead() throws {
    let dir = Fixtures.temporaryDirectory()
    let template = try dakPloTemplate()
    // Re-made by "another program": the CSV form's cells in a workbook whose sheet is renamed, plus a column.
    let rows: [[Any?]] = try CSV.parse(template.csv()).map { r in r.fields.map { $0 as Any? } + [r.line == 9 ? "Ý kiến" : "…"] }
    let url = try workbook([("Đăk Plô", rows)], in: dir)
    let contents = try read(url)
    #expect(contents.kind == .xlsxTemplate)
    #expect(contents.events.allSatisfy { $0.communeCode == "23344" })
}

@Test func problemsInAWorkbookNameTheSheetRowAndColumn() throws {
    let dir = Fixtures.temporaryDirectory()
    let url = try workbook([("Dữ liệu", [
        ["commune_code", "item", "working", "broken", "date"],
        ["23344", "queue-machine", -1.0, 0, "2025-12-01"],
    ])], in: dir)
    let message = problems { try read(url) }
    #expect(message.contains("book.xlsx, sheet \"Dữ liệu\", row 2, column C: working -1 is negative"))
}

@Test func randomBytesAreNotASpreadsheet() throws {
    let dir = Fixtures.temporaryDirectory()
    var generator = SystemRandomNumberGenerator()
    let bytes = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0])
    let url = dir.appendingPathComponent("noise.xlsx")
    try bytes.write(to: url)
    #expect(problems { try read(url) }.contains("not a spreadsheet"))
}

@Test func aTruncatedWorkbookIsReportedAsDamaged() throws {
    let dir = Fixtures.temporaryDirectory()
    let whole = try workbook([("S", [["commune_code", "item", "working", "date"], ["23344", "queue-machine", 1.0, "2025-12-01"]])], in: dir)
    let data = try Data(contentsOf: whole)
    let cut = dir.appendingPathComponent("cut.xlsx")
    try data.prefix(data.count / 2).write(to: cut)
    #expect(problems { try read(cut) }.contains("damaged or truncated"))
}

@Test func anExcelSerialNumberIsADate() {
    #expect(LedgerCSV.day("45915") == Fixtures.day("2025-09-15"))
    #expect(LedgerCSV.day("15/09/2025") == Fixtures.day("2025-09-15"))
    #expect(LedgerCSV.day("-3") == nil)
}

@Test func arbitraryBytesNeverCrashTheReader() async throws {
    let catalog = try Fixtures.catalog()
    let directory = try sampleDirectory()
    await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...600)) { bytes in
        _ = try? LedgerFile.read(Data(bytes), file: "x", catalog: catalog, communes: directory, options: .init())
    }
}

@Test func mutatedTemplatesNeverCrashTheReader() async throws {
    let dir = Fixtures.temporaryDirectory()
    let template = try dakPloTemplate()
    let url = dir.appendingPathComponent("t.xlsx")
    try template.writeXlsx(to: url.path)
    let xlsx = try Data(contentsOf: url), csv = Data(template.csv().utf8)
    let catalog = try Fixtures.catalog()
    let directory = try sampleDirectory()
    let edits = PropertyBased.zip(Gen.int(in: 0...100_000), Gen.uint8()).array(of: 1...8)
    await propertyCheck(count: 200, input: edits, Gen.bool) { edits, useCSV in
        var data = useCSV ? csv : xlsx
        for (position, byte) in edits { data[position % data.count] = byte }
        if edits.count > 6 { data = data.prefix(edits[0].0 % data.count) }
        _ = try? LedgerFile.read(data, file: "x", catalog: catalog, communes: directory, options: .init())
    }
}

@Test("a flat file's recorded_at is kept with each row; one that is not a UTC time of recording is refused with its row and column")
func recordedAtColumn() throws {
    let dir = Fixtures.temporaryDirectory()
    let good = Fixtures.write("commune_code,item,working,date,recorded_by,recorded_at\n23344,vcs-terminal,1,2025-12-01,Sở,2025-12-02T03:04:05Z\n",
                              to: "good.csv", in: dir)
    #expect(try read(good).events.map(\.recordedAt) == ["2025-12-02T03:04:05Z"])
    for bad in ["2025-12-02 03:04:05", "1999-12-02T03:04:05Z", "2100-01-01T00:00:00Z", "2025-12-02T25:04:05Z", "=NOW()"] {
        let url = Fixtures.write("commune_code,item,working,date,recorded_at\n23344,vcs-terminal,1,2025-12-01,\(bad)\n", to: "bad.csv", in: dir)
        let message = problems { try read(url) }
        #expect(message.contains("bad.csv:2:5") && message.contains("recorded_at"), "\(bad): \(message)")
    }
}
