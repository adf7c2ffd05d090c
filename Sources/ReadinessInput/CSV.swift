import Foundation
import ReadinessCore

/// RFC 4180 CSV, read with the line each record starts on so that every
/// error can name its line. A UTF-8 byte-order mark is skipped; CRLF and LF
/// both end records; quoted fields may hold commas, quotes ("") and newlines.
/// The separator is the one the header line uses: a comma, or the semicolon Excel writes where
/// the comma is the decimal mark (a Vietnamese locale), or the tab of Excel's "Unicode text".
/// Reading stops at `CSVLimits`, with an error naming the limit.
///
/// Written here rather than taken from a library because the importer needs
/// the physical line of every record for its messages.
public struct CSVRecord: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
}

/// What one CSV file may hold: far more than any ledger, registry or price list needs, and few
/// enough that a file cannot hold the reader for minutes or take gigabytes of memory.
public enum CSVLimits {
    /// Records (rows) of a file: 5,000,000.
    public static let records = 5_000_000
    /// Fields of one record: 1,024.
    public static let fields = 1_024
    /// Bytes of one field: 65,536 (64 KiB; a note is a few hundred).
    public static let fieldBytes = 65_536
}

public enum CSVError: Error, Equatable, CustomStringConvertible {
    case unterminatedQuote(line: Int)
    case notText
    case tooManyRecords
    case tooManyFields(line: Int)
    case fieldTooLong(line: Int)
    /// In English.
    public var description: String { phrase.text(.en) }

