import Foundation
import ReadinessCore
#if canImport(FoundationXML)
import FoundationXML
#endif

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
    /// Why, in either language.
    public var phrase: Phrase
    init(_ phrase: Phrase) { self.phrase = phrase }
    /// In English.
    public var description: String { phrase.text(.en) }
}

/// Reads the cells of an .xlsx workbook (Office Open XML): `ZipParts` unpacks the zip (with zlib),
/// Foundation's XMLParser reads the workbook, shared strings and sheets. Values only:
/// formulas give their cached value, styles are ignored.
///
/// Reading stops at `Limits`, whatever the zip's headers claim: the bytes actually inflated are
/// counted as they come out, so a part whose header says 1 KB but inflates to gigabytes stops at the
/// limit, after a fraction of a second and that many bytes of memory. The error names the limit.
public enum XlsxReader {
    /// What a workbook may hold. A filled-in template is a few kilobytes; a flat table of a whole
    /// country's ledger (a million rows) fits.
    public enum Limits {
        /// Inflated bytes of one part (a sheet, the shared strings): 64 MiB.
        public static let partBytes = 64 << 20
        /// Inflated bytes of all the parts read: 256 MiB.
        public static let totalBytes = 256 << 20
        /// Entries of the zip: 10,000 (a workbook has a few dozen).
        public static let entries = 10_000
        /// Rows of a sheet: 1,048,576 (Excel's own limit).
        public static let rows = 1_048_576
        /// Cells of the workbook's rows, from column A to each row's last filled cell: 10,000,000.
        public static let cells = 10_000_000
        /// Characters of one cell: 32,767 (Excel's own limit).
        public static let cellCharacters = 32_767
        /// Nesting of XML elements: 64 levels (a sheet uses 5).
        public static let depth = 64
    }

