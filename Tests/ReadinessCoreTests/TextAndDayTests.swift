import Foundation
import PropertyBased
import Testing
import ReadinessCore

@Suite struct DayTests {
    @Test("ISO and Vietnamese dates parse; impossible days do not")
    func parsing() {
        #expect(Day(iso: "2025-09-15")?.vietnamese == "15/09/2025")
        #expect(Day(lenient: "15/09/2025")?.iso == "2025-09-15")
        #expect(Day(lenient: "1/7/2025")?.iso == "2025-07-01")
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2025-13-01") == nil)
        #expect(Day(lenient: "31/04/2025") == nil)
        #expect(Day(iso: "15/09/2025") == nil)
    }

    @Test("days count exactly across months and years")
    func arithmetic() {
        let d = Day(iso: "2025-12-31")!
        #expect(d.adding(days: 1).iso == "2026-01-01")
        #expect(Day(iso: "2025-09-15")!.days(until: Day(iso: "2025-12-12")!) == 88)
        #expect(Day(iso: "1970-01-01")!.daysSinceEpoch == 0)
    }
}

@Suite struct NameResolutionTests {
    let directory = CommuneDirectory([
        TestData.commune("23344", "Xã Đăk Plô"),
        TestData.commune("23317", "Xã Ngọk Bay"),
        TestData.commune("23548", "Xã Ya Ly"),
        TestData.commune("21529", "Xã Ba Vì"),
        TestData.commune("23284", "Phường Đăk Cấm", type: .phuong),
        TestData.commune("23341", "Xã Đăk Pék"),
    ])

    @Test("a commune typed without diacritics resolves", arguments: ["Dak Plo", "dak plo", "Xa Dak Plo", "DAK PLO"])
    func withoutDiacritics(_ typed: String) throws {
        #expect(try directory.resolve(typed).code == "23344")
    }

    @Test("a commune typed with other diacritics or decomposed Unicode resolves",
          arguments: ["đắk plô", "Đắk Plô", "Xã Đăk Plô", "Xa\u{0303} \u{0110}a\u{0306}k Plo\u{0302}"])
    func otherSpellings(_ typed: String) throws {
        #expect(try directory.resolve(typed).code == "23344")
    }

    @Test("a code resolves")
    func code() throws {
        #expect(try directory.resolve("23344").name == "Xã Đăk Plô")
        #expect(try directory.resolve(" 23344 ").name == "Xã Đăk Plô")
    }

    @Test("common spelling variants of Central Highlands names resolve: Ngoc/Ngọk, Ia/Ya")
    func variants() throws {
        #expect(try directory.resolve("Ngoc Bay").code == "23317")
        #expect(try directory.resolve("Ia Li").code == "23548")
        #expect(try directory.resolve("Phuong Dak Cam").code == "23284")
    }

    @Test("an unknown name is an error listing the closest candidates")
    func unknown() {
        #expect {
            try directory.resolve("Dak Plok")
        } throws: { error in
            guard case .unknown(_, let candidates) = error as? ResolveError else { return false }
            return candidates.first?.code == "23344" && (error as! ResolveError).description.contains("did you mean Xã Đăk Plô (23344")
        }
    }

    @Test("an unknown code is an error")
    func unknownCode() {
        #expect(throws: ResolveError.self) { try directory.resolve("99999") }
    }

    @Test("a type word that does not match the commune's type is not ignored")
    func wrongType() {
        #expect(throws: ResolveError.self) { try directory.resolve("Phuong Dak Plo") }
    }

    @Test("a name shared by two provinces is ambiguous and lists both with their codes")
    func ambiguous() {
        let national = CommuneDirectory([
            TestData.commune("09700", "Xã Ba Vì", province: "Thành phố Hà Nội"),
            TestData.commune("21529", "Xã Ba Vì", province: "Tỉnh Quảng Ngãi"),
        ])
        #expect {
            try national.resolve("Ba Vi")
        } throws: { error in
            let text = (error as? ResolveError)?.description ?? ""
            return text.contains("09700") && text.contains("21529") && text.contains("Thành phố Hà Nội")
        }
        #expect((try? national.resolve("21529"))?.provinceName == "Tỉnh Quảng Ngãi")
    }

    @Test("folding removes diacritics and đ, and keeps words apart")
    func folding() {
        #expect(VietnameseText.fold("Xã Đăk Rơ Wa") == "xa dak ro wa")
        #expect(VietnameseText.fold("  Phường   Trương-Quang Trọng ") == "phuong truong quang trong")
    }
}

/// `fold` decomposes scalar by scalar through tables; the reference decomposes the whole text at once.
@Suite struct FoldingMatchesWholeTextDecomposition {
    static func reference(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            var s = scalar
            if s == "đ" || s == "Đ" { s = "d" }
            if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l) }
                lastWasSpace = false
            } else if !lastWasSpace {
                out.append(" ")
                lastWasSpace = true
            }
        }
        var result = String(out)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    static func referenceKey(_ text: String) -> (type: CommuneType?, key: String) {
        var words = reference(text).split(separator: " ").map(String.init)
        var type: CommuneType?
        for (entry, t) in [(["dac", "khu"], CommuneType.dacKhu), (["phuong"], .phuong), (["xa"], .xa)]
        where words.count > entry.count && Array(words.prefix(entry.count)) == entry {
            type = t
            words.removeFirst(entry.count)
            break
        }
        let key = words.map { word -> String in
            var w = word.replacingOccurrences(of: "y", with: "i")
            if w.count > 1, w.hasSuffix("k") { w.removeLast(); w.append("c") }
            return w
        }.joined(separator: " ")
        return (type, key)
    }

    /// Vietnamese letters composed and decomposed, combining marks alone, ASCII, punctuation and a few
    /// scripts beyond Latin.
    static let alphabet: [String] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯYZáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵÁỲ"
        + "0123456789 -_.,'()/\t\u{00A0}ÆØßÇñİıÅ΅ĳ한국Ωω\u{0301}\u{0300}\u{0309}\u{0303}\u{0323}\u{0306}\u{0302}\u{031B}").map(String.init)
        + ["e\u{0302}\u{0301}", "o\u{031B}\u{0323}", "D\u{0323}", "Xã ", "Phường ", "Đặc khu ", "k ", "k\u{0307}", "y "]

    @Test("folding a text gives what decomposing it whole gives, composed or decomposed, and the same name key")
    func sameAsWholeText() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...(Self.alphabet.count - 1)).array(of: 0...16)) { picks in
            let text = picks.map { Self.alphabet[$0] }.joined()
            #expect(VietnameseText.fold(text) == Self.reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(VietnameseText.fold(text.decomposedStringWithCanonicalMapping) == Self.reference(text))
            let key = VietnameseText.nameKey(text), expected = Self.referenceKey(text)
            #expect(key.type == expected.type)
            #expect(key.key == expected.key)
        }
    }
}
