import Crypto
import Foundation
import ReadinessCore

/// A file of ledger events as read and checked: which kind it was, its SHA-256, its events.
public struct LedgerFileContents: Sendable {
    public enum Kind: String, Sendable {
        case xlsxTemplate = "xlsx template"
        case csvTemplate = "CSV template"
        case flatCSV = "flat CSV"
        case flatXlsx = "flat table in a workbook"
        public var isTemplate: Bool { self == .xlsxTemplate || self == .csvTemplate }
    }
    public var file: String
    public var sha256: String
    public var kind: Kind
    public var events: [NewEvent]
}

/// Reads any file `readiness import` takes: the .xlsx template (any sheet holding its table,
/// even renamed), its CSV form, or the flat exchange CSV (`LedgerCSV`), telling them apart by
/// content, not by name. Every problem is thrown at once, each with its place.
public enum LedgerFile {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Columns of a template that only people read.
    static let templateReadOnly: Set<String> = ["name", "unit", "ten_thiet_bi", "don_vi_tinh", "stt"]

    public static func read(_ data: Data, file: String, catalog: Catalog, communes: CommuneDirectory,
                            options: LedgerCSV.Options, sha256 known: String? = nil) throws(InputProblems) -> LedgerFileContents {
        var rows: LedgerRows?
        let kind = try read(data, file: file, catalog: catalog, communes: communes, options: options, runLength: nil) { rows = $0 }
        return LedgerFileContents(file: file, sha256: known ?? sha256(data), kind: kind, events: rows?.events ?? [])
    }

