import Foundation
import ReadinessCore

/// The flat exchange format of the ledger: one row per event,
/// `commune_code,item,working,broken,date` (`broken` and `date` optional;
/// `commune` with a name may stand instead of `commune_code`), then one column
/// per attribute used (`meets_hnth`, `bandwidth_mbps`, `expires_on`, …) and
/// optionally `source`, `recorded_by`, `recorded_at` (ISO 8601, UTC), `note`. Each row is the whole state of
/// that holding from its date on.
public enum LedgerCSV {
    public static let header = ["commune_code", "item", "working", "broken", "date"]
    static let metaColumns: Set<String> = ["source", "recorded_by", "recorded_at", "note"]

    /// How a file's problems say to mend them, in the words of the front end the file came through: the
    /// command's options and commands, or the web's import page.
    public struct Advice: Sendable {
        /// "the date is empty: " + this.
        public var emptyDate: Phrase
        /// "… is empty: " + this, for a template's date of the count.
        public var emptyCountDate: Phrase
        /// How to get a new template.
        public var newTemplate: Phrase
        /// How to get the commune's own template.
        public var communeTemplate: Phrase
        /// A CSV without a date column.
        public var noDateColumn: Phrase

        public static let commandLine = Advice(emptyDate: "fill it in or give --on DATE", emptyCountDate: "fill it in or give --on DATE",
                                               newTemplate: "make a new template with `readiness template`",
                                               communeTemplate: "make the commune's own template with `readiness template --commune`",
                                               noDateColumn: "add one or give the date of all rows with --on")
        public static let web = Advice(emptyDate: "fill it in", emptyCountDate: "fill it in",
                                       newTemplate: "download a new template from the import page",
                                       communeTemplate: "download the commune's own template from the import page",
                                       noDateColumn: "add a date column")
    }

    public struct Options: Sendable {
        /// How problems say to mend them.
        public var advice: Advice = .commandLine
        /// The date of rows without one (`--on`).
        public var defaultDate: Day?
        /// Rows dated after this are refused (a date in the future).
        public var latest: Day?
        public var defaultSource: String
        public var defaultRecordedBy: String
        /// The commune (code) of every row, for a table without a commune column (a template names it above).
        public var commune: String?
        /// Columns that are read by people only (a template's item name and unit).
        public var ignoredColumns: Set<String>
        /// Columns whose header is not a known name are skipped rather than refused (extra columns a person added).
        public var skipUnknownColumns: Bool
        /// A row naming an item but no count, no attribute and no note is skipped (an item a template left blank).
        public var skipUnfilledRows: Bool
        public init(defaultDate: Day? = nil, latest: Day? = nil, defaultSource: String = "", defaultRecordedBy: String = "",
                    commune: String? = nil, ignoredColumns: Set<String> = [], skipUnknownColumns: Bool = false,
                    skipUnfilledRows: Bool = false) {
            self.defaultDate = defaultDate
            self.latest = latest
            self.defaultSource = defaultSource
            self.defaultRecordedBy = defaultRecordedBy
            self.commune = commune
            self.ignoredColumns = ignoredColumns
            self.skipUnknownColumns = skipUnknownColumns
            self.skipUnfilledRows = skipUnfilledRows
        }
    }

    /// A header cell as a column name: "Số đang dùng được (working)" → "working", "Commune Code" → "commune_code".
    public static func columnKey(_ header: String) -> String {
        let t = header.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasSuffix(")"), let open = t.lastIndex(of: "(") {
            let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
            if !inner.isEmpty { return CommuneListFile.normalise(String(inner)) }
        }
        return CommuneListFile.normalise(t)
    }

    /// A date as spreadsheets hand it over: ISO, dd/MM/yyyy, or an Excel serial number (45915 = 2025-09-15).
    public static func day(_ raw: String) -> Day? {
        if let d = Day(iso: raw) ?? Day(lenient: raw) { return d }
        let t = raw.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let x = Double(t),
              x.rounded() == x, (1...2_958_465).contains(x) else { return nil }
        // Serial 25569 is 1970-01-01 (Excel's 1900 system, counting its phantom 29/02/1900).
        return Day(daysSinceEpoch: Int(x) - 25569)
    }

