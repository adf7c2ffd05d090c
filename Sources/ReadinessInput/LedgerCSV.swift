import ReadinessCore

/// The flat exchange format of the ledger: one row per event,
/// `commune_code,item,working,broken,date` (`broken` and `date` optional;
/// `commune` with a name may stand instead of `commune_code`), then one column
/// per attribute used (`meets_hnth`, `bandwidth_mbps`, `expires_on`, …) and
/// optionally `source`, `recorded_by`, `note`. Each row is the whole state of
/// that holding from its date on.
public enum LedgerCSV {
    public static let header = ["commune_code", "item", "working", "broken", "date"]
    static let metaColumns: Set<String> = ["source", "recorded_by", "note"]

    public struct Options: Sendable {
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
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, "\(error)")]) }
        return try parse(records: records, file: file, catalog: catalog, communes: communes, options: options)
    }

    /// Checks a table already split into records (a CSV file, or a sheet of a workbook when `sheet` is given):
    /// the first record is the header.
    public static func parse(records: [CSVRecord], file: String, sheet: String? = nil, catalog: Catalog,
                             communes: CommuneDirectory, options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        guard let head = records.first else { throw InputProblems([SourceIssue(file: file, sheet: sheet, line: 1, "the file is empty")]) }
        var rest = records.dropFirst().makeIterator()
        return try parse(head: head, rows: { () throws(CSVError) -> CSVRecord? in rest.next() }, expectedRows: records.count - 1,
                         file: file, sheet: sheet, catalog: catalog, communes: communes, options: options)
    }

    /// Checks a table record by record as `rows` hands them over (a CSV file read as it is checked).
    /// `rest`, when given, is read after `rows`: the rest of a CSV text, checked as it is read.
    public static func parse(head: CSVRecord, rows: () throws(CSVError) -> CSVRecord?, rest: CSVScanner? = nil, expectedRows: Int,
                             file: String, sheet: String? = nil, catalog: Catalog, communes: CommuneDirectory,
                             options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        let columns = head.fields.map(columnKey)
        var issues: [SourceIssue] = []
        func headerProblem(_ message: String, column: Int? = nil) {
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
            headerProblem("no date column: add one or give the date of all rows with --on")
        }
        // Rows are still checked after a header problem as long as the columns they need are there,
        // so that one run reports every problem.
        guard communeColumn != nil || options.commune != nil, let itemColumn, let workingColumn,
              dateColumn != nil || options.defaultDate != nil else {
            throw InputProblems(issues)
        }

        var events: [NewEvent] = []
        // Each row's holding and day as one integer in the ledger's order, with its line: two rows for
        // the same holding and day are found by sorting these once at the end, and the events come out
        // in the ledger's order.
        let keys = LedgerOrder.Keys(codes: communes.communes.map(\.code), items: catalog.items.map(\.id))
        var rowKeys: [(key: Int, line: Int, index: Int)] = []
        let itemPositions = Dictionary(catalog.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        rowKeys.reserveCapacity(expectedRows)
        events.reserveCapacity(expectedRows)
        let rowCommuneColumn = communeColumn ?? itemColumn
        let sourceColumn = col("source"), recordedByColumn = col("recorded_by"), noteColumn = col("note")
        func check(_ record: CSVRecord) {
            let f = record.fields
            if f.allSatisfy({ $0.trimmedSpaces.isEmpty }) { return }
            func cell(_ i: Int) -> String { i < f.count ? f[i].trimmedSpaces : "" }
            func problem(_ column: Int, _ message: String) {
                issues.append(SourceIssue(file: file, sheet: sheet, line: record.line, column: column + 1, message))
            }
            if options.skipUnfilledRows {
                let filled = [workingColumn, brokenColumn].compactMap { $0 } + attributeColumns.map(\.index) + [col("note")].compactMap { $0 }
                if filled.allSatisfy({ cell($0).isEmpty }) { return }
            }
            let before = issues.count
            var communeAt: Int?
            if let communeColumn {
                let typed = cell(communeColumn)
                if typed.isEmpty { problem(communeColumn, "the commune is empty") } else {
                    do { communeAt = try communes.position(typed) } catch { problem(communeColumn, error.description) }
                }
            } else if let code = options.commune {
                communeAt = try? communes.position(code)
            }
            let itemID = cell(itemColumn)
            let itemAt = itemPositions[itemID]
            if itemAt == nil {
                problem(itemColumn, itemID.isEmpty ? "the item is empty"
                        : "unknown item \"\(itemID)\"" + suggestion(for: itemID, among: catalog.items.map(\.id)))
            }
            let working = count(cell(workingColumn), column: workingColumn, name: "working", problem: problem, required: true)
            let broken = brokenColumn.map { count(cell($0), column: $0, name: "broken", problem: problem, required: false) } ?? 0
            var date = options.defaultDate
            if let dateColumn, !cell(dateColumn).isEmpty {
                date = day(cell(dateColumn))
                if date == nil { problem(dateColumn, "date \"\(cell(dateColumn))\" is not a date: write YYYY-MM-DD or dd/MM/yyyy") }
            } else if date == nil, let dateColumn {
                problem(dateColumn, "the date is empty: fill it in or give --on DATE")
            }
            // (A date given for all rows — --on or a template's — is checked once by whoever gives it.)
            if let d = date, let latest = options.latest, d > latest, let dateColumn, !cell(dateColumn).isEmpty {
                problem(dateColumn, "date \(d.iso) is in the future (after \(latest.iso)): the ledger records what is, not what is planned")
            }
            var attributes: [String: AttributeValue] = [:]
            for (i, name) in attributeColumns {
                let raw = cell(i)
                if raw.isEmpty { continue }
                guard let itemAt else { continue }
                let item = catalog.items[itemAt]   // (only for attribute cells: copying the item for every row cost more than the rest of it)
                guard let spec = item.attribute(name) else {
                    problem(i, "item \(item.id) has no attribute \(name)"
                            + (item.attributes.isEmpty ? "" : " (it has \(item.attributes.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                if let v = AttributeValue.parse(raw, as: spec.type) ?? (spec.type == .date ? day(raw).map(AttributeValue.date) : nil) {
                    attributes[name] = v
                } else {
                    problem(i, "\(name) is \(spec.type.rawValue): \"\(raw)\" is not " + spec.type.hint)
                }
            }
            guard issues.count == before, let communeAt, let itemAt, let working, let broken, let date else { return }
            let event = NewEvent(communeCode: communes.communes[communeAt].code, item: catalog.items[itemAt].id, effectiveOn: date, working: working, broken: broken,
                                 attributes: attributes,
                                 source: sourceColumn.map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? options.defaultSource,
                                 recordedBy: recordedByColumn.map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? options.defaultRecordedBy,
                                 note: noteColumn.map(cell) ?? "")
            // (Days since 0000-03-01 are positive for every year from 1; 2^24 days is past year 9999.)
            rowKeys.append((keys.key(commune: communeAt, item: itemAt, day: date), record.line, events.count))
            events.append(event)
        }
        while true {
            let next: CSVRecord?
            do { next = try rows() } catch { issues.append(SourceIssue(file: file, sheet: sheet, "\(error)")); break }
            guard let record = next else { break }
            check(record)
        }
        if var scanner = rest {
            // Rows as plain as an exchange file writes them (digits, ISO dates, true/false, nothing to
            // trim, no name to resolve) are checked on their bytes without making a string of every
            // field; any other row, right or wrong, goes through `check` above, which says what is
            // wrong. (A test checks that both ways give the same events and problems.)
            let fastRows = FastRows(communeColumn: communeColumn, itemColumn: itemColumn, workingColumn: workingColumn,
                                brokenColumn: brokenColumn, dateColumn: dateColumn,
                                otherColumns: [sourceColumn, recordedByColumn, noteColumn].compactMap { $0 },
                                attributeColumns: attributeColumns, catalog: catalog, itemPositions: itemPositions,
                                communes: communes, options: options)
            var ranges: [Range<Int>] = []
            let bytes = scanner.bytes
            // (Codes and ids looked up in plain arrays: reaching them through the communes and items
            // copied a whole commune or item for each row.)
            let codes = communes.communes.map(\.code), itemIDs = catalog.items.map(\.id)
            while let (line, quoted) = scanner.nextFields(&ranges) {
                if !quoted, let row = fastRows?.read(ranges, in: bytes) {
                    let event = NewEvent(communeCode: codes[row.commune], item: itemIDs[row.item],
                                         effectiveOn: row.date, working: row.working, broken: row.broken, attributes: row.attributes,
                                         source: options.defaultSource, recordedBy: options.defaultRecordedBy)
                    rowKeys.append((keys.key(commune: row.commune, item: row.item, day: row.date), line, events.count))
                    events.append(event)
                    continue
                }
                if !quoted {
                    check(CSVRecord(line: line, fields: ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }))
                    continue
                }
                do throws(CSVError) {
                    guard let record = try scanner.next() else { break }
                    check(record)
                } catch {
                    issues.append(SourceIssue(file: file, sheet: sheet, "\(error)"))
                    break
                }
            }
        }
        // Rows for the same holding and day: an identical repeat adds nothing; one that disagrees is a problem.
        rowKeys.sort { ($0.key, $0.line) < ($1.key, $1.line) }
        var repeats: [Int] = []
        var duplicateIssues: [SourceIssue] = []
        var first = 0
        for k in rowKeys.indices.dropFirst() {
            guard rowKeys[k].key == rowKeys[first].key else { first = k; continue }
            let a = events[rowKeys[first].index], b = events[rowKeys[k].index]
            repeats.append(rowKeys[k].index)
            if (a.working, a.broken, a.attributes) != (b.working, b.broken, b.attributes) {
                let label = communes.commune(code: b.communeCode)?.label ?? b.communeCode
                duplicateIssues.append(SourceIssue(file: file, sheet: sheet, line: rowKeys[k].line, column: rowCommuneColumn + 1,
                                                   "\(label), \(b.item) on \(b.effectiveOn.iso) already has a different row "
                                                   + "(\(sheet == nil ? "line" : "row") \(rowKeys[first].line)): keep one"))
            }
        }
        if !duplicateIssues.isEmpty {
            // In line order among the others (the header's first).
            issues = (issues + duplicateIssues).enumerated()
                .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        var keep = [Bool](repeating: true, count: events.count)
        for r in repeats { keep[r] = false }
        var ordered: [NewEvent] = []
        ordered.reserveCapacity(events.count - repeats.count)
        for k in rowKeys where keep[k.index] { ordered.append(events[k.index]) }
        events = ordered
        if events.isEmpty { throw InputProblems([SourceIssue(file: file, sheet: sheet, line: head.line, "no rows after the header")]) }
        return events
    }

    /// The plain rows of an exchange file, read from their bytes. `read` gives the row's values when every
    /// cell is in the plain form `check` would accept unchanged, and nil otherwise (the row is then
    /// checked the ordinary way, which also words any problem). A class: the struct, copied for each
    /// row it read, retained and released all it holds each time.
    final class FastRows {
        let communeColumn: Int, itemColumn: Int, workingColumn: Int, brokenColumn: Int?, dateColumn: Int?
        let otherColumns: [Int]
        let attributeColumns: [(index: Int, name: String)]
        let catalog: Catalog
        let options: Options
        /// Registry position + 1 by the number a code writes (codes are digits), 0 for none.
        let byNumber: [Int32]
        /// Each item's position in the catalogue, by id.
        let itemPositions: [String: Int]

        /// Nil when the file or registry does not suit (a commune column of names is still read
        /// row by row, a template's options, codes that are not short numbers).
        init?(communeColumn: Int?, itemColumn: Int, workingColumn: Int, brokenColumn: Int?, dateColumn: Int?, otherColumns: [Int],
              attributeColumns: [(index: Int, name: String)], catalog: Catalog, itemPositions: [String: Int],
              communes: CommuneDirectory, options: Options) {
            guard let communeColumn, !options.skipUnfilledRows, options.commune == nil,
                  dateColumn != nil || options.defaultDate != nil else { return nil }
            var numbers: [Int] = []
            for c in communes.communes {
                guard (1...7).contains(c.code.utf8.count), c.code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(c.code) else { return nil }
                numbers.append(n)
            }
            var byNumber = [Int32](repeating: 0, count: (numbers.max() ?? 0) + 1)
            for (position, n) in numbers.enumerated() {
                guard byNumber[n] == 0 else { return nil }   // two codes for one number ("070", "0070"): names decide
                byNumber[n] = Int32(position + 1)
            }
            (self.communeColumn, self.itemColumn, self.workingColumn, self.brokenColumn, self.dateColumn)
                = (communeColumn, itemColumn, workingColumn, brokenColumn, dateColumn)
            (self.otherColumns, self.attributeColumns, self.catalog, self.options) = (otherColumns, attributeColumns, catalog, options)
            self.byNumber = byNumber
            self.itemPositions = itemPositions
        }

        func read(_ fields: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>)
            -> (commune: Int, item: Int, date: Day, working: Int, broken: Int, attributes: [String: AttributeValue])? {
            func cell(_ column: Int) -> UnsafeBufferPointer<UInt8> {
                column < fields.count ? UnsafeBufferPointer(rebasing: bytes[fields[column]]) : UnsafeBufferPointer(start: nil, count: 0)
            }
            /// A whole number of 1 to 9 digits, nothing else.
            func number(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
                guard (1...9).contains(b.count) else { return nil }
                var v = 0
                for d in b {
                    guard d >= 48, d <= 57 else { return nil }
                    v = v * 10 + Int(d) - 48
                }
                return v
            }
            guard let code = number(cell(communeColumn)), code < byNumber.count, byNumber[code] > 0 else { return nil }
            let itemBytes = cell(itemColumn)
            guard let itemAt = itemPositions[String(decoding: itemBytes, as: UTF8.self)] else { return nil }
            guard let working = number(cell(workingColumn)) else { return nil }
            var broken = 0
            if let brokenColumn, !cell(brokenColumn).isEmpty {
                guard let b = number(cell(brokenColumn)) else { return nil }
                broken = b
            }
            let date: Day
            if let dateColumn, !cell(dateColumn).isEmpty {
                guard let d = Day(isoBytes: cell(dateColumn)) else { return nil }
                if let latest = options.latest, d > latest { return nil }
                date = d
            } else {
                guard let d = options.defaultDate else { return nil }
                date = d
            }
            for c in otherColumns where !cell(c).isEmpty { return nil }
            var attributes: [String: AttributeValue] = [:]
            for (column, name) in attributeColumns {
                let raw = cell(column)
                if raw.isEmpty { continue }
                guard let spec = catalog.items[itemAt].attribute(name) else { return nil }
                switch spec.type {
                case .bool:
                    if raw.elementsEqual("true".utf8) { attributes[name] = .bool(true) }
                    else if raw.elementsEqual("false".utf8) { attributes[name] = .bool(false) }
                    else { return nil }
                case .int:
                    guard let n = number(raw) else { return nil }
                    attributes[name] = .int(n)
                case .date:
                    guard let d = Day(isoBytes: raw) else { return nil }
                    attributes[name] = .date(d)
                case .text:
                    return nil
                }
            }
            return (Int(byNumber[code]) - 1, itemAt, date, working, broken, attributes)
        }
    }

    /// "D" in a sheet, "4" in a CSV file (0-based index in).
    static func place(_ index: Int, sheet: String?) -> String {
        sheet == nil ? String(index + 1) : XlsxReader.columnName(index)
    }

    /// A count of units: a whole number ≥ 0 ("3", " 3 ", "3.0"); never negative or fractional.
    static func count(_ raw: String, column: Int, name: String, problem: (Int, String) -> Void, required: Bool) -> Int? {
        if raw.isEmpty {
            if required { problem(column, "\(name) is empty: write the number of units (0 if none)"); return nil }
            return 0
        }
        if let n = Int(raw) {
            if n < 0 { problem(column, "\(name) \(raw) is negative: counts are 0 or more"); return nil }
            return n
        }
        if let x = Double(raw.replacingOccurrences(of: ",", with: ".")), x.isFinite {
            if x < 0 { problem(column, "\(name) \(raw) is negative: counts are 0 or more"); return nil }
            if x.rounded() != x { problem(column, "\(name) \(raw) is not a whole number of units"); return nil }
            return Int(x)
        }
        problem(column, "\(name) \"\(raw)\" is not a number")
        return nil
    }
}

import Foundation
