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
        public init(defaultDate: Day? = nil, latest: Day? = nil, defaultSource: String = "", defaultRecordedBy: String = "") {
            self.defaultDate = defaultDate
            self.latest = latest
            self.defaultSource = defaultSource
            self.defaultRecordedBy = defaultRecordedBy
        }
    }

    /// Reads and checks every row; throws every problem found, or returns the events.
    public static func parse(_ text: String, file: String, catalog: Catalog, communes: CommuneDirectory,
                             options: Options = .init()) throws(InputProblems) -> [NewEvent] {
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, "\(error)")]) }
        guard let head = records.first else { throw InputProblems([SourceIssue(file: file, line: 1, "the file is empty")]) }
        let columns = head.fields.map(CommuneListFile.normalise)
        var issues: [SourceIssue] = []
        func col(_ name: String) -> Int? { columns.firstIndex(of: name) }
        let communeColumn = col("commune_code") ?? col("commune")
        let itemColumn = col("item"), workingColumn = col("working")
        if communeColumn == nil { issues.append(SourceIssue(file: file, line: head.line, "no commune_code (or commune) column")) }
        if itemColumn == nil { issues.append(SourceIssue(file: file, line: head.line, "no item column")) }
        if workingColumn == nil { issues.append(SourceIssue(file: file, line: head.line, "no working column")) }
        let brokenColumn = col("broken"), dateColumn = col("date")
        let known: Set<String> = Set(["commune_code", "commune", "item", "working", "broken", "date"]).union(metaColumns)
        let attributeTypes = Dictionary(catalog.items.flatMap(\.attributes).map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        var attributeColumns: [(index: Int, name: String)] = []
        for (i, name) in columns.enumerated() where !known.contains(name) && !name.isEmpty {
            if attributeTypes[name] != nil {
                attributeColumns.append((i, name))
            } else {
                issues.append(SourceIssue(file: file, line: head.line, column: i + 1,
                    "unknown column \"\(head.fields[i])\": not an attribute of any item" + suggestion(for: name, among: attributeTypes.keys.sorted())))
            }
        }
        if dateColumn == nil && options.defaultDate == nil {
            issues.append(SourceIssue(file: file, line: head.line, "no date column: add one or give the date of all rows with --on"))
        }
        guard issues.isEmpty, let communeColumn, let itemColumn, let workingColumn else { throw InputProblems(issues) }

        var events: [NewEvent] = []
        var firstLine: [String: (line: Int, event: NewEvent)] = [:]
        for record in records.dropFirst() {
            let f = record.fields
            if f.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ i: Int) -> String { i < f.count ? f[i].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            func problem(_ column: Int, _ message: String) {
                issues.append(SourceIssue(file: file, line: record.line, column: column + 1, message))
            }
            let before = issues.count
            var commune: Commune?
            let typed = cell(communeColumn)
            if typed.isEmpty { problem(communeColumn, "the commune is empty") } else {
                do { commune = try communes.resolve(typed) } catch { problem(communeColumn, error.description) }
            }
            let itemID = cell(itemColumn)
            let item = catalog.item(itemID)
            if item == nil {
                problem(itemColumn, itemID.isEmpty ? "the item is empty"
                        : "unknown item \"\(itemID)\"" + suggestion(for: itemID, among: catalog.items.map(\.id)))
            }
            let working = count(cell(workingColumn), column: workingColumn, name: "working", problem: problem, required: true)
            let broken = brokenColumn.map { count(cell($0), column: $0, name: "broken", problem: problem, required: false) } ?? 0
            var date = options.defaultDate
            if let dateColumn, !cell(dateColumn).isEmpty {
                date = Day(lenient: cell(dateColumn))
                if date == nil { problem(dateColumn, "date \"\(cell(dateColumn))\" is not a date: write YYYY-MM-DD or dd/MM/yyyy") }
            } else if date == nil, let dateColumn {
                problem(dateColumn, "the date is empty: fill it in or give --on DATE")
            }
            if let d = date, let latest = options.latest, d > latest {
                problem(dateColumn ?? 0, "date \(d.iso) is in the future (after \(latest.iso)): the ledger records what is, not what is planned")
            }
            var attributes: [String: AttributeValue] = [:]
            for (i, name) in attributeColumns {
                let raw = cell(i)
                if raw.isEmpty { continue }
                guard let item else { continue }
                guard let spec = item.attribute(name) else {
                    problem(i, "item \(item.id) has no attribute \(name)"
                            + (item.attributes.isEmpty ? "" : " (it has \(item.attributes.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                if let v = AttributeValue.parse(raw, as: spec.type) { attributes[name] = v } else {
                    problem(i, "\(name) is \(spec.type.rawValue): \"\(raw)\" is not " + typeHint(spec.type))
                }
            }
            guard issues.count == before, let commune, let item, let working, let broken, let date else { continue }
            let event = NewEvent(communeCode: commune.code, item: item.id, effectiveOn: date, working: working, broken: broken,
                                 attributes: attributes,
                                 source: col("source").map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? options.defaultSource,
                                 recordedBy: col("recorded_by").map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? options.defaultRecordedBy,
                                 note: col("note").map(cell) ?? "")
            let key = "\(commune.code)|\(item.id)|\(date.iso)"
            if let first = firstLine[key] {
                let a = first.event, b = event
                if (a.working, a.broken, a.attributes) != (b.working, b.broken, b.attributes) {
                    problem(communeColumn, "\(commune.label), \(item.id) on \(date.iso) already has a different row (line \(first.line)): keep one")
                }
                continue   // an identical repeat adds nothing
            }
            firstLine[key] = (record.line, event)
            events.append(event)
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        if events.isEmpty { throw InputProblems([SourceIssue(file: file, line: head.line, "no rows after the header")]) }
        return events
    }

    static func typeHint(_ type: AttributeType) -> String {
        switch type {
        case .bool: "yes/no (true/false, có/không)"
        case .int: "a whole number"
        case .date: "a date (YYYY-MM-DD or dd/MM/yyyy)"
        case .text: "a text"
        }
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
