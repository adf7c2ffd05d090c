import Foundation
import Testing
import ReadinessCore
import ReadinessReports
import TestSupport

/// Every workbook prints: each sheet on A4, one page wide, with a print area, the title in the page header and
/// "Trang N/M" in the footer. (LibreOffice and openpyxl check the same on the sample's files in
/// scripts/print_test.py, run by `make test`.)
@Suite struct PrintSetupTests {
    static let reports = ["gaps", "commune", "report", "progress", "deadlines", "plan"]

    static func book(_ report: String) throws -> XlsxReadBack {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("\(report).xlsx").path
        try Data(try RenderingTests.render(report, .xlsx).bytes).write(to: URL(fileURLWithPath: path))
        return try XlsxReadBack(path: path)
    }

    @Test("every sheet of every workbook prints on A4, one page wide, with its title and page numbers", arguments: reports)
    func everySheetPrints(_ report: String) throws {
        let book = try Self.book(report)
        let workbook = try book.member("xl/workbook.xml")
        for (i, name) in book.sheetNames.enumerated() {
            let xml = try book.sheetXML(name)
            #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#), "\(report) \(name)")
            #expect(xml.contains(#"paperSize="9""#) && xml.contains(#"fitToHeight="0""#), "\(report) \(name)")
            #expect(xml.contains("<oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter>"), "\(report) \(name)")
            #expect(xml.contains("<oddHeader>&amp;C"), "\(report) \(name)")
            #expect(workbook.contains(#"name="_xlnm.Print_Area" localSheetId="\#(i)""#), "\(report) \(name)")
        }
    }

    @Test("a wide table prints landscape, a narrow one portrait")
    func orientationFollowsTheWidth() throws {
        let gaps = try Self.book("gaps")
        #expect(try gaps.sheetXML("Tổng hợp").contains(#"orientation="landscape""#))
        let card = try Self.book("commune")
        #expect(try card.sheetXML("Tổng hợp").contains(#"orientation="portrait""#))
    }

    @Test("a sheet of one table repeats its header row on every page")
    func headerRowsRepeat() throws {
        let workbook = try Self.book("gaps").member("xl/workbook.xml")
        #expect(workbook.contains(#"name="_xlnm.Print_Titles" localSheetId="0">'Tổng hợp'!$6:$6<"#))
    }

    @Test("a wrapped cell's row is as tall as its lines: the gap list's long commune lists")
    func rowsFitWrappedText() throws {
        let xml = try Self.book("gaps").sheetXML("Tổng hợp")
        let heights = XlsxHeights.of(xml)
        #expect(heights.values.contains { $0 >= 48 }, "\(heights)")
        #expect(heights.count >= 16 && heights.values.allSatisfy { $0 >= 16 })
    }

    @Test("the plan's summary holds sections A to E, and the score parts print on a sheet of their own")
    func planSummaryAndScoreParts() throws {
        let book = try Self.book("plan")
        #expect(book.sheetNames == ["Tổng hợp theo thiết bị", "Chi tiết theo địa phương", "Thành phần điểm"])
        let summary = try book.cells("Tổng hợp theo thiết bị").values
        for heading in ["A. Tổng hợp theo thiết bị", "B. Theo địa phương", "C. Thứ tự ưu tiên", "D. Chưa bố trí được kinh phí",
                        "E. Mức sẵn sàng đạt được"] {
            #expect(summary.contains(heading), "\(heading)")
        }
        let detail = try book.cells("Chi tiết theo địa phương")
        #expect(!detail.values.contains("Thành phần điểm"))
        #expect(detail["L1"] == "Được cấp kinh phí")
        #expect(try book.cells("Thành phần điểm")["F1"] == "Thành phần điểm")
    }

    @Test("a header field longer than Excel's 255 bytes is cut, its ampersands escaped")
    func longTitlesAreCut() throws {
        let title = String(repeating: "Trang thiết bị & máy ", count: 30)
        var document = ReportDocument(title: title, language: .vi)
        document.sections = [ReportSection("A", [.paragraph("x")])]
        let path = Fixtures.temporaryDirectory().appendingPathComponent("long.xlsx").path
        try Data(try document.render(.xlsx).bytes).write(to: URL(fileURLWithPath: path))
        let xml = try XlsxReadBack(path: path).sheetXML("Tổng hợp")
        let header = try #require(xml.range(of: "<oddHeader>").map { String(xml[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(header.replacingOccurrences(of: "&amp;", with: "&").utf8.count <= 255)
        #expect(header.contains("&amp;&amp;") && header.hasSuffix("…"))
    }
}

/// Row heights of a sheet's XML, by row number.
enum XlsxHeights {
    static func of(_ xml: String) -> [Int: Double] {
        var out: [Int: Double] = [:]
        let re = try! NSRegularExpression(pattern: #"<row r="(\d+)"[^>]*? ht="([\d.]+)""#)
        let ns = xml as NSString
        for m in re.matches(in: xml, range: NSRange(location: 0, length: ns.length)) {
            if let r = Int(ns.substring(with: m.range(at: 1))), let h = Double(ns.substring(with: m.range(at: 2))) { out[r] = h }
        }
        return out
    }
}
