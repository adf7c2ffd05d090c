import Foundation
import ReadinessCore
import ReadinessInput
import Testing
import TestSupport

// Readers stop at their stated limits whatever a file's headers claim, and say which limit was hit.

private func xlsxError(_ url: URL) -> String {
    do { _ = try XlsxReader.read(Data(contentsOf: url)); return "" } catch { return "\(error)" }
}

@Test func aSheetWhoseZipHeaderClaimsAKilobyteButInflatesTo200MiBStopsAtTheLimitQuickly() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("bomb.xlsx")
    try HostileFiles.lyingWorkbook(at: url, inflating: 200 << 20, claiming: 1_000)
    #expect(try Data(contentsOf: url).count < 1 << 20)
    let start = Date()
    let message = xlsxError(url)
    #expect(message.contains("sheet \"S\" (xl/worksheets/sheet1.xml) unpacks to more than 64 MiB"), "\(message)")
    #expect(Date().timeIntervalSince(start) < 20)
}

@Test func aSheetWhoseHeaderAdmitsItsSizeIsRefusedBeforeInflating() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("big.xlsx")
    try HostileFiles.zip(at: url, parts: [("xl/workbook.xml", .text(HostileFiles.workbookXML)),
                                          ("xl/worksheets/sheet1.xml", .spaces(65 << 20))])
    #expect(xlsxError(url).contains("unpacks to more than 64 MiB, the limit for one part"))
}

@Test func malformedSheetXMLIsPutInWordsWithItsLineAndColumn() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("bad.xlsx")
    try HostileFiles.workbook(at: url, sheet: "<worksheet>\n<sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></row>\n</sheetData></worksheet>")
    let message = xlsxError(url)
    #expect(message.contains("sheet \"S\"'s XML is malformed at line 3, column"), "\(message)")
    #expect(message.contains("an element is closed with another element's name"), "\(message)")
    #expect(!message.contains("NSXMLParserErrorDomain"))
}

@Test func aSheetNestedDeeperThanTheLimitIsRefused() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("deep.xlsx")
    let deep = String(repeating: "<x>", count: 200) + String(repeating: "</x>", count: 200)
    try HostileFiles.workbook(at: url, sheet: "<worksheet><sheetData>\(deep)</sheetData></worksheet>")
    #expect(xlsxError(url).contains("nests elements more than 64 deep"))
}

@Test func aCellLongerThanExcelAllowsIsRefused() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("long.xlsx")
    let text = String(repeating: "a", count: 40_000)
    try HostileFiles.workbook(at: url, sheet: "<worksheet><sheetData><row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>\(text)</t></is></c></row></sheetData></worksheet>")
    #expect(xlsxError(url).contains("cell B1 holds more than 32767 characters"))
}

@Test func aSheetThatDeclaresEntitiesIsRefused() throws {
    let url = Fixtures.temporaryDirectory().appendingPathComponent("dtd.xlsx")
    let laughs = "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
    try HostileFiles.workbook(at: url, sheet: laughs + "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>")
    #expect(xlsxError(url).contains("declares a DTD"))
}

@Test func aRowOfMoreFieldsThanTheLimitIsRefusedWithItsLine() {
    let text = "a,b\n" + String(repeating: ",", count: 2_000) + "\n"
    #expect(throws: CSVError.tooManyFields(line: 2)) { try CSV.parse(text) }
    #expect(CSVError.tooManyFields(line: 2).description == "line 2: more than 1024 fields, the limit for one row")
}

@Test func aFieldLongerThanTheLimitIsRefusedWithItsLine() {
    let long = String(repeating: "x", count: 70_000)
    #expect(throws: CSVError.fieldTooLong(line: 3)) { try CSV.parse("a,b\n1,2\n\(long),3\n") }
    #expect(throws: CSVError.fieldTooLong(line: 2)) { try CSV.parse("a,b\n\"\(long)\",3\n") }
}