    /// Reads and checks every row; throws every problem found, or returns the events.
    public static func parse(_ text: String, file: String, catalog: Catalog, communes: CommuneDirectory,
                             options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, error.phrase)]) }
        return try parse(records: records, file: file, catalog: catalog, communes: communes, options: options)
    }

    /// Checks a table already split into records (a CSV file, or a sheet of a workbook when `sheet` is given):
    /// the first record is the header.
    public static func parse(records: [CSVRecord], file: String, sheet: String? = nil, catalog: Catalog,
                             communes: CommuneDirectory, options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        try rows(records: records, file: file, sheet: sheet, catalog: catalog, communes: communes, options: options).events
    }

    /// The same, the rows with their keys and lines.
    public static func rows(records: [CSVRecord], file: String, sheet: String? = nil, catalog: Catalog,
                            communes: CommuneDirectory, options: Options = .init()) throws(InputProblems) -> LedgerRows {
        guard let head = records.first else { throw InputProblems([SourceIssue(file: file, sheet: sheet, line: 1, "the file is empty")]) }
        var rest = records.dropFirst().makeIterator()
        var all = LedgerRows(file: file, sheet: sheet, communeColumn: 0)
        try parse(head: head, rows: { () throws(CSVError) -> CSVRecord? in rest.next() }, expectedRows: records.count - 1,
                  file: file, sheet: sheet, catalog: catalog, communes: communes, options: options, runLength: nil) { all = $0 }
        return all
    }

    /// Checks a table record by record as `rows` hands them over (a CSV file read as it is checked).
    /// `rest`, when given, is read after `rows`: the rest of a CSV text, checked as it is read.
    /// Returns the events in the ledger's order, a row repeating an earlier one's holding and day
    /// left out (`RepeatedRows`: one that disagrees is a problem).
    public static func parse(head: CSVRecord, rows: () throws(CSVError) -> CSVRecord?, rest: CSVScanner? = nil, expectedRows: Int,
                             file: String, sheet: String? = nil, catalog: Catalog, communes: CommuneDirectory,
                             options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        var all = LedgerRows(file: file, sheet: sheet, communeColumn: 0)
        try parse(head: head, rows: rows, rest: rest, expectedRows: expectedRows, file: file, sheet: sheet, catalog: catalog,
                  communes: communes, options: options, runLength: nil) { all = $0 }
        return all.events
    }

    /// Checks a table as `parse` does and hands its good rows over as they are read, in runs of up to
    /// `runLength` rows in the order of the file (nil: all at once, repeats left out and in the ledger's
    /// order, after every row is checked). Every problem of the table is thrown at the end: rows handed
    /// over before are then not to be used. Runs are for a caller that checks repeats itself
    /// (`RepeatedRows`) and does not hold the whole table.
    public static func parse(head: CSVRecord, rows: () throws(CSVError) -> CSVRecord?, rest: CSVScanner? = nil, expectedRows: Int,
                             file: String, sheet: String? = nil, catalog: Catalog, communes: CommuneDirectory,
                             options: Options = .init(), runLength: Int?,
                             deliver: (consuming LedgerRows) -> Void) throws(InputProblems) {
        let columns = head.fields.map(columnKey)
        var issues: [SourceIssue] = []
        func headerProblem(_ message: Phrase, column: Int? = nil) {
            issues.append(SourceIssue(file: file, sheet: sheet, line: head.line, column: column.map { $0 + 1 }, message))
        }
        func col(_ name: String) -> Int? { columns.firstIndex(of: name) }
        let communeColumn = col("commune_code") ?? col("commune")
        let itemColumn = col("item"), workingColumn = col("working")
        if communeColumn == nil && options.commune == nil {
            headerProblem("no commune_code (or commune) column: the header must start commune_code,item,working,broken,date")
        }
        if itemColumn == nil { headerProblem("no item column: the header must start commune_code,item,working,broken,date") }
        if workingColumn == nil { headerProblem("no working column: the header must start commune_code,item,working,broken,date") }
        let brokenColumn = col("broken"), dateColumn = col("date")
        let known: Set<String> = Set(["commune_code", "commune", "item", "working", "broken", "date"]).union(metaColumns)
            .union(options.ignoredColumns)
        let attributeTypes = Dictionary(catalog.items.flatMap(\.attributes).map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        var attributeColumns: [(index: Int, name: String)] = []
        var seen: [String: Int] = [:]
        for (i, name) in columns.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                headerProblem("column \"\(head.fields[i])\" appears twice (also column \(place(first, sheet: sheet))): keep one", column: i)
                continue
            }
            seen[name] = i
            if known.contains(name) { continue }
            if attributeTypes[name] != nil {
                attributeColumns.append((i, name))
            } else if !options.skipUnknownColumns {
                headerProblem("unknown column \"\(head.fields[i])\": not an attribute of any item"
                              + suggestion(for: name, among: attributeTypes.keys.sorted()), column: i)
            }
        }
        if dateColumn == nil && options.defaultDate == nil {
            headerProblem("no date column: \(options.advice.noDateColumn)")
        }
        // Rows are still checked after a header problem as long as the columns they need are there,
        // so that one run reports every problem.
        guard communeColumn != nil || options.commune != nil, let itemColumn, let workingColumn,
              dateColumn != nil || options.defaultDate != nil else {
            throw InputProblems(issues)
        }

        var checker = RowChecker(file: file, sheet: sheet, catalog: catalog, communes: communes, options: options,
                                 columns: Columns(commune: communeColumn, item: itemColumn, working: workingColumn, broken: brokenColumn,
                                                  date: dateColumn, source: col("source"), recordedBy: col("recorded_by"),
                                                  recordedAt: col("recorded_at"), note: col("note"), attributes: attributeColumns),
                                 issues: issues, expectedRows: min(expectedRows, runLength ?? expectedRows))
        var delivered = 0
        func flush() {
            delivered += checker.rows.events.count
            deliver(checker.takeRows())
        }
        while true {
            let next: CSVRecord?
            do { next = try rows() } catch { checker.issues.append(SourceIssue(file: file, sheet: sheet, error.phrase)); break }
            guard let record = next else { break }
            checker.check(record)
            if let runLength, checker.rows.events.count >= runLength { flush() }
        }
        if var scanner = rest {
            // The rest of a CSV text: a record's cells are read where they lie in the text, unless it has a
            // quoted field (then the scanner makes the record).
            var fields: [Range<Int>] = []
            while let (line, quoted) = scanner.nextFields(&fields) {
                if !quoted {
                    checker.check(line: line, fields: fields, in: scanner.bytes)
                    if let runLength, checker.rows.events.count >= runLength { flush() }
                    continue
                }
                do throws(CSVError) {
                    guard let record = try scanner.next() else { break }
                    checker.check(record)
                    if let runLength, checker.rows.events.count >= runLength { flush() }
                } catch {
                    checker.issues.append(SourceIssue(file: file, sheet: sheet, error.phrase))
                    break
                }
            }
        }
        issues = checker.issues
        if runLength != nil {
            if !issues.isEmpty { throw InputProblems(issues) }
            if delivered + checker.rows.events.count == 0 {
                throw InputProblems([SourceIssue(file: file, sheet: sheet, line: head.line, "no rows after the header")])
            }
            if !checker.rows.events.isEmpty { flush() }
            return
        }
        var rows = checker.takeRows()
        try whole(&rows, issues: issues, file: file, sheet: sheet, headLine: head.line, communes: communes)
        deliver(consume rows)
    }

    /// The rows of a whole table, checked: a row for a holding and day already given adds nothing when
    /// identical, and is a problem when it disagrees; then in the ledger's order. Throws the problems
    /// (`issues`, those found before, among them in line order). Rows of one holding and day are found
    /// next to each other once the rows are sorted (the sort keeps them in line order). The rows are
    /// sorted and thinned in place.
    static func whole(_ all: inout LedgerRows, issues: [SourceIssue], file: String, sheet: String?, headLine: Int,
                      communes: CommuneDirectory) throws(InputProblems) {
        var issues = issues
        all.sortByKey()
        var keep: [Bool]?
        var duplicateIssues: [SourceIssue] = []
        all.events.withUnsafeBufferPointer { events in
            var first = 0
            for k in events.indices.dropFirst() {
                guard all.keys[k] == all.keys[first] else { first = k; continue }
                let a = events[first], b = events[k]
                if (a.working, a.broken, a.attributes) != (b.working, b.broken, b.attributes) {
                    let earlier = RepeatedRows.Earlier(file: 0, line: all.lines[first], working: a.working, broken: a.broken)
                    duplicateIssues.append(all.problem(k, earlier: earlier, earlierFile: nil, communes: communes))
                }
                if keep == nil { keep = [Bool](repeating: true, count: events.count) }
                keep![k] = false
            }
        }
        if !duplicateIssues.isEmpty {
            // In line order among the others (the header's first).
            issues = (issues + duplicateIssues).enumerated()
                .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        if let keep { all.keep { keep[$0] } }
        if all.events.isEmpty { throw InputProblems([SourceIssue(file: file, sheet: sheet, line: headLine, "no rows after the header")]) }
    }

    /// The columns a table's rows are read by.
    struct Columns {
        var commune: Int?, item: Int, working: Int, broken: Int?, date: Int?
        var source: Int?, recordedBy: Int?, recordedAt: Int?, note: Int?
        var attributes: [(index: Int, name: String)]
    }

    /// A row's cells, as ranges of bytes (both only borrowed for the time of the row's check).
    struct Cells {
        let bytes: UnsafeBufferPointer<UInt8>
        let fields: UnsafeBufferPointer<Range<Int>>

        /// The cell's bytes as written; none for a column the row does not reach.
        func raw(_ column: Int) -> UnsafeBufferPointer<UInt8> {
            column < fields.count ? UnsafeBufferPointer(rebasing: bytes[fields[column]]) : UnsafeBufferPointer(start: nil, count: 0)
        }

        /// The cell's text without surrounding whitespace.
        func text(_ column: Int) -> String { String(decoding: raw(column), as: UTF8.self).trimmedSpaces }

        /// Whether the cell holds nothing but whitespace.
        func isBlank(_ column: Int) -> Bool {
            let b = raw(column)
            return b.isEmpty || !(0x21..<0x80).contains(b[0]) && text(column).isEmpty
        }
    }

    /// Checks a table's rows one by one and keeps the events of the good ones, each with its key in the
    /// ledger's order. Every cell goes through the one validator of its column, which reads a cell in the
    /// plain form an exchange file writes (a code or count in digits, an ISO date, true/false) from its
    /// bytes and any other cell from its text, the way people write it, wording what is wrong.
    struct RowChecker {
        let file: String, sheet: String?
        let catalog: Catalog, communes: CommuneDirectory, options: Options
        let columns: Columns
        let keys: LedgerOrder.Keys
        /// Codes and item ids by position.
        let codes: [String], itemIDs: [String]
        let itemPositions: [String: Int]
        /// Item ids as bytes, by position: a cell written as an id is found without making a text of it.
        let itemBytes: [[UInt8]]
        /// Registry position + 1 by the number a code writes, 0 for none; nil when the codes are not all
        /// distinct numbers of up to 7 digits (codes are then looked up as text).
        let byNumber: [Int32]?
        /// The commune of every row of a table without a commune column.
        let fixedCommune: Int?

        var issues: [SourceIssue]
        /// The good rows checked since the last `takeRows`.
        var rows: LedgerRows
        /// The line of the row being checked.
        private var line = 0
        /// A record's fields as bytes, reused from record to record.
        private var recordBytes: [UInt8] = [], recordFields: [Range<Int>] = []
        /// The source, recorded_by, recorded_at and note cells of the row before, and their texts: a file's
        /// rows mostly repeat them, and then share one text.
        private var lastCells = [(bytes: [UInt8], text: String)](repeating: ([], ""), count: 4)

        init(file: String, sheet: String?, catalog: Catalog, communes: CommuneDirectory, options: Options, columns: Columns,
             issues: [SourceIssue], expectedRows: Int) {
            (self.file, self.sheet, self.catalog, self.communes, self.options, self.columns) = (file, sheet, catalog, communes, options, columns)
            self.issues = issues
            codes = communes.communes.map(\.code)
            itemIDs = catalog.items.map(\.id)
            keys = LedgerOrder.Keys(codes: codes, items: itemIDs)
            itemPositions = Dictionary(itemIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            itemBytes = itemIDs.map { Array($0.utf8) }
            byNumber = columns.commune == nil ? nil : Self.positionsByNumber(codes)
            fixedCommune = columns.commune == nil ? options.commune.flatMap { try? communes.position($0) } : nil
            rows = LedgerRows(file: file, sheet: sheet, communeColumn: columns.commune ?? columns.item)
            rows.reserveCapacity(expectedRows)
        }

        static func positionsByNumber(_ codes: [String]) -> [Int32]? {
            var numbers: [Int] = []
            for code in codes {
                guard (1...7).contains(code.utf8.count), code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(code) else { return nil }
                numbers.append(n)
            }
            var byNumber = [Int32](repeating: 0, count: (numbers.max() ?? 0) + 1)
            for (position, n) in numbers.enumerated() {
                guard byNumber[n] == 0 else { return nil }   // two codes for one number ("070", "0070"): the text decides
                byNumber[n] = Int32(position + 1)
            }
            return byNumber
        }

        /// The rows checked so far, handed over; the checker goes on with none.
        mutating func takeRows() -> LedgerRows {
            var taken = LedgerRows(file: rows.file, sheet: rows.sheet, communeColumn: rows.communeColumn)
            taken.reserveCapacity(rows.events.count)
            swap(&taken, &rows)
            return taken
        }

        mutating func problem(_ column: Int, _ message: Phrase) {
            issues.append(SourceIssue(file: file, sheet: sheet, line: line, column: column + 1, message))
        }

        /// Checks a record (a row of a sheet, or a CSV record with a quoted field).
        mutating func check(_ record: CSVRecord) {
            recordBytes.removeAll(keepingCapacity: true)
            recordFields.removeAll(keepingCapacity: true)
            for field in record.fields {
                let start = recordBytes.count
                recordBytes.append(contentsOf: field.utf8)
                recordFields.append(start..<recordBytes.count)
            }
            let (bytes, fields) = (recordBytes, recordFields)
            bytes.withUnsafeBufferPointer { check(line: record.line, fields: fields, in: $0) }
        }

        /// Checks the row on `line` whose cells are `fields` of `bytes`.
        mutating func check(line: Int, fields: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>) {
            fields.withUnsafeBufferPointer { check(line: line, Cells(bytes: bytes, fields: $0)) }
        }

        private mutating func check(line: Int, _ row: Cells) {
            let fields = row.fields
            if fields.indices.allSatisfy(row.isBlank) { return }
            if options.skipUnfilledRows {
                let filled = [columns.working] + [columns.broken, columns.note].compactMap { $0 } + columns.attributes.map(\.index)
                if filled.allSatisfy(row.isBlank) { return }
            }
            self.line = line
            let before = issues.count
            let communeAt: Int?
            if let column = columns.commune { communeAt = commune(row, column) } else { communeAt = fixedCommune }
            let itemAt = item(row, columns.item)
            let working = count(row, columns.working, name: "working", required: true)
            let broken = columns.broken.map { count(row, $0, name: "broken", required: false) } ?? 0
            var date = options.defaultDate
            if let column = columns.date {
                // (A date given for all rows — --on or a template's — is checked once by whoever gives it.)
                let cell = day(row, column)
                if cell.given { date = cell.day } else if date == nil { problem(column, "the date is empty: \(options.advice.emptyDate)") }
            }
            var recordedAt = ""
            if let column = columns.recordedAt, let text = filled(row, column, slot: 2) {
                if Self.isRecordingTime(text) { recordedAt = text } else {
                    problem(column, "recorded_at \"\(text)\" is not a time of recording such as 2026-03-01T08:30:00Z (ISO 8601 in UTC, in the years 2000 to 2099)")
                }
            }
            var attributes: [String: AttributeValue] = [:]
            for (column, name) in columns.attributes where !row.isBlank(column) {
                guard let itemAt else { continue }
                guard let spec = catalog.items[itemAt].attribute(name) else {
                    let item = catalog.items[itemAt]
                    problem(column, "item \(item.id) has no attribute \(name)"
                            + (item.attributes.isEmpty ? "" : " (it has \(item.attributes.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                if let value = attribute(row, column, spec) { attributes[name] = value }
            }
            guard issues.count == before, let communeAt, let itemAt, let working, let broken, let date else { return }
            rows.append(NewEvent(communeCode: codes[communeAt], item: itemIDs[itemAt], effectiveOn: date, working: working,
                                   broken: broken, attributes: attributes,
                                   source: filled(row, columns.source, slot: 0) ?? options.defaultSource,
                                   recordedBy: filled(row, columns.recordedBy, slot: 1) ?? options.defaultRecordedBy,
                                   note: filled(row, columns.note, slot: 3) ?? "", recordedAt: recordedAt),
                        key: keys.key(commune: communeAt, item: itemAt, day: date), line: line)
        }

        /// `YYYY-MM-DDTHH:MM:SSZ` (what an export writes), in the years 2000 to 2099.
        static func isRecordingTime(_ text: String) -> Bool {
            let b = Array(text.utf8)
            guard b.count == 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
                  b[19] == UInt8(ascii: "Z"), let day = Day(iso: String(text.prefix(10))), (2000...2099).contains(day.components.year) else { return false }
            func number(_ at: Int) -> Int? {
                let (a, c) = (b[at], b[at + 1])
                guard (48...57).contains(a), (48...57).contains(c) else { return nil }
                return Int(a - 48) * 10 + Int(c - 48)
            }
            guard let h = number(11), let m = number(14), let s = number(17), h < 24, m < 60, s < 61 else { return false }
            return true
        }

        // MARK: The cell validators

        /// A whole number of 1 to 9 ASCII digits and nothing else.
        static func digits(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
            guard (1...9).contains(b.count) else { return nil }
            var v = 0
            for d in b {
                guard d >= 48, d <= 57 else { return nil }
                v = v * 10 + Int(d) - 48
            }
            return v
        }

        /// The registry position of the commune a cell names by code or name.
        mutating func commune(_ row: Cells, _ column: Int) -> Int? {
            if let byNumber, let n = Self.digits(row.raw(column)), n < byNumber.count, byNumber[n] > 0 { return Int(byNumber[n]) - 1 }
            let typed = row.text(column)
            if typed.isEmpty { problem(column, "the commune is empty"); return nil }
            do { return try communes.position(typed) } catch { problem(column, error.phrase); return nil }
        }

        /// The catalogue position of the item a cell names.
        mutating func item(_ row: Cells, _ column: Int) -> Int? {
            let raw = row.raw(column)
            if !raw.isEmpty, let at = itemBytes.firstIndex(where: { id in
                id.count == raw.count && id.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
            }) { return at }
            let id = row.text(column)
            if let at = itemPositions[id] { return at }
            problem(column, id.isEmpty ? "the item is empty" : "unknown item \"\(id)\"" + suggestion(for: id, among: itemIDs))
            return nil
        }

        /// A count of units (`LedgerCSV.count`).
        mutating func count(_ row: Cells, _ column: Int, name: String, required: Bool) -> Int? {
            if let n = Self.digits(row.raw(column)), Limits.units.contains(n) { return n }
            return LedgerCSV.count(row.text(column), column: column, name: name, problem: { problem($0, $1) }, required: required)
        }

        /// The date a cell gives (`LedgerCSV.day`), never after `options.latest`; not `given` when the cell is empty.
        mutating func day(_ row: Cells, _ column: Int) -> (given: Bool, day: Day?) {
            var parsed = Day(isoBytes: row.raw(column))
            if parsed == nil {
                let text = row.text(column)
                if text.isEmpty { return (false, nil) }
                parsed = LedgerCSV.day(text)
                if parsed == nil {
                    problem(column, "date \"\(text)\" is not a date: write YYYY-MM-DD or dd/MM/yyyy")
                    return (true, nil)
                }
            }
            if let d = parsed, let latest = options.latest, d > latest {
                problem(column, "date \(d.iso) is in the future (after \(latest.iso)): the ledger records what is, not what is planned")
            } else if let d = parsed, let reason = LedgerCSV.dateProblem(d, "date") {
                problem(column, reason)
                return (true, nil)
            }
            return (true, parsed)
        }

        /// An attribute's value, of its type (`AttributeValue.parse`; dates also as `LedgerCSV.day` reads them).
        mutating func attribute(_ row: Cells, _ column: Int, _ spec: AttributeSpec) -> AttributeValue? {
            let raw = row.raw(column)
            switch spec.type {
            case .bool where raw.elementsEqual("true".utf8): return .bool(true)
            case .bool where raw.elementsEqual("false".utf8): return .bool(false)
            case .int: if let n = Self.digits(raw), Limits.wholeAttribute.contains(n) { return .int(n) }
            case .date: if let d = Day(isoBytes: raw), Limits.ledgerDays.contains(d) { return .date(d) }
            case .bool, .text: break
            }
            let text = row.text(column)
            if let value = AttributeValue.parse(text, as: spec.type) ?? (spec.type == .date ? LedgerCSV.day(text).map(AttributeValue.date) : nil) {
                if let reason = value.rangeProblem(spec.name) { problem(column, reason); return nil }
                return value
            }
            if spec.type == .int, Numerals.looksWhole(text) {
                problem(column, "\(spec.name) \(text) is out of range: give a whole number from \(Limits.describe(Limits.wholeAttribute))")
                return nil
            }
            problem(column, "\(spec.name) is \(spec.type.rawValue): \"\(text)\" is not \(spec.type.hint)")
            return nil
        }

        /// The cell's text, nil when the row leaves it empty; `slot` (0 to 3) keeps the cell of the row before
        /// in its column, whose text is given again when the bytes are the same.
        mutating func filled(_ row: Cells, _ column: Int?, slot: Int) -> String? {
            guard let column else { return nil }
            let raw = row.raw(column)
            if raw.isEmpty { return nil }
            let same = lastCells[slot].bytes.count == raw.count
                && lastCells[slot].bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
            if !same {
                lastCells[slot] = (Array(raw), row.text(column))
            }
            return lastCells[slot].text.isEmpty ? nil : lastCells[slot].text
        }
    }

    /// "D" in a sheet, "4" in a CSV file (0-based index in).
    static func place(_ index: Int, sheet: String?) -> String {
        sheet == nil ? String(index + 1) : XlsxReader.columnName(index)
    }

    /// A count of units: a whole number from 0 to 100,000 (`Limits.units`) in ASCII digits ("3", " 3 ", and
    /// "3.0" or "3,0" as spreadsheets hand whole numbers over); never negative, fractional, hexadecimal
    /// ("0x10"), signed ("+5"), in exponent form ("1e3") or in other scripts' digits.
    static func count(_ raw: String, column: Int, name: String, problem: (Int, Phrase) -> Void, required: Bool) -> Int? {
        if raw.isEmpty {
            if required { problem(column, "\(name) is empty: write the number of units (0 if none)"); return nil }
            return 0
        }
        let range: Phrase = "give 0 to \(Limits.grouped(Limits.units.upperBound)) units"
        // "3.0", "3,0": the whole number before the zeros.
        var whole = Substring(raw)
        if let point = raw.firstIndex(where: { $0 == "." || $0 == "," }) {
            let fraction = raw[raw.index(after: point)...]
            if Numerals.looksWhole(raw[..<point]), !fraction.isEmpty, fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                guard fraction.allSatisfy({ $0 == "0" }) else {
                    problem(column, "\(name) \(raw) is not a whole number of units: \(range)")
                    return nil
                }
                whole = raw[..<point]
            }
        }
        guard Numerals.looksWhole(whole) else {
            problem(column, "\(name) \"\(raw)\" is not a number: write a whole number of units in digits 0-9, \(range)")
            return nil
        }
        guard let n = Numerals.whole(whole), Limits.units.contains(n) else {
            problem(column, whole.hasPrefix("-") ? "\(name) \(raw) is negative: counts are 0 or more; \(range)"
                                                 : "\(name) \(raw) is out of range: \(range)")
            return nil
        }
        return n
    }

    /// Why a date cannot be a ledger date (`Limits.ledgerDays`), naming `what`; nil when it can.
    public static func dateProblem(_ day: Day, _ what: String) -> Phrase? {
        Limits.ledgerDays.contains(day) ? nil
            : "\(what) \(day.iso) is out of range: the ledger holds dates from \(Limits.describe(Limits.ledgerDays))"
    }
}
