import ReadinessCore

/// Reads a change file of the registry: CSV with the header
/// `effective,change,code,to_code,name,type,province_code,source`, one change per row (a merge one row per
/// predecessor with the successor's `to_code`, a split one row per successor). Every problem is reported
/// with its row and column; nothing is used when there is one.
public enum RegistryChangeFile {
    public static let columns = ["effective", "change", "code", "to_code", "name", "type", "province_code", "source"]
    /// At most this many changes in one file (the 2025 reform, the largest ever, was about 10,000 rows).
    public static let maximumRows = 50_000

    /// A file's changes, each with the line it was read from, and where each column is.
    public struct Parsed: Sendable {
        public var changes: [(change: RegistryChange, line: Int)]
        var columnIndex: [String: Int]

        /// The column of the file (1-based) that a problem of applying a change names.
        public func column(of field: RegistryChangeProblem.Column) -> Int { (columnIndex[field.rawValue] ?? 0) + 1 }
    }

    public static func parse(_ text: String, file: String) throws(InputProblems) -> Parsed {
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, error.phrase)]) }
        guard let header = records.first else { throw InputProblems([SourceIssue(file: file, line: 1, "the file is empty")]) }
        let names = header.fields.map { CommuneListFile.normalise($0) }
        var issues: [SourceIssue] = []
        var index: [String: Int] = [:]
        for name in columns {
            if let i = names.firstIndex(of: name) { index[name] = i } else {
                issues.append(SourceIssue(file: file, line: header.line, "no \"\(name)\" column: a change file starts with \(columns.joined(separator: ","))"))
            }
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        if records.count - 1 > maximumRows {
            throw InputProblems([SourceIssue(file: file, "\(records.count - 1, "row"): a change file holds at most \(maximumRows)")])
        }
        func column(_ name: String) -> Int { (index[name] ?? 0) + 1 }
        var changes: [(change: RegistryChange, line: Int)] = []
        for record in records.dropFirst() {
            let f = record.fields
            if f.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if f.count != names.count {
                issues.append(SourceIssue(file: file, line: record.line, "\(f.count) fields where the header has \(names.count)"))
                continue
            }
            func cell(_ name: String) -> String {
                guard let i = index[name], i < f.count else { return "" }
                return f[i].trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
            }
            var rowIssues: [SourceIssue] = []
            let effective = Day(iso: cell("effective"))
            if effective == nil {
                rowIssues.append(SourceIssue(file: file, line: record.line, column: column("effective"),
                                             "effective \"\(cell("effective"))\" is not a date (YYYY-MM-DD)"))
            }
            let kind = RegistryChangeKind(rawValue: cell("change").lowercased())
            if kind == nil {
                rowIssues.append(SourceIssue(file: file, line: record.line, column: column("change"),
                                             "change \"\(cell("change"))\" is not one of \(RegistryChangeKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            for name in ["code", "to_code", "province_code"] {
                let value = cell(name)
                if (name == "code" || !value.isEmpty), value.isEmpty || !value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) || value.utf8.count > 5 {
                    rowIssues.append(SourceIssue(file: file, line: record.line, column: column(name),
                                                 "\(name) \"\(value)\" is not an official numeric code"))
                }
            }
            let typeText = cell("type")
            let type = typeText.isEmpty ? nil : CommuneType(loose: typeText)
            if !typeText.isEmpty, type == nil {
                rowIssues.append(SourceIssue(file: file, line: record.line, column: column("type"),
                                             "type \"\(typeText)\" is not xã, phường or đặc khu"))
            }
            if cell("source").isEmpty {
                rowIssues.append(SourceIssue(file: file, line: record.line, column: column("source"),
                                             "no source: give the resolution's number and date"))
            }
            if cell("name").count > 200 {
                rowIssues.append(SourceIssue(file: file, line: record.line, column: column("name"), "the name is longer than 200 characters"))
            }
            issues += rowIssues
            guard rowIssues.isEmpty, let effective, let kind else { continue }
            changes.append((RegistryChange(effective: effective, kind: kind, code: cell("code"), toCode: cell("to_code"), name: cell("name"),
                                           type: type, provinceCode: cell("province_code"), source: cell("source")), record.line))
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        return Parsed(changes: changes, columnIndex: index)
    }
}
