import Foundation
import ReadinessCore

/// RFC 4180 CSV, read with the line each record starts on so that every
/// error can name its line. A UTF-8 byte-order mark is skipped; CRLF and LF
/// both end records; quoted fields may hold commas, quotes ("") and newlines.
///
/// Written here rather than taken from a library because the importer needs
/// the physical line of every record for its messages.
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

extension CSV {
    public static func parse(_ text: String) throws(CSVError) -> [CSVRecord] {
        var text = text
        let result = text.withUTF8 { all -> Result<[CSVRecord], CSVError> in
            let bom = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            do throws(CSVError) { return .success(try parse(UnsafeBufferPointer(rebasing: all[bom...]))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) -> [CSVRecord] {
        var scanner = try CSVScanner(bytes)
        var records: [CSVRecord] = []
        while let record = try scanner.next() { records.append(record) }
        return records
    }
}


/// Reads CSV records one at a time from UTF-8 bytes (which must outlive it), so that a large file
/// is checked row by row without holding every record. Blank lines are skipped.
///
/// Fields are cut straight out of the bytes; only a quoted field is built up byte by byte.
public struct CSVScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0, line = 1
    private var fields: [String] = []

    /// - Throws: `.notText` when the bytes hold a zero byte (a binary file).
    public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        if bytes.contains(0) { throw .notText }
        self.bytes = bytes
    }

    /// The next record's fields as ranges of `bytes`, with the line it is on, making no strings; nil
    /// at the end. A record with a quoted field is not split here: it is left for `next()`, and
    /// `quoted` is true.
    public mutating func nextFields(_ fields: inout [Range<Int>]) -> (line: Int, quoted: Bool)? {
        let comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        while i < n {
            let start = i, recordLine = line
            fields.removeAll(keepingCapacity: true)
            var ended = false
            while !ended {
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    (i, line) = (start, recordLine)
                    return (recordLine, true)
                }
                var j = i
                while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { j += 1 }
                fields.append(i..<j)
                i = j
                if i >= n { break }
                switch bytes[i] {
                case comma:
                    i += 1
                    if i == n { fields.append(n..<n); ended = true }
                case cr:
                    i += (i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                    line += 1; ended = true
                default:
                    i += 1
                    line += 1; ended = true
                }
            }
            if !(fields.count == 1 && fields[0].isEmpty) { return (recordLine, false) }
        }
        return nil
    }

    /// The next record, or nil at the end.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        while i < n {
            let recordLine = line
            // The record's buffer is reused when the caller let go of the last record.
            fields.removeAll(keepingCapacity: true)
            var ended = false
            while !ended {
                // One field, starting at i.
                if i < n && bytes[i] == quote {
                    // Quoted: up to the closing quote; "" stands for one quote.
                    var field: [UInt8] = []
                    var j = i + 1
                    var closed = false
                    while j < n {
                        let b = bytes[j]
                        if b == quote {
                            if j + 1 < n && bytes[j + 1] == quote { field.append(quote); j += 2; continue }
                            closed = true; j += 1; break
                        }
                        if b == lf { line += 1 }
                        field.append(b)
                        j += 1
                    }
                    if !closed { throw .unterminatedQuote(line: recordLine) }
                    // Anything after the closing quote up to the separator belongs to the field too ("a"b → a"b).
                    while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { field.append(bytes[j]); j += 1 }
                    fields.append(String(decoding: field, as: UTF8.self))
                    i = j
                } else {
                    var j = i
                    while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { j += 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self))
                    i = j
                }
                // The separator after it.
                if i >= n { break }
                switch bytes[i] {
                case comma:
                    i += 1
                    if i == n { fields.append(""); ended = true }
                case cr:
                    i += (i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                    line += 1; ended = true
                default:   // lf
                    i += 1
                    line += 1; ended = true
                }
            }
            if !(fields.count == 1 && fields[0].isEmpty) { return CSVRecord(line: recordLine, fields: fields) }
        }
        return nil
    }
}
