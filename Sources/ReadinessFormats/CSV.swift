/// RFC 4180 CSV, read with the line each record starts on so that every
/// error can name its line. A UTF-8 byte-order mark is skipped; CRLF and LF
/// both end records; quoted fields may hold commas, quotes ("") and newlines.
///
/// Written here rather than taken from a library because the importer needs
/// the physical line of every record for its messages, and a byte-level loop
/// keeps a 100,000-row import fast.
public struct CSVRecord: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
}

public enum CSVError: Error, Equatable, CustomStringConvertible {
    case unterminatedQuote(line: Int)
    case notText
    public var description: String {
        switch self {
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed (a \" is missing)"
        case .notText: "the file is not UTF-8 text (is it a spreadsheet or another binary file?)"
        }
    }
}

public enum CSV {
    public static func parse(_ text: String) throws(CSVError) -> [CSVRecord] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) { throw .notText }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var i = 0
        var inQuotes = false, fieldWasQuoted = false
        let n = bytes.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\""):
                if field.isEmpty && !fieldWasQuoted { inQuotes = true; fieldWasQuoted = true } else { field.append(b) }
            case UInt8(ascii: "\r"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord(); line += 1; recordLine = line
            case UInt8(ascii: "\n"):
                endRecord(); line += 1; recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One field, quoted when it needs to be.
    public static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// Rows as CSV text (CRLF line ends, as RFC 4180 and Excel expect).
    public static func write(_ rows: [[String]], byteOrderMark: Bool = false) -> String {
        (byteOrderMark ? "\u{FEFF}" : "") + rows.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

import Foundation
