import ReadinessCore

/// Text from the ledger (notes, sources, names, recorded_by, attribute values) made safe for the
/// places other people open it. The ledger keeps the raw value; only what is written out changes.
///
/// - A terminal never receives a control character: ESC (colours, clearing the screen, OSC 8 links,
///   window titles), BEL, NUL, CR (which overwrites a line), the C1 controls and the bidirectional
///   overrides each show as U+FFFD, one column wide like the character it replaces.
/// - HTML and XML (the report page, the .xlsx parts) never hold a character XML 1.0 forbids, nor a C1
///   control or a bidirectional override: each shows as U+FFFD. Tab, LF and CR stay (XML allows them).
/// - A CSV text cell never starts a formula: one starting with =, +, -, @, tab or CR gets a leading
///   apostrophe (OWASP's advice for CSV injection), which Excel and LibreOffice show as text. Numbers
///   the program writes itself (`CSVValue.number`) are left as they are, negative ones included.
public enum SafeText {
    /// What stands for a character that may not be shown.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// For a terminal: every control character but LF becomes U+FFFD.
    public static func terminal(_ text: String) -> String {
        clean(text) { v in v == 0x0A ? false : isControl(v) }
    }

    /// For HTML and XML: what XML 1.0 forbids, the C1 controls and the bidirectional overrides become U+FFFD.
    public static func markup(_ text: String) -> String {
        clean(text) { v in (v == 0x09 || v == 0x0A || v == 0x0D) ? false : isControl(v) || v == 0xFFFE || v == 0xFFFF }
    }

    /// A text cell of a CSV file: cleaned as markup, then kept from reading as a formula.
    public static func csvText(_ text: String) -> String {
        let cleaned = markup(text)
        guard let first = cleaned.unicodeScalars.first, formulaStarts.contains(first) else { return cleaned }
        return "'" + cleaned
    }

    /// The characters with which a spreadsheet reads a cell as a formula (or, for tab and CR, skips to one).
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates (which
    /// reorder what follows them on screen).
    static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private static func clean(_ text: String, _ replaced: (UInt32) -> Bool) -> String {
        // Most text has nothing to replace: one look, no copy.
        guard text.unicodeScalars.contains(where: { replaced($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(replaced(scalar.value) ? replacement : scalar) }
        return String(out)
    }

    /// Rows as CSV text (RFC 4180, CRLF line ends), every text cell through `csvText`.
    public static func csv(_ rows: [[CSVValue]], byteOrderMark: Bool = false) -> String {
        CSV.write(rows.map { $0.map(\.written) }, byteOrderMark: byteOrderMark)
    }
}

/// A cell of a CSV file the program writes: text (from anywhere, made safe) or a number it formatted itself.
public enum CSVValue: Sendable, Hashable, ExpressibleByStringLiteral {
    case text(String)
    /// A number the program wrote ("-3", "12.5"): written as it is.
    case number(String)

    public init(stringLiteral value: String) { self = .text(value) }
    public static func int(_ n: Int) -> CSVValue { .number(String(n)) }

    var written: String {
        switch self {
        case .text(let s): SafeText.csvText(s)
        case .number(let s): s
        }
    }
}
