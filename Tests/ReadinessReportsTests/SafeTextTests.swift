import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ReadinessCore
import ReadinessReports
import Testing
import TestSupport

// Notes, sources, names and recorded_by from the ledger reach every format; none of them may
// drive a terminal, break a page, or become a live formula in a spreadsheet.

/// A history whose commune, notes, sources and recorders are each one hostile text.
private func hostileHistory() -> HistoryReport {
    let commune = Commune(code: "99999", name: "Xã \u{1B}[31mĐỏ\u{7}", type: .xa, provinceCode: "51", provinceName: "=cmd|' /C calc'!A0")
    let entries = HostileFiles.hostileTexts.enumerated().map { i, text in
        HistoryReport.Entry(date: Day(iso: "2025-12-01")!, item: "queue-machine", working: i, broken: 0, attributes: ["model": .text(text)],
                            recordedBy: text, recordedAt: "2025-12-01T00:00:00Z", source: text, note: text)
    }
    return HistoryReport(commune: commune, entries: entries, language: .vi)
}

private func wellFormed(_ xml: String) -> Bool {
    let parser = XMLParser(data: Data(xml.utf8))
    return parser.parse()
}

@Test func aTerminalTableShowsControlCharactersAsReplacementsNeverRaw() throws {
    let text = try hostileHistory().render(.table, width: 200).text
    #expect(HostileFiles.control(in: text) == nil)
    #expect(text.contains("\u{FFFD}[2Jcleared"))
    #expect(text.contains("nul\u{FFFD}after"))
}

@Test func markdownCarriesNoControlCharacter() throws {
    #expect(HostileFiles.control(in: try hostileHistory().render(.md).text) == nil)
}

@Test func theHTMLPageWithHostileNotesIsWellFormedAndHasNoControlCharacter() throws {
    let html = try hostileHistory().render(.html).text
    #expect(HostileFiles.control(in: html, allowing: ["\n", "\t", "\r"]) == nil)
    #expect(wellFormed(html))
    #expect(!html.contains("<a href=\"https://evil"))
}

@Test func aCSVCellThatWouldBeAFormulaStartsWithAnApostrophe() throws {
    let csv = try hostileHistory().render(.csv).text
    for formula in ["=HYPERLINK(", "+1", "@SUM(A1:A9)", "-2+3"] {
        #expect(csv.contains("'" + formula), "\(formula)")
        #expect(!csv.contains("," + formula) && !csv.contains(",\"" + formula), "\(formula)")
    }
    #expect(csv.contains(",'\t=1,"))
    #expect(HostileFiles.control(in: csv, allowing: ["\n", "\r", "\t"]) == nil)
}

@Test func negativeNumbersTheProgramWritesStayNumbersInCSV() throws {
    let table = ReportTable([ReportColumn("Text", key: "text"), ReportColumn("Number", key: "number", numeric: true)],
                            rows: [[.text("-3"), .int(-3)]])
    let csv = try ReportDocument(title: "t", language: .en, sections: [ReportSection("", [.table(table)])]).render(.csv).text
    #expect(csv.contains("'-3,-3\r\n"))
}

@Test func xlsxStringCellsHoldHostileTextAsTextWithoutForbiddenCharacters() throws {
    let parts = try HostileFiles.parts(ofXlsx: try hostileHistory().render(.xlsx).bytes)
    let strings = try #require(parts["xl/sharedStrings.xml"])
    #expect(strings.contains("=HYPERLINK("))
    #expect(strings.contains("nul\u{FFFD}after"))   // (a NUL would have cut the text short)
    for (path, xml) in parts where path.hasSuffix(".xml") {
        #expect(HostileFiles.control(in: xml, allowing: ["\n", "\t", "\r"]) == nil, "\(path)")
        #expect(!xml.contains("<f>") || !xml.contains("HYPERLINK"), "\(path)")
        #expect(wellFormed(xml), "\(path)")
    }
}

@Test func jsonKeepsTheRawValueEscaped() throws {
    let json = try hostileHistory().render(.json).bytes
    #expect(HostileFiles.control(in: String(decoding: json, as: UTF8.self)) == nil)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    let notes = (object["events"] as? [[String: Any]])?.compactMap { $0["note"] as? String }
    #expect(notes == HostileFiles.hostileTexts)
}

@Test func aTemplateCSVGuardsFormulasThatTheImporterTakesOffAgain() throws {
    let commune = Commune(code: "99999", name: "=1+1", type: .xa, provinceCode: "51", provinceName: "@x")
    let csv = EquipmentTemplate(commune: commune, catalog: try Fixtures.catalog(), date: Day(iso: "2025-12-01")!, holdings: []).csv()
    #expect(csv.contains(",'=1+1") && csv.contains(",'@x"))
}
