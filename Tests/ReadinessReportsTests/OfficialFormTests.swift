import Foundation
import FoundationXML
import Testing
import ReadinessCore
import ReadinessReports
import TestSupport

/// A document laid out in the administrative form (Nghị định 30/2020/NĐ-CP), from the form's data.
@Suite struct OfficialFormTests {
    static let form = OfficialForm(parent: "UBND TỈNH QUẢNG NGÃI", body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", number: "Số:      /BC-SKHCN",
                                   place: "Quảng Ngãi",
                                   signers: [.init(title: "NGƯỜI LẬP BIỂU"), .init(title: "THỦ TRƯỞNG ĐƠN VỊ", capacity: "GIÁM ĐỐC")],
                                   recipients: ["UBND tỉnh (để báo cáo);", "Lưu VT, VP."])

    static func page(_ language: Language = .vi) throws -> String {
        let store = try Fixtures.sampleStore()
        let evaluation = try Fixtures.evaluate(store, on: Fixtures.day("2025-09-15"))
        var document = GapReport(evaluation: evaluation, language: language).document()
        document.form = form
        return try document.render(.html).text
    }

    @Test("the gap list in the administrative form: body and motto, place and date, annex, signers and Nơi nhận")
    func headingAnnexAndSigning() throws {
        let html = try Self.page()
        for text in ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số:      /BC-SKHCN",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày …… tháng …… năm ……",
                     "Phụ lục 01", "(Kèm theo Báo cáo số ……/BC-SKHCN)", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "GIÁM ĐỐC",
                     "(Ký, ghi rõ họ tên)", "Nơi nhận:", "- Lưu VT, VP.", "20/96 địa phương chưa có"] {
            #expect(html.contains(text), "\(text)")
        }
        // The order of an administrative document: heading, title, annex, then signatures and recipients.
        let order = ["CỘNG HÒA", "<h1>", "Phụ lục 01", "NGƯỜI LẬP BIỂU", "Nơi nhận:"].compactMap { html.range(of: $0)?.lowerBound }
        #expect(order.count == 5 && order == order.sorted())
    }

    @Test("A4 with the decree's margins (20 mm top and bottom, 30 mm left, 15 mm right), Times New Roman at 13 pt")
    func pageAndFont() throws {
        let html = try Self.page()
        #expect(html.contains("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"))
        #expect(html.contains("font-size: 13pt") && html.contains("\"Times New Roman\", \"Liberation Serif\""))
        #expect(html.contains("thead { display: table-header-group; }"))
    }

    @Test("the page stays well-formed XML, and in English the motto is in English")
    func wellFormedAndOneLanguage() throws {
        let html = try Self.page()
        #expect(XMLParser(data: Data(html.utf8)).parse())
        let en = try Self.page(.en)
        #expect(en.contains("SOCIALIST REPUBLIC OF VIET NAM") && en.contains("Annex 01") && !en.contains("Độc lập"))
    }

    @Test("without a form the page is the plain report")
    func plainWithoutForm() throws {
        let store = try Fixtures.sampleStore()
        let html = try GapReport(evaluation: try Fixtures.evaluate(store, on: Fixtures.day("2025-09-15"))).document().render(.html).text
        #expect(!html.contains("CỘNG HÒA") && !html.contains("Phụ lục"))
    }
}
