import Foundation

/// Text matching for Vietnamese names as people type them: with or without
/// diacritics, composed (NFC) or decomposed (NFD), "Đắk" or "Dak".
public enum VietnameseText {
    /// Lower case, no diacritics, đ → d, punctuation as spaces, spaces collapsed.
    /// "Xã Đắk Plô" → "xa dak plo". Composed (NFC) and decomposed (NFD) text fold alike: each scalar
    /// is decomposed on its own and its marks dropped.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch v {
                case 0x61...0x7A, 0x30...0x39: out.append(scalar); lastWasSpace = false
                case 0x41...0x5A: out.append(Unicode.Scalar(UInt8(v + 0x20))); lastWasSpace = false
                default: if !lastWasSpace { out.append(" "); lastWasSpace = true }
                }
                continue
            }
            for piece in folded(scalar) {
                if piece != " " {
                    out.append(piece)
                    lastWasSpace = false
                } else if !lastWasSpace {
                    out.append(" ")
                    lastWasSpace = true
                }
            }
        }
        var result = String(out)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// What `fold` makes of a scalar beyond ASCII: looked up for Latin letters (U+0080–U+024F and
    /// U+1E00–U+1EFF, where Vietnamese's are), worked out for the others.
    private static func folded(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let v = Int(scalar.value)
        if v < 0x250 { return latinFolds[v - 0x80] }
        if (0x1E00..<0x1F00).contains(v) { return latinExtendedFolds[v - 0x1E00] }
        if scalar.properties.generalCategory == .nonspacingMark { return [] }
        return folding(scalar)
    }

    private static let latinFolds: [[Unicode.Scalar]] = (0x80..<0x250).map { folding(Unicode.Scalar(UInt32($0))!) }
    private static let latinExtendedFolds: [[Unicode.Scalar]] = (0x1E00..<0x1F00).map { folding(Unicode.Scalar(UInt32($0))!) }

    /// One scalar folded: its canonical decomposition without its nonspacing marks, đ as d, letters and
    /// digits in lower case, and " " for anything else (a separator, which `fold` collapses).
    private static func folding(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for s in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
            if s.properties.generalCategory == .nonspacingMark { continue }
            if s == "đ" || s == "Đ" {
                out.append("d")
            } else if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(" ")
            }
        }
        return out
    }

    /// The words that name a unit's type at the start of a name.
    static let typeWords: [(words: [String], type: CommuneType)] = [
        (["dac", "khu"], .dacKhu), (["phuong"], .phuong), (["xa"], .xa),
    ]

    /// Splits a typed name into its type word (if any) and a matching key in
    /// which spelling variants common in Central Highlands names coincide:
    /// a final "k" reads as "c" (Ngọk/Ngọc, Đăk/Đắc) and "y" as "i" (Ya Ly/Ia Li).
    public static func nameKey(_ text: String) -> (type: CommuneType?, key: String) {
        let folded = fold(text)
        var words = folded.split(separator: " ")
        var type: CommuneType?
        for entry in typeWords where words.count > entry.words.count && words.prefix(entry.words.count).elementsEqual(entry.words, by: { $0 == $1 }) {
            type = entry.type
            words.removeFirst(entry.words.count)
            break
        }
        var key = String.UnicodeScalarView()
        for (i, word) in words.enumerated() {
            if i > 0 { key.append(" ") }
            for scalar in word.unicodeScalars { key.append(scalar == "y" ? "i" : scalar) }
            // (A final "k" as its own character, in a word of more than one.)
            if word.unicodeScalars.last == "k", word.count > 1 {
                key.removeLast()
                key.append("c")
            }
        }
        return (type, String(key))
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