    /// Reads and checks a file as `read` does, handing its good rows over: a flat CSV file's as they are
    /// read, in runs of up to `runLength` rows in the file's order (repeats of a holding and day are then
    /// the caller's to find, with `RepeatedRows`); any other file's (a template, a workbook: read whole)
    /// at once, repeats left out, in the ledger's order, as with a nil `runLength`. Every problem is
    /// thrown at the end; rows handed over before are then not to be used. Returns the file's kind.
    public static func read(_ data: Data, file: String, catalog: Catalog, communes: CommuneDirectory,
                            options: LedgerCSV.Options, runLength: Int?,
                            deliver: (consuming LedgerRows) -> Void) throws(InputProblems) -> LedgerFileContents.Kind {
        func fail(_ message: Phrase) -> InputProblems { InputProblems([SourceIssue(file: file, message)]) }
        if data.isEmpty { throw fail("the file is empty (0 bytes): expected an .xlsx template or a CSV file") }
        if XlsxReader.looksLikeZip(data) {
            let sheets: [XlsxReadSheet]
            do { sheets = try XlsxReader.read(data) } catch { throw fail(error.phrase) }
            for sheet in sheets {
                let records = sheet.records
                let isTemplate = TemplateSheet.isTemplate(records)
                guard isTemplate || hasTableHeader(records) else { continue }
                deliver(isTemplate
                    ? try template(records, file: file, sheet: sheet.name, catalog: catalog, communes: communes, options: options)
                    : try LedgerCSV.rows(records: Array(records.drop { !isHeader($0) }), file: file, sheet: sheet.name,
                                         catalog: catalog, communes: communes, options: options))
                return isTemplate ? .xlsxTemplate : .flatXlsx
            }
            let names = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw fail("no sheet holds an equipment table (a header row with item and working columns); sheets: \(names) — is this a readiness template?")
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw fail("an old Excel 97–2003 (.xls) workbook: save it as .xlsx (Excel Workbook) and import that")
        }
        if data.starts(with: Array("%PDF".utf8)) { throw fail("a PDF document, not a spreadsheet: import the .xlsx or CSV file") }
        // UTF-16 with its byte-order mark is what Excel saves as "Unicode text" (tab-separated).
        let isUTF16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        let hasZeroByte = !isUTF16 && data.withUnsafeBytes { $0.baseAddress.map { memchr($0, 0, data.count) != nil } ?? false }
        guard !hasZeroByte, var text = isUTF16 ? CSV.text(data) : String(data: data, encoding: .utf8) else {
            throw fail("not a spreadsheet: neither an .xlsx workbook nor CSV text in UTF-8 or UTF-16 (is it the right file?)")
        }
        // A flat file is checked as it is read, record by record; the first few records tell a template
        // (read whole) from a flat file.
        let result = text.withUTF8 { all -> Result<LedgerFileContents.Kind, InputProblems> in
            do throws(InputProblems) {
                let bom = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                var scanner: CSVScanner
                var first: [CSVRecord] = []
                do throws(CSVError) {
                    scanner = try CSVScanner(UnsafeBufferPointer(rebasing: all[bom...]))
                    while first.count < 40, let r = try scanner.next() { first.append(r) }
                } catch { throw fail(error.phrase) }
                if first.isEmpty { throw fail("the file is empty: expected a header such as commune_code,item,working,broken,date") }
                if TemplateSheet.isTemplate(first) {
                    do throws(CSVError) { while let r = try scanner.next() { first.append(r) } } catch { throw fail(error.phrase) }
                    let records = first.map { CSVRecord(line: $0.line, fields: $0.fields.map(unguarded)) }
                    deliver(try template(records, file: file, sheet: nil, catalog: catalog, communes: communes, options: options))
                    return .success(.csvTemplate)
                }
                if runLength == nil, all.count - bom >= halvesFrom,
                   let rows = inHalves(UnsafeBufferPointer(rebasing: all[bom...]), separator: scanner.separator, file: file,
                                       catalog: catalog, communes: communes, options: options) {
                    deliver(rows)
                    return .success(.flatCSV)
                }
                var peeked = first.dropFirst().makeIterator()
                let newlines = all.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                try LedgerCSV.parse(head: first[0], rows: { () throws(CSVError) -> CSVRecord? in peeked.next() },
                                    rest: scanner, expectedRows: newlines, file: file, catalog: catalog,
                                    communes: communes, options: options, runLength: runLength, deliver: deliver)
                return .success(.flatCSV)
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// A flat CSV text of at least this many bytes read whole is read in two halves side by side.
    static let halvesFrom = 1 << 21

    /// A flat CSV text read whole as its two halves (`CSVScanner.halfway`), each on a core of its own, then
    /// checked together as one table: the same rows as reading it from start to end. Nil when it cannot be
    /// cut, or when a half has a problem (it is then read from start to end, for its problems in order).
    static func inHalves(_ text: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String, catalog: Catalog,
                         communes: CommuneDirectory, options: LedgerCSV.Options) -> LedgerRows? {
        guard let (cut, lineFeeds) = CSVScanner.halfway(text) else { return nil }
        // (Each half's reader holds to the limit on records; the whole must too.)
        guard memchrCount(text, UInt8(ascii: "\n")) < CSVLimits.records else { return nil }
        struct Text: @unchecked Sendable { let bytes: UnsafeBufferPointer<UInt8> }   // read only, alive for the call
        final class Halves: @unchecked Sendable {   // each half written by one thread, read after both end
            var first, second: Result<(head: CSVRecord, rows: LedgerRows), InputProblems>?
        }
        let whole = Text(bytes: text), halves = Halves()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let bytes = whole.bytes
            let result: Result<(head: CSVRecord, rows: LedgerRows), InputProblems>
            do throws(InputProblems) {
                var head: CSVRecord?
                var scanner: CSVScanner
                do throws(CSVError) {
                    scanner = try CSVScanner(UnsafeBufferPointer(rebasing: bytes[..<cut]))
                    head = try scanner.next()
                    if half == 1 { scanner = try CSVScanner(rest: UnsafeBufferPointer(rebasing: bytes[cut...]), separator: separator, line: lineFeeds + 1) }
                } catch { throw InputProblems([SourceIssue(file: file, error.phrase)]) }
                guard let head else { throw InputProblems([]) }
                var rows = LedgerRows(file: file, sheet: nil, communeColumn: 0)
                try LedgerCSV.parse(head: head, rows: { () throws(CSVError) -> CSVRecord? in nil }, rest: scanner,
                                    expectedRows: lineFeeds + 1, file: file, catalog: catalog, communes: communes, options: options,
                                    runLength: Int.max) { rows = $0 }
                result = .success((head, rows))
            } catch {
                result = .failure(error)
            }
            if half == 0 { halves.first = result } else { halves.second = result }
        }
        // (Taken out of `halves`, so that the first half's rows are extended and sorted in place, not copied.)
        guard case .success(var first)? = halves.first.take(), case .success(let second)? = halves.second.take() else { return nil }
        first.rows.append(contentsOf: second.rows)
        do throws(InputProblems) {
            try LedgerCSV.whole(&first.rows, issues: [], file: file, sheet: nil, headLine: first.head.line, communes: communes)
        } catch { return nil }
        return first.rows
    }

    /// How many line feeds `data` holds (at least its number of rows, for a text file).
    public static func lineFeeds(in data: Data) -> Int {
        data.withUnsafeBytes { memchrCount($0.bindMemory(to: UInt8.self), UInt8(ascii: "\n")) }
    }

    /// How many times `byte` occurs in `bytes`.
    static func memchrCount(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Int {
        guard var p = bytes.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        let end = p + bytes.count
        var count = 0
        while p < end, let found = memchr(p, Int32(byte), end - p) {
            count += 1
            p = UnsafeRawPointer(found) + 1
        }
        return count
    }

    /// A field of a CSV template as the person meant it: the apostrophe that readiness (and Excel, on
    /// a text typed as '=…) puts before a text starting with =, +, -, @, tab or CR, so that it is not
    /// read as a formula, is taken off.
    static func unguarded(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard scalars.first == "'", scalars.count > 1,
              ["=", "+", "-", "@", "\t", "\r"].contains(scalars[scalars.index(after: scalars.startIndex)]) else { return field }
        return String(field.unicodeScalars.dropFirst())
    }

    static func isHeader(_ record: CSVRecord) -> Bool {
        let keys = Set(record.fields.map(LedgerCSV.columnKey))
        return keys.contains("item") && keys.contains("working")
    }

    static func hasTableHeader(_ records: [CSVRecord]) -> Bool { records.prefix(20).contains(where: isHeader) }

    /// A filled-in template: the header block gives commune, date and who; the table gives one event per filled row.
    /// The header's code and name must name the same commune (a code changed to another commune's is refused,
    /// with both shown). Every problem of the header and of the rows is thrown at once.
    static func template(_ records: [CSVRecord], file: String, sheet: String?, catalog: Catalog, communes: CommuneDirectory,
                         options: LedgerCSV.Options) throws(InputProblems) -> LedgerRows {
        let block = TemplateSheet(records)
        var issues: [SourceIssue] = []
        func problem(_ at: (text: String, line: Int, column: Int)?, _ message: Phrase) {
            issues.append(SourceIssue(file: file, sheet: sheet, line: at?.line, column: at?.column, message))
        }
        let commune = templateCommune(block, communes: communes, advice: options.advice, problem: problem)
        var date = options.defaultDate
        if let typed = block.values["date"] {
            date = LedgerCSV.day(typed.text)
            if date == nil { problem(typed, "the date of the count \"\(typed.text)\" is not a date: write dd/MM/yyyy") }
        } else if date == nil {
            problem(nil, "the date of the count (Ngày kiểm kê) is empty: \(options.advice.emptyCountDate)")
        }
        if let d = date, let latest = options.latest, d > latest {
            problem(block.values["date"], "the date of the count \(d.vietnamese) is in the future (after \(latest.vietnamese)): write the day the equipment was counted")
        } else if let d = date, !Limits.ledgerDays.contains(d) {
            problem(block.values["date"], "the date of the count \(d.vietnamese) is out of range: the ledger holds dates from \(Limits.ledgerDays.lowerBound.vietnamese) to \(Limits.ledgerDays.upperBound.vietnamese)")
        }
        if block.table.isEmpty {
            problem(nil, "no table header row (Mã thiết bị (item), Số đang dùng được (working), …): \(options.advice.newTemplate)")
            throw InputProblems(issues)
        }
        // The rows are checked even when the header has a problem (against a stand-in commune and date, and
        // then nothing is used), so that one run reports every mistake of the file.
        guard let rowCommune = commune?.code ?? communes.communes.first?.code else { throw InputProblems(issues) }
        var rowOptions = options
        rowOptions.commune = rowCommune
        rowOptions.defaultDate = issues.isEmpty ? date : Limits.ledgerDays.lowerBound
        rowOptions.latest = issues.isEmpty ? options.latest : nil
        if let by = block.values["recorded_by"], !by.text.isEmpty { rowOptions.defaultRecordedBy = by.text }
        rowOptions.ignoredColumns.formUnion(templateReadOnly)
        rowOptions.skipUnknownColumns = true
        rowOptions.skipUnfilledRows = true
        var events: LedgerRows
        do {
            events = try LedgerCSV.rows(records: block.table, file: file, sheet: sheet, catalog: catalog, communes: communes,
                                        options: rowOptions)
        } catch {
            throw InputProblems(issues + error.issues)
        }
        guard issues.isEmpty else { throw InputProblems(issues) }
        events.fromTemplate = true
        return events
    }

    /// The commune a template's header block names: by its code cell, which its name cell must agree with
    /// (the name resolving as names resolve: any case, with or without diacritics, the usual variants);
    /// by its name cell alone when it has no code. Nil, with the problem, when neither names one commune.
    static func templateCommune(_ block: TemplateSheet, communes: CommuneDirectory, advice: LedgerCSV.Advice = .commandLine,
                                problem: ((text: String, line: Int, column: Int)?, Phrase) -> Void) -> Commune? {
        let codeCell = block.values["commune_code"], nameCell = block.values["commune"]
        guard let codeCell else {
            guard let nameCell else {
                problem(nil, "the header block has no \"Mã đơn vị hành chính (commune_code)\" cell: \(advice.newTemplate)")
                return nil
            }
            do { return try communes.resolve(nameCell.text) } catch { problem(nameCell, error.phrase); return nil }
        }
        let byCode: Commune
        do { byCode = try communes.resolve(codeCell.text) } catch { problem(codeCell, error.phrase); return nil }
        guard let nameCell, !nameCell.text.isEmpty else { return byCode }
        let agrees: Bool
        var named: Phrase = ""
        do {
            let byName = try communes.resolve(nameCell.text)
            agrees = byName.code == byCode.code
            named = ", which is \(byName.label)"
        } catch {
            switch error {
            case .ambiguous(_, let candidates): agrees = candidates.contains { $0.code == byCode.code }
            case .unknown, .emptyRegistry: agrees = false
            }
        }
        if !agrees {
            problem(codeCell, "the header's code \(codeCell.text) is \(byCode.label) but its name cell says \"\(nameCell.text)\"\(named) (\(place(nameCell))): the two must name the same commune; correct the one that is wrong, or \(advice.communeTemplate)")
            return nil
        }
        return byCode
    }

    /// "row 2, column B" of a header cell.
    static func place(_ cell: (text: String, line: Int, column: Int)) -> Phrase {
        "row \(cell.line), column \(XlsxReader.columnName(cell.column - 1))"
    }
}
