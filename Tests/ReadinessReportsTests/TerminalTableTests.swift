import Foundation
import Testing
import ReadinessCore
import ReadinessReports

/// Report tables on a terminal: Vietnamese names aligned by character, long cells wrapped within the width.
@Suite struct TerminalTableTests {
    static func document(_ names: [String]) -> ReportDocument {
        let table = ReportTable([ReportColumn("Địa phương", key: "name"), ReportColumn("Thiếu", key: "short", numeric: true),
                                 ReportColumn("Ghi chú", key: "note")],
                                rows: names.enumerated().map { i, n in [.text(n), .int(i * 1000), .text("bàn giao thiết bị mới, chờ nghiệm thu")] })
        return ReportDocument(title: "T", language: .vi, sections: [ReportSection("S", [.table(table)])])
    }

    static func tableLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").drop { !$0.hasPrefix("Địa phương") }.filter { !$0.hasPrefix("─") }
    }

    @Test("columns line up after Vietnamese names, typed composed or decomposed, one column per letter")
    func vietnameseNamesAlign() throws {
        let decomposed = "Xã Đăk Plô".decomposedStringWithCanonicalMapping
        let text = try Self.document(["Xã Ba Động", decomposed, "Phường Trương Quang Trọng"]).render(.table, width: 200).text
        let composed = Array("Xã Đăk Plô".precomposedStringWithCanonicalMapping.utf8)
        #expect(Array(text.utf8).firstRange(of: composed) != nil)   // written out in NFC
        let lines = Self.tableLines(text)
        let noteColumn = lines.dropFirst().map { line in line.distance(from: line.startIndex, to: line.range(of: "bàn giao")!.lowerBound) }
        #expect(Set(noteColumn).count == 1)
        #expect(text.contains("2.000"))   // Vietnamese grouping
    }

    @Test("no table line ends in spaces, whatever its last cell holds")
    func noTrailingSpaces() throws {
        let table = ReportTable([ReportColumn("Địa phương", key: "name"), ReportColumn("Ghi chú", key: "note")],
                                rows: [[.text("Xã Ba Động"), .text("")], [.text("Xã Đăk Plô"), .text("chờ\u{00A0}\u{3000} ")],
                                       [.text("Phường Trương Quang Trọng"), .text("x")]])
        let text = try ReportDocument(title: "T", language: .vi, sections: [ReportSection("S", [.table(table)])]).render(.table, width: 120).text
        let lines = Self.tableLines(text)
        #expect(lines.count == 4)
        for line in lines { #expect(line.last.map { !$0.isWhitespace } ?? true, "\(line)") }
        #expect(lines.contains { $0.hasSuffix("chờ") })
    }

    @Test("a table wider than the terminal wraps its text cells and no line passes the width")
    func wrapsWithinWidth() throws {
        let text = try Self.document(["Phường Trương Quang Trọng", "Xã Đăk Rơ Wa"]).render(.table, width: 40).text
        for line in text.split(separator: "\n") { #expect(line.count <= 40, "\(line)") }
        #expect(text.contains("bàn giao") && text.contains("Trương"))
    }
}
