import ReadinessCore
import ReadinessInput
import Testing

/// A problem found in a file reads in one language at a time: its place words and its reason.
@Suite struct IssueLanguageTests {
    /// As the ledger reader words a negative count: the column's name and the value as typed, then the range.
    var inSheet: SourceIssue {
        let range: Phrase = "give 0 to \("100") units"
        return SourceIssue(file: "phieu.xlsx", sheet: "Thiết bị", line: 12, column: 4, "\("working") \("-1") is negative: counts are 0 or more; \(range)")
    }

    @Test("a problem in a sheet says sheet, row and column in English")
    func sheetPlaceInEnglish() {
        #expect(inSheet.description(in: .en) == #"phieu.xlsx, sheet "Thiết bị", row 12, column D: working -1 is negative: counts are 0 or more; give 0 to 100 units"#)
        #expect(inSheet.description == inSheet.description(in: .en))
    }

    @Test("a problem in a sheet says trang tính, dòng and cột in Vietnamese, the sheet's name as it is")
    func sheetPlaceInVietnamese() {
        #expect(inSheet.description(in: .vi)
                == #"phieu.xlsx, trang tính "Thiết bị", dòng 12, cột D: working -1 là số âm: số lượng phải từ 0 trở lên; nhập từ 0 đến 100 đơn vị"#)
    }

    @Test("the problems of a file are counted with English plurals, and in Vietnamese")
    func problemsCounted() {
        let one = InputProblems([inSheet])
        #expect(one.description(in: .en).hasPrefix("1 problem; nothing was used:\n  phieu.xlsx, sheet"))
        let two = InputProblems([inSheet, SourceIssue(file: "a.csv", line: 2, column: 3, "the commune is empty")])
        #expect(two.description(in: .en).hasPrefix("2 problems; nothing was used:\n"))
        #expect(two.description(in: .vi).hasPrefix("2 chỗ sai; không dùng dữ liệu nào:\n"))
        #expect(two.description(in: .vi).hasSuffix("\n  a.csv:2:3: xã đang để trống"))
    }

    @Test("an unknown commune is named as typed, its candidates as the registry writes them, in either language")
    func unknownCommune() {
        let candidate = Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, provinceCode: "51", provinceName: "Quảng Ngãi")
        let error = ResolveError.unknown(query: "Dak Ploo", candidates: [candidate])
        #expect(error.phrase.text(.en) == #"unknown commune "Dak Ploo"; did you mean Xã Đăk Plô (23344, Quảng Ngãi)?"#)
        #expect(error.phrase.text(.vi) == #"không có xã "Dak Ploo"; có phải Xã Đăk Plô (23344, Quảng Ngãi)?"#)
    }

    @Test("a CSV that is not text says so in Vietnamese")
    func csvNotText() {
        #expect(CSVError.notText.phrase.text(.vi) == "tệp không phải văn bản UTF-8 (có phải bảng tính hay một tệp nhị phân khác?)")
        #expect(CSVError.notText.description == "the file is not UTF-8 text (is it a spreadsheet or another binary file?)")
    }
}
