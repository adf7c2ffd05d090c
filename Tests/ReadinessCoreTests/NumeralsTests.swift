import Foundation
import ReadinessCore
import Testing

@Suite struct NumeralsTests {
    @Test("whole numbers are ASCII decimal digits only", arguments: ["0x10", "+5", " 5", "5 ", "1e3", "٥", "5.0", "", "-", "0b1"])
    func notWhole(_ text: String) {
        #expect(Numerals.whole(text) == nil)
    }

    @Test("whole numbers read as written, within Int")
    func whole() {
        #expect(Numerals.whole("007") == 7)
        #expect(Numerals.whole("-3") == -3)
        #expect(Numerals.whole("99999999999999999999") == nil)
        #expect(Numerals.looksWhole("99999999999999999999"))
    }

    @Test("decimals refuse hexadecimal, infinities and a leading plus", arguments: ["0x10", "inf", "nan", "+1", "1e999", "1.", ".", "1,5"])
    func notDecimal(_ text: String) { #expect(Numerals.decimal(text) == nil) }

    @Test("amounts of VND are worked out exactly, and too large is told apart from not an amount")
    func amounts() {
        #expect(Money.read("2.5e9") == .amount(2_500_000_000))
        #expect(Money.read("2E9") == .amount(2_000_000_000))
        #expect(Money.read("2.55e1") == .invalid)
        #expect(Money.read("0x10") == .invalid)
        #expect(Money.read("+5") == .invalid)
        #expect(Money.read("1e30") == .tooLarge)
        #expect(Money.read("99999999999999999999") == .tooLarge)
        #expect(Money.read("-1.000") == .amount(-1_000))
    }
}