    /// Does the data start like a zip file (as every .xlsx does)?
    public static func looksLikeZip(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func read(_ data: Data) throws(XlsxReadError) -> [XlsxReadSheet] {
        var zip = try Parts(data)
        let workbook = try zip.part("xl/workbook.xml", what: "the workbook's list of sheets", required: true)!
        let sheets = try parse(workbook, as: WorkbookHandler(), what: "the workbook's list of sheets").sheets
        if sheets.isEmpty { throw XlsxReadError("the workbook has no sheets") }
        var targets: [String: String] = [:]
        if let rels = try zip.part("xl/_rels/workbook.xml.rels", what: "the workbook's relationships", required: false) {
            targets = try parse(rels, as: RelationshipsHandler(), what: "the workbook's relationships").targets
        }
        var shared: [String] = []
        if let strings = try zip.part("xl/sharedStrings.xml", what: "the shared strings", required: false) {
            shared = try parse(strings, as: SharedStringsHandler(), what: "the shared strings").strings
        }
        var result: [XlsxReadSheet] = []
        var cells = 0
        for (index, sheet) in sheets.enumerated() {
            var path = targets[sheet.relationship].map { target in
                target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            } ?? "xl/worksheets/sheet\(index + 1).xml"
            path = path.replacingOccurrences(of: "xl/./", with: "xl/")
            let what: Phrase = "sheet \"\(sheet.name)\""
            guard let xml = try zip.part(path, what: what, required: false) else { continue }   // a chart sheet
            let handler = try parse(xml, as: SheetHandler(shared: shared, cellsBefore: cells), what: what)
            cells = handler.cellCount
            result.append(XlsxReadSheet(name: sheet.name, rows: handler.rows))
        }
        return result
    }

    /// The entries of the zip by path (read once), and the parts unpacked from it within the limits.
    struct Parts {
        let zip: ZipParts
        /// Bytes inflated so far, for `Limits.totalBytes`.
        var inflated = 0

        init(_ data: Data) throws(XlsxReadError) { zip = try ZipParts(data, maximumEntries: Limits.entries) }

        /// A part's bytes, unpacked up to the limits whatever its header says its size is.
        mutating func part(_ path: String, what: Phrase, required: Bool) throws(XlsxReadError) -> Data? {
            guard let entry = zip.entries[path] else {
                if required { throw XlsxReadError("a zip file but not a spreadsheet (it has no \(path))") }
                return nil
            }
            let partLimit = XlsxReadError("\(what) (\(path)) unpacks to more than \(Limits.partBytes >> 20) MiB, the limit for one part of a workbook: not a workbook readiness reads (a template is a few kilobytes)")
            let totalLimit = XlsxReadError("the workbook unpacks to more than \(Limits.totalBytes >> 20) MiB in all, the limit for a workbook: not a workbook readiness reads")
            // The header's claim is enough to refuse early; it is never trusted to accept.
            if entry.uncompressedSize > Limits.partBytes { throw partLimit }
            let before = inflated
            let data: Data
            do {
                data = try zip.unpack(entry) { count in
                    count > Limits.partBytes ? partLimit : before + count > Limits.totalBytes ? totalLimit : nil
                }
            } catch {
                switch error {
                case .limit(let stop): throw stop
                case .damaged(let why): throw XlsxReadError("the workbook is damaged: \(what) (\(path)) cannot be unpacked (\(why))")
                }
            }
            inflated += data.count
            return data
        }
    }

    /// Reads a part with a handler; `what` names the part in messages ("sheet \"Kê khai\"").
    static func parse<H: XMLHandler & LimitedHandler>(_ data: Data, as handler: H, what: Phrase) throws(XlsxReadError) -> H {
        // FoundationXML traps on names or values that are not UTF-8 (found by the property test of
        // mutated templates): refuse such a part first. Workbooks write their XML in UTF-8.
        guard String(validating: data, as: UTF8.self) != nil else {
            throw XlsxReadError("the workbook is damaged: \(what) is not UTF-8 XML")
        }
        // Spreadsheets never declare a DTD; one could only bring entities to expand.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw XlsxReadError("the workbook is damaged: \(what) declares a DTD (<!DOCTYPE …>), which spreadsheets never write")
        }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        // (FoundationXML on Linux recovers from some errors and then reports success, and says nothing
        // of elements left open at the end: the handler's record of errors and nesting decides.)
        let parsed = parser.parse()
        let limit = handler.limit
        if let stop = limit.stopped { throw XlsxReadError("\(what): \(stop)") }
        if let error = limit.error {
            throw XlsxReadError("the workbook is damaged: \(what)'s XML is malformed at line \(error.line), column \(error.column): \(xmlProblem(error.code))")
        }
        if !parsed || limit.depth != 0 {
            let code = (parser.parserError as NSError?)?.code ?? 77
            throw XlsxReadError("the workbook is damaged: \(what)'s XML is malformed at its end: \(xmlProblem(code))")
        }
        return handler
    }

