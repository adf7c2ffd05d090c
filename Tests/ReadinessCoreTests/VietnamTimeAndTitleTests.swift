import Testing
import ReadinessCore

@Suite struct VietnamTimeTests {
    @Test("a stored UTC moment reads in Vietnam's time, the date first; late in the UTC day it is already tomorrow")
    func vietnamTime() {
        #expect(VietnamTime.minute("2025-12-12T05:00:00Z") == "12/12/2025 12:00")
        #expect(VietnamTime.minute("2025-12-12T17:30:59Z") == "13/12/2025 00:30")
        #expect(VietnamTime.minute("2025-12-31T23:59:00.123Z") == "01/01/2026 06:59")
        #expect(VietnamTime.day("2025-12-12T16:59:00Z")?.iso == "2025-12-12")
        #expect(VietnamTime.day("2025-12-12T17:00:00Z")?.iso == "2025-12-13")
    }

    @Test("a text that is not a stored moment is shown as it is")
    func notAMoment() {
        for text in ["", "yesterday", "2025-12-12", "2025-12-12T25:00:00Z", "2025-12-12T05:00:00+07:00"] {
            #expect(VietnamTime.minute(text) == text)
        }
    }
}

@Suite struct ChecklistTitleTests {
    static func checklist(_ vi: String, _ en: String) -> Checklist {
        Checklist(id: "t", title: Localized(vi: vi, en: en), source: "", deadline: Day(iso: "2025-12-31")!, rules: [])
    }

    @Test("a title's {province} names the province of the communes a report covers, in each language")
    func province() {
        let c = Self.checklist("Trang thiết bị — {province}, 2025", "Equipment — {province}, 2025")
        #expect(c.title(.vi, provinces: ["Tỉnh Quảng Ngãi", "Tỉnh Quảng Ngãi"]) == "Trang thiết bị — tỉnh Quảng Ngãi, 2025")
        #expect(c.title(.en, provinces: ["Tỉnh Quảng Ngãi"]) == "Equipment — Quảng Ngãi province, 2025")
        #expect(c.title(.vi, provinces: ["Thành phố Hà Nội"]) == "Trang thiết bị — thành phố Hà Nội, 2025")
        #expect(c.title(.en, provinces: ["Thành phố Hà Nội"]) == "Equipment — Hà Nội city, 2025")
        #expect(c.title(.vi, provinces: ["Tỉnh Quảng Ngãi", "Thành phố Hà Nội"]) == "Trang thiết bị — toàn quốc, 2025")
        #expect(Self.checklist("Không tỉnh", "No province").title(.vi, provinces: ["Thành phố Hà Nội"]) == "Không tỉnh")
    }
}
