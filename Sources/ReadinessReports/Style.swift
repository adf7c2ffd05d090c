import Foundation
import ReadinessCore

/// Numbers and dates in the reader's style: Vietnamese 1.234.567 and 15/09/2025,
/// English 1,234,567 and 2025-09-15. The shapes are texts of the language: "{1},{2}" joins groups of
/// thousands, "{1}.{2}" a whole part and its decimals, "{1}-{2}-{3}" a year, month and day.
public enum Style {
    public static func integer(_ n: Int, _ language: Language) -> String {
        let digits = String(abs(n))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        var text = String(groups[0])
        for group in groups.dropFirst() { text = Phrase("\(text),\(group)").text(language) }
        return (n < 0 ? "-" : "") + text
    }

    public static func decimal(_ x: Double, places: Int, _ language: Language) -> String {
        let scale = pow(10.0, Double(places))
        let rounded = (x * scale).rounded() / scale
        let whole = Int(rounded.rounded(.towardZero))
        var text = integer(whole, language)
        if places > 0 {
            let frac = Int((abs(rounded - Double(whole)) * scale).rounded())
            let f = String(frac)
            text = Phrase("\(text).\(String(repeating: "0", count: places - f.count) + f)").text(language)
        }
        // A negative number that rounds to zero reads 0,0, never -0,0.
        return (rounded < 0 && whole == 0 ? "-" : "") + text
    }

    public static func percent(_ part: Int, of total: Int, _ language: Language) -> String {
        guard total > 0 else { return "–" }
        return decimal(Double(part) * 100 / Double(total), places: 2, language) + "%"
    }

    public static func date(_ day: Day, _ language: Language) -> String {
        let c = day.iso.split(separator: "-", omittingEmptySubsequences: false)
        guard c.count == 3 else { return day.iso }
        return Phrase("\(c[0])-\(c[1])-\(c[2])").text(language)
    }

    /// Width of a text on a terminal: one column per character (Vietnamese in NFC is one column per letter).
    public static func width(_ s: String) -> Int {
        // Counting characters runs Unicode's grapheme rules, slow outside ASCII. Below U+0300 and in
        // U+1E00–U+1EFF (where NFC puts the Vietnamese letters) no scalar joins another but CR LF, so
        // there the character count is the scalar count; only other texts take the grapheme rules.
        var n = 0
        for scalar in s.unicodeScalars {
            let v = scalar.value
            guard (v < 0x300 && v != 0x0D) || (0x1E00...0x1EFF).contains(v) else { return s.count }
            n += 1
        }
        return n
    }

    public static func pad(_ s: String, _ width: Int) -> String {
        let w = Style.width(s)
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }

    public static func padLeft(_ s: String, _ width: Int) -> String {
        let w = Style.width(s)
        return w >= width ? s : String(repeating: " ", count: width - w) + s
    }

    /// Wraps a list of names into lines no wider than `width`, breaking only between names.
    public static func wrap(_ parts: [String], separator: String = ", ", width: Int, indent: String) -> [String] {
        // Linear in the names: the separator is trimmed once and the line's width is carried along, not
        // recounted for each name.
        let joint = separator.trimmingCharacters(in: .whitespaces)
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for (i, part) in parts.enumerated() {
            let piece = i < parts.count - 1 ? part + joint : part
            let pieceWidth = Style.width(piece)
            if !current.isEmpty && currentWidth + 1 + pieceWidth <= width {
                currentWidth += spaceWidth(between: current, and: piece) + pieceWidth
                current += " " + piece
            } else {
                if !current.isEmpty { lines.append(current) }
                current = indent + piece
                currentWidth = Style.width(current)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Columns that joining `a`, a space and `b` adds to their own widths: 1, unless a character joins
    /// the space (a combining mark after it, say). Only the characters either side of the space can.
    static func spaceWidth(between a: String, and b: String) -> Int {
        let last = a.last.map(String.init) ?? "", first = b.first.map(String.init) ?? ""
        func plain(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) } }
        if plain(last) && plain(first) { return 1 }
        return Style.width(last + " " + first) - Style.width(last) - Style.width(first)
    }
}