    /// What is wrong, in either language.
    public var phrase: Phrase {
        switch self {
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed (a \" is missing)"
        case .notText: "the file is not UTF-8 text (is it a spreadsheet or another binary file?)"
        case .tooManyRecords: "the file has more than \(CSVLimits.records) rows, the limit for one file: split it into several"
        case .tooManyFields(let line): "line \(line): more than \(CSVLimits.fields) fields, the limit for one row"
        case .fieldTooLong(let line): "line \(line): a field longer than \(CSVLimits.fieldBytes / 1024) KiB, the limit for one field"
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

    /// A text file's bytes as text: UTF-8 (a byte-order mark dropped), or UTF-16 with its byte-order mark
    /// (what Excel saves as "Unicode text"); nil when it is neither.
    public static func text(_ data: Data) -> String? {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let little = data.starts(with: [0xFF, 0xFE])
            guard data.count % 2 == 0 else { return nil }
            var units: [UInt16] = []
            units.reserveCapacity(data.count / 2 - 1)
            data.withUnsafeBytes { raw in
                var i = 2
                while i + 1 < raw.count {
                    let a = UInt16(raw[i]), b = UInt16(raw[i + 1])
                    units.append(little ? a | b << 8 : a << 8 | b)
                    i += 2
                }
            }
            // (Strict: a lone surrogate is not text.)
            var text = String.UnicodeScalarView()
            var iterator = units.makeIterator()
            var decoder = UTF16()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let s): text.append(s)
                case .emptyInput: break loop
                case .error: return nil
                }
            }
            return String(text)
        }
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return String(validating: body, as: UTF8.self)
    }

    /// The separator a header line uses: the most frequent of comma, semicolon and tab outside quotes
    /// (a comma when none or on a tie).
    static func separator(of bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if b == 10 || b == 13 { break }
            if counts[b] != nil { counts[b]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!, semicolon = counts[UInt8(ascii: ";")]!, tab = counts[UInt8(ascii: "\t")]!
        if semicolon > comma && semicolon >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semicolon { return UInt8(ascii: "\t") }
        return UInt8(ascii: ",")
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
    /// The separator of fields: the header line's (`CSV.separator(of:)`).
    public let separator: UInt8
    private var i = 0, line = 1
    private var fields: [String] = []
    /// Records read so far, for `CSVLimits.records`.
    private var records = 0

    /// - Throws: `.notText` when the bytes hold a zero byte (a binary file).
    public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        if bytes.contains(0) { throw .notText }
        self.bytes = bytes
        separator = CSV.separator(of: bytes)
    }

    /// A scanner of the rest of a text from a record's start, with the text's separator, its first record
    /// on `line`.
    public init(rest bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, line: Int) throws(CSVError) {
        if bytes.contains(0) { throw .notText }
        (self.bytes, self.separator, self.line) = (bytes, separator, line)
    }

    /// Where a text may be cut in two, both halves read on their own as the whole would be read: just
    /// after a line feed near the middle that no quoted field holds, with no carriage return alone (which
    /// would count as a line) before it; with the number of line feeds before it. Nil when there is none.
    public static func halfway(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, lineFeeds: Int)? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var quoted = false, lineFeeds = 0
        for k in bytes.indices {
            let b = bytes[k]
            if b == quote { quoted.toggle() }
            else if b == cr && (k + 1 == bytes.count || bytes[k + 1] != lf) { return nil }
            else if b == lf {
                lineFeeds += 1
                if !quoted && k >= bytes.count / 2 { return k + 1 < bytes.count ? (k + 1, lineFeeds) : nil }
            }
        }
        return nil
    }

    /// The next record's fields as ranges of `bytes`, with the line it is on, making no strings; nil
    /// at the end. A quoted field is the range inside its quotes when that holds no quote and no line
    /// break and the closing quote ends the field; a record with any other quoted field is not split
    /// here: it is left for `next()`, and `quoted` is true. So is a record beyond a limit, for `next()`
    /// to throw the limit's error.
    public mutating func nextFields(_ fields: inout [Range<Int>]) -> (line: Int, quoted: Bool)? {
        let comma = separator, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")
        let n = bytes.count
        while i < n {
            let start = i, recordLine = line
            fields.removeAll(keepingCapacity: true)
            var ended = false
            while !ended {
                var field: Range<Int>
                if i < n && bytes[i] == quote {
                    var j = i + 1
                    while j < n, bytes[j] != quote, bytes[j] != cr, bytes[j] != lf { j += 1 }
                    // Closed by a quote that is not doubled and ends the field.
                    guard j < n, bytes[j] == quote, j + 1 == n || bytes[j + 1] == comma || bytes[j + 1] == cr || bytes[j + 1] == lf else {
                        (i, line) = (start, recordLine)
                        return (recordLine, true)
                    }
                    field = (i + 1)..<j
                    i = j + 1
                } else {
                    var j = i
                    while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { j += 1 }
                    field = i..<j
                    i = j
                }
                if field.count > CSVLimits.fieldBytes || fields.count >= CSVLimits.fields || records >= CSVLimits.records {
                    (i, line) = (start, recordLine)
                    return (recordLine, true)
                }
                fields.append(field)
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
            if !(fields.count == 1 && fields[0].isEmpty) { records += 1; return (recordLine, false) }
        }
        return nil
    }

    /// The next record, or nil at the end.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        let quote = UInt8(ascii: "\""), comma = separator, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        while i < n {
            let recordLine = line
            // The record's buffer is reused when the caller let go of the last record.
            fields.removeAll(keepingCapacity: true)
            var ended = false
            while !ended {
                if fields.count >= CSVLimits.fields { throw .tooManyFields(line: recordLine) }
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
                        if field.count > CSVLimits.fieldBytes { throw .fieldTooLong(line: recordLine) }
                    }
                    if !closed { throw .unterminatedQuote(line: recordLine) }
                    // Anything after the closing quote up to the separator belongs to the field too ("a"b → a"b).
                    while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { field.append(bytes[j]); j += 1 }
                    if field.count > CSVLimits.fieldBytes { throw .fieldTooLong(line: recordLine) }
                    fields.append(String(decoding: field, as: UTF8.self))
                    i = j
                } else {
                    var j = i
                    while j < n, bytes[j] != comma, bytes[j] != cr, bytes[j] != lf { j += 1 }
                    if j - i > CSVLimits.fieldBytes { throw .fieldTooLong(line: recordLine) }
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
            if !(fields.count == 1 && fields[0].isEmpty) {
                records += 1
                if records > CSVLimits.records { throw .tooManyRecords }
                return CSVRecord(line: recordLine, fields: fields)
            }
        }
        return nil
    }
}