@Test func aFlatLedgerFileWithAnOverlongFieldNamesTheLimit() throws {
    let long = String(repeating: "x", count: 70_000)
    let text = "commune_code,item,working,broken,date,note\n23344,queue-machine,1,0,2025-12-01,ok\n23344,queue-machine,1,0,2025-12-02,\(long)\n"
    let message = problems {
        try LedgerFile.read(Data(text.utf8), file: "f.csv", catalog: Fixtures.catalog(), communes: sampleDirectory(),
                            options: .init(latest: Fixtures.day("2026-01-01")))
    }
    #expect(message.contains("line 3: a field longer than 64 KiB"), "\(message)")
}

// MARK: YAML

private func checklistIssues(_ yaml: String) throws -> String {
    let catalog = try Fixtures.catalog()
    return problems { try ChecklistFile.parse(yaml, file: "c.yaml", catalog: catalog) }
}

@Test func aChecklistNestedDeeperThanTheLimitIsRefused() throws {
    let deep = "id: x\nrules: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
    #expect(try checklistIssues(deep).contains("nests more than 64 levels deep"))
}

@Test func aChecklistNestedThousandsDeepIsRefusedWithoutCrashing() throws {
    let deep = "id: x\nrules: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
    #expect(try checklistIssues(deep).contains("nests more than 64 levels deep"))
}

@Test func aChecklistOfAliasesThatExpandToBillionsIsRefused() throws {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
    yaml += "id: x\nrules: *a9\n"
    let start = Date()
    #expect(try checklistIssues(yaml).contains("more than 1000000 values"))
    #expect(Date().timeIntervalSince(start) < 20)
}

@Test func aChecklistLargerThanTheLimitIsRefused() throws {
    let yaml = "id: x\n# " + String(repeating: "x", count: 5 << 20) + "\n"
    #expect(try checklistIssues(yaml).contains("larger than 4 MiB"))
}

// MARK: Files as Excel writes them

private func flat(_ data: Data) throws -> LedgerFileContents {
    try LedgerFile.read(data, file: "excel.csv", catalog: Fixtures.catalog(), communes: sampleDirectory(),
                        options: .init(latest: Fixtures.day("2026-01-01")))
}

@Test func aCSVSavedByExcelInAVietnameseLocaleIsSeparatedBySemicolons() throws {
    let text = "\u{FEFF}commune_code;item;working;broken;date;note\r\n23344;queue-machine;2;1;01/12/2025;\"a; b, c\"\r\n"
    let read = try flat(Data(text.utf8))
    #expect(read.kind == .flatCSV)
    #expect(read.events.map { [$0.communeCode, $0.item, String($0.working), String($0.broken), $0.note] }
            == [["23344", "queue-machine", "2", "1", "a; b, c"]])
}

@Test func aCSVSavedByExcelAsUnicodeTextIsUTF16WithTabs() throws {
    let text = "commune_code\titem\tworking\tbroken\tdate\r\n23344\tqueue-machine\t3\t0\t2025-12-01\r\n"
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let read = try flat(Data(bytes))
    #expect(read.events.map(\.working) == [3])
}

@Test func aHeaderWithOneQuotedSemicolonIsStillSeparatedByCommas() throws {
    let records = try CSV.parse("\"a;b\",c\n1,2\n")
    #expect(records.map(\.fields) == [["a;b", "c"], ["1", "2"]])
}

@Test func aTemplateCSVCellGuardedAgainstFormulasIsReadAsTyped() throws {
    let csv = try dakPloTemplate().csv().replacingOccurrences(of: "(recorded_by),", with: "(recorded_by),'=Boss")
    let read = try LedgerFile.read(Data(csv.utf8), file: "t.csv", catalog: Fixtures.catalog(), communes: sampleDirectory(),
                                   options: .init(latest: Fixtures.day("2026-01-01")))
    #expect(read.kind == .csvTemplate)
    #expect(!read.events.isEmpty && read.events.allSatisfy { $0.recordedBy == "=Boss" })
}

// MARK: Inputs the fuzzers found

private func found(_ name: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz/\(name)"))
}

@Test func aWorkbookWhoseDeflateStreamNeverEndsIsDamagedNotAnEndlessLoop() throws {
    let start = Date()
    let message = problems { try XlsxReader.read(found("xlsx-deflate-stream-without-end.xlsx")) }
    #expect(message.contains("the workbook is damaged") || message.contains("damaged or truncated"), "\(message)")
    #expect(Date().timeIntervalSince(start) < 5)
}
