import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One cell of a sheet as read: its text, and whether the spreadsheet stored it as a number
/// (a date typed in Excel arrives as a serial number such as 45915).
public struct XlsxReadCell: Sendable, Hashable {
    public var text: String
    public var isNumber: Bool
    public init(text: String, isNumber: Bool = false) { self.text = text; self.isNumber = isNumber }
}

/// A worksheet as read: its name (as the person left it, perhaps renamed) and its non-empty
/// rows, each with its 1-based row number and cells by 0-based column.
public struct XlsxReadSheet: Sendable {
    public var name: String
    public var rows: [(row: Int, cells: [Int: XlsxReadCell])]

    /// The rows as records of text fields (missing cells empty), numbered as the spreadsheet shows them.
    public var records: [CSVRecord] {
        rows.map { entry in
            let width = (entry.cells.keys.max() ?? -1) + 1
            return CSVRecord(line: entry.row, fields: (0..<width).map { entry.cells[$0]?.text ?? "" })
        }
    }
}

/// Why a file could not be read as a workbook.
public struct XlsxReadError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Reads the cells of an .xlsx workbook (Office Open XML): ZIPFoundation opens the zip,
/// Foundation's XMLParser reads the workbook, shared strings and sheets. Values only:
/// formulas give their cached value, styles are ignored.
public enum XlsxReader {
    /// Parts larger than this (uncompressed) are refused: a template is a few kilobytes.
    static let maximumPartSize = 64 << 20

    /// Does the data start like a zip file (as every .xlsx does)?
    public static func looksLikeZip(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func read(_ data: Data) throws(XlsxReadError) -> [XlsxReadSheet] {
        // Through a temporary file, not Archive(data:): ZIPFoundation 0.9.20's in-memory file traps
        // when a damaged zip makes it seek past the end and read (found by the property test).
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive: Archive
        do {
            try data.write(to: temporary)
            archive = try Archive(url: temporary, accessMode: .read)
        } catch {
            throw XlsxReadError("not a readable .xlsx workbook (the zip container is damaged or truncated)")
        }
        let workbook = try part("xl/workbook.xml", in: archive, required: true)!
        let sheets = try parse(workbook, as: WorkbookHandler()).sheets
        if sheets.isEmpty { throw XlsxReadError("the workbook has no sheets") }
        var targets: [String: String] = [:]
        if let rels = try part("xl/_rels/workbook.xml.rels", in: archive, required: false) {
            targets = try parse(rels, as: RelationshipsHandler()).targets
        }
        var shared: [String] = []
        if let strings = try part("xl/sharedStrings.xml", in: archive, required: false) {
            shared = try parse(strings, as: SharedStringsHandler()).strings
        }
        var result: [XlsxReadSheet] = []
        for (index, sheet) in sheets.enumerated() {
            var path = targets[sheet.relationship].map { target in
                target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            } ?? "xl/worksheets/sheet\(index + 1).xml"
            path = path.replacingOccurrences(of: "xl/./", with: "xl/")
            guard let xml = try part(path, in: archive, required: false) else { continue }   // a chart sheet
            let handler = try parse(xml, as: SheetHandler(shared: shared))
            result.append(XlsxReadSheet(name: sheet.name, rows: handler.rows))
        }
        return result
    }

    static func part(_ path: String, in archive: Archive, required: Bool) throws(XlsxReadError) -> Data? {
        guard let entry = archive[path] else {
            if required { throw XlsxReadError("a zip file but not a spreadsheet (it has no \(path))") }
            return nil
        }
        if entry.uncompressedSize > UInt64(maximumPartSize) { throw XlsxReadError("\(path) is too large for a template") }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
        } catch {
            throw XlsxReadError("the workbook is damaged: \(path) cannot be unpacked (\(error))")
        }
        return data
    }

