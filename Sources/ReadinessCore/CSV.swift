import Foundation

/// RFC 4180 CSV: rows written here (by the reports), read by ReadinessInput (`CSV.parse`, `CSVScanner`).
public enum CSV {
    /// One field, quoted when it holds a comma, a quote, a CR or an LF (looked for byte by byte, so that
    /// a CRLF inside a field is quoted too).
    public static func escape(_ field: String) -> String {
        if field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// Rows as CSV text (CRLF line ends, as RFC 4180 and Excel expect).
    public static func write(_ rows: [[String]], byteOrderMark: Bool = false) -> String {
        (byteOrderMark ? "\u{FEFF}" : "") + rows.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
