import Testing
@testable import ReadinessCore

@Suite("Texts in one language at a time")
struct PhraseTests {
    @Test("an interpolated value becomes a numbered place in the key, and is shown as it is")
    func keyHasPlaces() {
        let name = "Xã Ba Tơ"
        let p: Phrase = "commune \(name) has \(3) rows"
        #expect(p.key == "commune {1} has {2} rows")
        #expect(p.text(.en) == "commune Xã Ba Tơ has 3 rows")
    }

    @Test("English counts say 1 event and 2 events; Vietnamese takes the noun from its table")
    func counts() {
        #expect(("\(1, "event")" as Phrase).text(.en) == "1 event")
        #expect(("\(2, "event")" as Phrase).text(.en) == "2 events")
        #expect(("\(0, "entry", plural: "entries")" as Phrase).text(.en) == "0 entries")
        #expect(("\(2, "event")" as Phrase).text(.vi) == "2 sự kiện")
    }

    @Test("a Vietnamese text may put the values in another order; braces that are not places stay")
    func fillReorders() {
        #expect(Phrase.fill("{2} trước {1}", with: ["a", "b"]) == "b trước a")
        #expect(Phrase.fill("{x} {1} {9}", with: ["a"]) == "{x} a {9}")
    }

    @Test("a phrase inside a phrase is shown in the same language")
    func nested() {
        let inner: Phrase = "\(2, "rule")"
        let outer: Phrase = "changed: \(inner)"
        #expect(outer.text(.en) == "changed: 2 rules")
        #expect(outer.parts == [.phrase(inner)])
    }

    @Test("every Vietnamese text uses exactly the places of its English key")
    func vietnameseKeepsPlaces() {
        for (key, text) in VietnameseTexts.table {
            #expect(Phrase.placeholders(in: key).sorted() == Phrase.placeholders(in: text).sorted(), "\(key) → \(text)")
        }
    }

    @Test("no English key is given twice across the parts of the Vietnamese table")
    func noKeyTwice() {
        var seen: [String: String] = [:]
        for part in VietnameseTexts.parts {
            for key in part.entries.keys {
                #expect(seen[key] == nil, "\(key) in \(part.name) and \(seen[key] ?? "")")
                seen[key] = part.name
            }
        }
    }
}