    static func parse<H: XMLHandler>(_ data: Data, as handler: H) throws(XlsxReadError) -> H {
        // FoundationXML traps on names or values that are not UTF-8 (found by the property test of
        // mutated templates): refuse such a part first. Workbooks write their XML in UTF-8.
        guard String(validating: data, as: UTF8.self) != nil else {
            throw XlsxReadError("the workbook is damaged: one of its parts is not UTF-8 XML")
        }
        let parser = XMLParser(data: data)
        parser.delegate = handler
        if !parser.parse() {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown reason"
            throw XlsxReadError("the workbook is damaged: its XML cannot be read (line \(parser.lineNumber): \(reason))")
        }
        return handler
    }

    /// "B12" → (row 12, column 1).
    static func reference(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, sawLetter = false, sawDigit = false
        for scalar in ref.unicodeScalars {
            switch scalar.value {
            case 65...90 where !sawDigit: column = column * 26 + Int(scalar.value - 64); sawLetter = true
            case 97...122 where !sawDigit: column = column * 26 + Int(scalar.value - 96); sawLetter = true
            case 48...57: row = row * 10 + Int(scalar.value - 48); sawDigit = true
            default: return nil
            }
            if column > 20_000 || row > 2_000_000 { return nil }
        }
        guard sawLetter, sawDigit, row > 0 else { return nil }
        return (row, column - 1)
    }

    /// Column letters: 0 → "A", 27 → "AB".
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A number as a person reads it: 3 rather than 3.0, 0.1 rather than 0.1000000000000000055.
    static func numberText(_ raw: String) -> String {
        guard let x = Double(raw), x.isFinite else { return raw }
        if x.rounded() == x, abs(x) < 1e15 { return String(Int(x)) }
        let short = String(format: "%.10g", x)
        return Double(short) == x || abs((Double(short) ?? 0) - x) < 1e-9 ? short : raw
    }
}

/// Each handler conforms itself: on Linux XMLParserDelegate is a Swift protocol whose defaults a
/// subclass's methods would not replace.
typealias XMLHandler = NSObject & XMLParserDelegate

/// Local names: "x:sheet" and "sheet" alike (some writers prefix the main namespace).
private func local(_ name: String) -> Substring {
    if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
    return Substring(name)
}

final class WorkbookHandler: NSObject, XMLParserDelegate {
    var sheets: [(name: String, relationship: String)] = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard local(elementName) == "sheet" else { return }
        let rel = attributes.first { local($0.key) == "id" }?.value ?? ""
        sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", rel))
    }
}

final class RelationshipsHandler: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

final class SharedStringsHandler: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch local(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

final class SheetHandler: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [(row: Int, cells: [Int: XlsxReadCell])] = []
    private var rowNumber = 0, cells: [Int: XlsxReadCell] = [:], nextColumn = 0
    private var cellColumn = 0, cellType = "", value = "", collecting = false, inInline = false

    init(shared: [String]) { self.shared = shared }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = [:]
            nextColumn = 0
        case "c":
            cellColumn = attributes["r"].flatMap(XlsxReader.reference)?.column ?? nextColumn
            cellType = attributes["t"] ?? "n"
            value = ""
            inInline = false
        case "v": collecting = true
        case "is": inInline = true
        case "t" where inInline: collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch local(elementName) {
        case "v", "t": collecting = false
        case "c":
            nextColumn = cellColumn + 1
            var cell: XlsxReadCell?
            switch cellType {
            case "s": if let i = Int(value), shared.indices.contains(i) { cell = XlsxReadCell(text: shared[i]) }
            case "b": cell = XlsxReadCell(text: value == "1" ? "true" : "false")
            case "n": if !value.isEmpty { cell = XlsxReadCell(text: XlsxReader.numberText(value), isNumber: true) }
            case "e": cell = XlsxReadCell(text: value)
            default: cell = XlsxReadCell(text: value)   // str, inlineStr, d (an ISO date)
            }
            if let cell, !cell.text.isEmpty { cells[cellColumn] = cell }
        case "row":
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
        default: break
        }
    }
}
