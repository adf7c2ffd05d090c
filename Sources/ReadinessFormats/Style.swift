import ReadinessCore

/// Numbers and dates in the reader's style: Vietnamese 1.234.567 and 15/09/2025,
/// English 1,234,567 and 2025-09-15.
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
        return (n < 0 ? "-" : "") + groups.joined(separator: language == .vi ? "." : ",")
    }

    public static func decimal(_ x: Double, places: Int, _ language: Language) -> String {
        let scale = pow(10.0, Double(places))
        let rounded = (x * scale).rounded() / scale
        let whole = Int(rounded.rounded(.towardZero))
        var text = integer(whole, language)
        if places > 0 {
            let frac = Int((abs(rounded - Double(whole)) * scale).rounded())
            let f = String(frac)
            text += (language == .vi ? "," : ".") + String(repeating: "0", count: places - f.count) + f
        }
        return (x < 0 && whole == 0 ? "-" : "") + text
    }

    public static func percent(_ part: Int, of total: Int, _ language: Language) -> String {
        guard total > 0 else { return "–" }
        return decimal(Double(part) * 100 / Double(total), places: 2, language) + "%"
    }

    public static func date(_ day: Day, _ language: Language) -> String {
        language == .vi ? day.vietnamese : day.iso
    }

    /// Width of a text on a terminal: one column per character (Vietnamese in NFC is one column per letter).
    public static func width(_ s: String) -> Int { s.count }

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
        var lines: [String] = []
        var current = ""
        for (i, part) in parts.enumerated() {
            let piece = part + (i < parts.count - 1 ? separator.trimmingCharacters(in: .whitespaces) : "")
            if current.isEmpty {
                current = indent + piece
            } else if Style.width(current) + 1 + Style.width(piece) <= width {
                current += " " + piece
            } else {
                lines.append(current)
                current = indent + piece
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

import Foundation
