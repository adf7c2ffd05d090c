import Testing
import ReadinessCore
import ReadinessReports

@Test("amounts are written in the reader's style: 1.234.567 đ, 1,234,567 VND")
func amountsInTheReadersStyle() {
    #expect(Money.format(1_234_567, .vi) == "1.234.567 đ")
    #expect(Money.format(1_234_567, .en) == "1,234,567 VND")
}
