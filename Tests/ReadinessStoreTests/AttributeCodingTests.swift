import PropertyBased
import ReadinessCore
@testable import ReadinessStore
import Testing

@Test func attributesReadBackAsTheyWereWrittenWhateverTheirText() async {
    let texts = Gen.element(of: ["Kon Tum", "a \"quoted\" name", "back\\slash", "line\nbreak", "tab\tand\u{1}", "Đăk Plô", "2027-03-01x",
                                 "2025-12-01", ""])
    await propertyCheck(count: 300, input: Gen.int(in: -5...100_000), Gen.bool, texts, Gen.int(in: 0...40_000)) { n, b, text, days in
        var attributes: [String: AttributeValue] = ["bandwidth_mbps": .int(n), "meets_hnth": .bool(b),
                                                    "expires_on": .date(Day(daysSinceEpoch: days))]
        if let text, !text.isEmpty { attributes["former_province"] = .text(text) }
        let json = AttributeCoding.encode(attributes)
        #expect(AttributeCoding.decode(json) == attributes)
        // What the store writes for a batch: the same bytes, for all of them and for one alone.
        var bytes: [UInt8] = [7]
        AttributeCoding.append(attributes, to: &bytes)
        #expect(bytes == [7] + Array(json.utf8))
        for (key, value) in attributes {
            var one: [UInt8] = []
            AttributeCoding.append([key: value], to: &one)
            #expect(String(decoding: one, as: UTF8.self) == AttributeCoding.encode([key: value]))
        }
    }
}

@Test func attributesAsEarlierVersionsWroteThemReadBack() {
    #expect(AttributeCoding.decode(#"{"bandwidth_mbps":200,"expires_on":"2028-01-13","meets_hnth":true}"#)
            == ["bandwidth_mbps": .int(200), "expires_on": .date(Day(iso: "2028-01-13")!), "meets_hnth": .bool(true)])
    #expect(AttributeCoding.decode(#"{"former_province":"Kon \"Tum\""}"#) == ["former_province": .text("Kon \"Tum\"")])
    #expect(AttributeCoding.decode(#"{ "a" : "x\/y\u00e9\ud83d\ude00" , "b" : -5 }"#) == ["a": .text("x/yé😀"), "b": .int(-5)])
    #expect(AttributeCoding.decode("{}").isEmpty && AttributeCoding.decode("").isEmpty && AttributeCoding.decode(#"{"a":1.5}"#).isEmpty)
}
