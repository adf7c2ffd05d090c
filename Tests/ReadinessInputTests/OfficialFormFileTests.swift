import Foundation
import ReadinessCore
import ReadinessInput
import Testing
import TestSupport

@Suite struct OfficialFormFileTests {
    @Test("the shipped form for Quảng Ngãi reads: issuing body, number, place, two signers and the recipients")
    func shippedFormReads() throws {
        let url = Fixtures.repoRoot.appendingPathComponent("Inventory/official-form.yaml")
        let form = try OfficialFormFile.parse(String(contentsOf: url, encoding: .utf8), file: "Inventory/official-form.yaml")
        #expect(form.parent == "UBND TỈNH QUẢNG NGÃI" && form.body == "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
        #expect(form.place == "Quảng Ngãi" && form.number.hasSuffix("/BC-SKHCN"))
        #expect(form.signers.map(\.title) == ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"])
        #expect(form.recipients.last == "Lưu VT, VP.")
    }

    @Test("every mistake of a form is reported with its line and column")
    func mistakesReportedWithLines() {
        let text = """
            body: SỞ KHOA HỌC VÀ CÔNG NGHỆ
            number: "Số: /BC-SKHCN"
            signers:
              - title: A
              - title: B
              - title: C
              - title: D
            recipients: Lưu VT
            adress: x
            """
        #expect {
            try OfficialFormFile.parse(text, file: "form.yaml")
        } throws: { error in
            let lines = (error as? InputProblems)?.issues.map(\.description) ?? []
            return lines.contains { $0.hasPrefix("form.yaml:") && $0.contains("adress") }
                && lines.contains { $0.contains("place") }
                && lines.contains { $0.hasPrefix("form.yaml:4:") && $0.contains("4 signature blocks") }
                && lines.contains { $0.hasPrefix("form.yaml:8:") && $0.contains("recipients") }
        }
    }
}
