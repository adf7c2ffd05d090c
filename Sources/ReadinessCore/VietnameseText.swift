import Foundation

/// Text matching for Vietnamese names as people type them: with or without
/// diacritics, composed (NFC) or decomposed (NFD), "Đắk" or "Dak".
public enum VietnameseText {
    /// Lower case, no diacritics, đ → d, punctuation as spaces, spaces collapsed.
    /// "Xã Đắk Plô" → "xa dak plo".
    public static func fold(_ text: String) -> String {
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

    /// The words that name a unit's type at the start of a name.
    static let typeWords: [(words: [String], type: CommuneType)] = [
        (["dac", "khu"], .dacKhu), (["phuong"], .phuong), (["xa"], .xa),
    ]

    /// Splits a typed name into its type word (if any) and a matching key in
    /// which spelling variants common in Central Highlands names coincide:
    /// a final "k" reads as "c" (Ngọk/Ngọc, Đăk/Đắc) and "y" as "i" (Ya Ly/Ia Li).
    public static func nameKey(_ text: String) -> (type: CommuneType?, key: String) {
        var words = fold(text).split(separator: " ").map(String.init)
        var type: CommuneType?
        for entry in typeWords where words.count > entry.words.count && Array(words.prefix(entry.words.count)) == entry.words {
            type = entry.type
            words.removeFirst(entry.words.count)
            break
        }
        let key = words.map { word -> String in
            var w = word.replacingOccurrences(of: "y", with: "i")
            if w.count > 1, w.hasSuffix("k") { w.removeLast(); w.append("c") }
            return w
        }.joined(separator: " ")
        return (type, key)
    }

    /// Edit distance between two strings (on Unicode scalars).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
