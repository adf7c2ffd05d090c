import Testing
import ReadinessCore

@Suite struct DayISOTests {
    @Test("every day from 1900 to 2100 writes as ISO and reads back as itself")
    func isoRoundTrip() {
        let first = Day(year: 1900, month: 1, day: 1)!.daysSinceEpoch, last = Day(year: 2100, month: 12, day: 31)!.daysSinceEpoch
        for n in first...last {
            let day = Day(daysSinceEpoch: n)
            #expect(Day(iso: day.iso) == day)
        }
        #expect(Day(year: 2025, month: 9, day: 15)!.iso == "2025-09-15")
        #expect(Day(year: 1, month: 1, day: 1)!.iso == "0001-01-01")
    }

    @Test("what is not an ISO date is refused", arguments: ["", "2025-9-15", "2025-09-15 ", "2025/09/15", "2025-02-30",
                                                          "2025-13-01", "20250915", "2025-09-1x", "2025-09-155", "١٢٣٤-٠٩-١٥"])
    func notISO(_ text: String) {
        #expect(Day(iso: text) == nil)
    }
}