    /// A parser error code (libxml2's, as FoundationXML reports it) in words.
    static func xmlProblem(_ code: Int) -> Phrase {
        switch code {
        case 4: "the part is empty"
        case 5: "there is more after the end of the document"
        case 9: "a character that XML does not allow"
        case 26, 27: "an entity (&…;) that is not declared"
        case 23, 24: "an entity reference (&…;) is not closed with ;"
        case 38: "a < inside an attribute value"
        case 39, 40, 41: "an attribute value is not quoted or not closed"
        case 42: "an attribute appears twice in one element"
        case 65: "a space is missing between attributes"
        case 68: "a name is missing after <"
        case 73: "a > is missing"
        case 74: "a </ is missing"
        case 76: "an element is closed with another element's name"
        case 77, 85: "an element is never closed"
        case 86: "there is more after the end of the document"
        case 89: "an entity refers to itself"
        case 201, 202, 203, 204: "an undeclared namespace prefix"
        default: "XML error \(code)"
        }
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

/// The nesting (and whatever else a handler counts) of a part being read, which stops the parser at a limit.
final class PartLimit {
    private(set) var depth = 0
    /// Why reading stopped early: the limit, in words.
    private(set) var stopped: Phrase?

    func enter(_ parser: XMLParser) {
        depth += 1
        if depth > XlsxReader.Limits.depth { stop(parser, "its XML nests elements more than \(XlsxReader.Limits.depth) deep, the limit") }
    }

    func leave() { depth -= 1 }

    func stop(_ parser: XMLParser, _ reason: Phrase) {
        if stopped == nil { stopped = reason }
        parser.abortParsing()
    }

    /// The first error the parser reported, with its place.
    private(set) var error: (code: Int, line: Int, column: Int)?

    func failed(_ parser: XMLParser, _ error: any Error) {
        if self.error == nil, stopped == nil { self.error = ((error as NSError).code, parser.lineNumber, parser.columnNumber) }
    }
}

protocol LimitedHandler: AnyObject { var limit: PartLimit { get } }

/// Local names: "x:sheet" and "sheet" alike (some writers prefix the main namespace).
private func local(_ name: String) -> Substring {
    if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
    return Substring(name)
}

final class WorkbookHandler: NSObject, XMLParserDelegate, LimitedHandler {
    let limit = PartLimit()
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { limit.failed(parser, parseError) }
    var sheets: [(name: String, relationship: String)] = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        limit.enter(parser)
        guard local(elementName) == "sheet" else { return }
        let rel = attributes.first { local($0.key) == "id" }?.value ?? ""
        sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", rel))
        if sheets.count > 1_000 { limit.stop(parser, "the workbook lists more than 1,000 sheets, the limit") }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        limit.leave()
    }
}

final class RelationshipsHandler: NSObject, XMLParserDelegate, LimitedHandler {
    let limit = PartLimit()
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { limit.failed(parser, parseError) }
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        limit.enter(parser)
        guard local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        limit.leave()
    }
}

final class SharedStringsHandler: NSObject, XMLParserDelegate, LimitedHandler {
    let limit = PartLimit()
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { limit.failed(parser, parseError) }
    var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        limit.enter(parser)
        switch local(elementName) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText else { return }
        current += string
        if current.utf16.count > XlsxReader.Limits.cellCharacters {
            limit.stop(parser, "a shared string is longer than \(XlsxReader.Limits.cellCharacters) characters, Excel's limit for a cell")
        }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        limit.leave()
        switch local(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

final class SheetHandler: NSObject, XMLParserDelegate, LimitedHandler {
    let limit = PartLimit()
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { limit.failed(parser, parseError) }
    let shared: [String]
    var rows: [(row: Int, cells: [Int: XlsxReadCell])] = []
    /// Cells spanned by the rows of the workbook read so far, this sheet's included (for `Limits.cells`).
    private(set) var cellCount: Int
    private var rowNumber = 0, cells: [Int: XlsxReadCell] = [:], nextColumn = 0
    private var cellColumn = 0, cellType = "", value = "", collecting = false, inInline = false

    init(shared: [String], cellsBefore: Int = 0) {
        self.shared = shared
        cellCount = cellsBefore
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        limit.enter(parser)
        switch local(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            if rowNumber > XlsxReader.Limits.rows || rows.count >= XlsxReader.Limits.rows {
                limit.stop(parser, "row \(rowNumber) is beyond row \(XlsxReader.Limits.rows), Excel's last row")
            }
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

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard collecting else { return }
        value += string
        if value.utf16.count > XlsxReader.Limits.cellCharacters {
            limit.stop(parser, "cell \(XlsxReader.columnName(cellColumn))\(rowNumber) holds more than \(XlsxReader.Limits.cellCharacters) characters, Excel's limit for a cell")
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        limit.leave()
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
            guard let last = cells.keys.max() else { break }
            rows.append((rowNumber, cells))
            // A row is read as a record as wide as its last cell: the cells counted are those it spans.
            cellCount += last + 1
            if cellCount > XlsxReader.Limits.cells {
                limit.stop(parser, "the sheets span more than \(XlsxReader.Limits.cells) cells (counting the empty ones between filled cells), the limit")
            }
        default: break
        }
    }
}
