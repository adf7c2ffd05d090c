import Foundation
import ReadinessCore

/// What a registry file holds: communes (an official list) or attributes for known communes.
public enum RegistryFile: Sendable {
    case communes([Commune])
    case attributes([String: [String: AttributeValue]])
}

/// Reads the official commune lists (`code,name,type[,…]` for one province,
/// `province_code,province_name,code,name,type` for the country) and
/// attribute files (`code,officials,counters,…`).
public enum CommuneListFile {
    static func normalise(_ header: String) -> String {
        VietnameseText.fold(header).replacingOccurrences(of: " ", with: "_")
    }

    /// - Parameters:
    ///   - province: keep only this province's communes (national list), or the province of a one-province list.
    ///   - provinceNames: names of provinces by code, for a one-province list that does not name its province.
    public static func parse(_ text: String, file: String, province: String? = nil,
                             provinceNames: [String: String] = [:]) throws(InputProblems) -> RegistryFile {
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, error.phrase)]) }
        guard let header = records.first else { throw InputProblems([SourceIssue(file: file, line: 1, "the file is empty")]) }
        let columns = header.fields.map(normalise)
        var issues: [SourceIssue] = []
        func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let codeColumn = index("code") ?? index("ma") else {
            throw InputProblems([SourceIssue(file: file, line: header.line,
                "no \"code\" column: an official list starts with code,name,type (one province) or province_code,province_name,code,name,type (the country)")])
        }
        let nameColumn = index("name") ?? index("ten")
        let typeColumn = index("type") ?? index("loai")
        let provinceCodeColumn = index("province_code")
        let provinceNameColumn = index("province_name")
        let reserved: Set<Int> = Set([codeColumn, nameColumn, typeColumn, provinceCodeColumn, provinceNameColumn].compactMap { $0 })
        let attributeColumns = columns.indices.filter { !reserved.contains($0) && !columns[$0].isEmpty }
        var seen: [String: Int] = [:]
        var communes: [Commune] = []
        // Cells that start like a number but are not a whole number ("+5", "0x10", "1e3", "٥", "3.5"), and the
        // columns holding whole numbers: in such a column they are mistakes, not text.
        var numberLike: [(column: Int, raw: String, line: Int)] = []
        var wholeColumns = Set<Int>()
        var attributes: [String: [String: AttributeValue]] = [:]
        if let province, provinceCodeColumn == nil, nameColumn != nil, provinceNames[province] == nil, !provinceNames.isEmpty {
            issues.append(SourceIssue(file: file, "--province \(province): no province has that code"))
        }
        for record in records.dropFirst() {
            let f = record.fields
            func cell(_ i: Int?) -> String { i.flatMap { $0 < f.count ? f[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            if f.count != columns.count {
                issues.append(SourceIssue(file: file, line: record.line, "\(f.count) fields where the header has \(columns.count)"))
                continue
            }
            let code = cell(codeColumn)
            guard !code.isEmpty, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                issues.append(SourceIssue(file: file, line: record.line, column: codeColumn + 1, "code \"\(code)\" is not an official numeric code"))
                continue
            }
            if let province, provinceCodeColumn != nil, cell(provinceCodeColumn) != province { continue }
            if let first = seen[code] {
                issues.append(SourceIssue(file: file, line: record.line, column: codeColumn + 1, "code \(code) appears twice (first on line \(first))"))
                continue
            }
            seen[code] = record.line
            var attrs: [String: AttributeValue] = [:]
            for i in attributeColumns {
                let raw = cell(i)
                guard let v = AttributeValue.infer(raw) else { continue }
                let place = (line: record.line, column: i + 1)
                if Numerals.looksWhole(raw) { wholeColumns.insert(i) }
                if case .text = v, Numerals.looksWhole(raw) {
                    issues.append(SourceIssue(file: file, line: place.line, column: place.column,
                        "\(columns[i]) \(raw) is out of range: give a whole number from \(Limits.describe(Limits.wholeAttribute))"))
                    continue
                }
                if case .int = v, let problem = v.rangeProblem(columns[i]) {   // (a commune's dates may be old: founded 1995)
                    issues.append(SourceIssue(file: file, line: place.line, column: place.column, problem))
                    continue
                }
                if case .text = v, Self.startsLikeNumber(raw) { numberLike.append((i, raw, place.line)) }
                attrs[columns[i]] = v
            }
            guard let nameColumn else { attributes[code] = attrs; continue }
            let name = cell(nameColumn).precomposedStringWithCanonicalMapping
            if name.isEmpty { issues.append(SourceIssue(file: file, line: record.line, column: nameColumn + 1, "the name is empty")); continue }
            guard let type = CommuneType(loose: cell(typeColumn)) else {
                issues.append(SourceIssue(file: file, line: record.line, column: (typeColumn ?? 0) + 1,
                                          "type \"\(cell(typeColumn))\" is not xã, phường or đặc khu"))
                continue
            }
            let pCode = provinceCodeColumn != nil ? cell(provinceCodeColumn) : (province ?? "")
            let pName = provinceNameColumn != nil ? cell(provinceNameColumn) : (provinceNames[pCode] ?? "")
            communes.append(Commune(code: code, name: name, type: type, provinceCode: pCode, provinceName: pName, attributes: attrs))
        }
        for cell in numberLike where wholeColumns.contains(cell.column) {
            issues.append(SourceIssue(file: file, line: cell.line, column: cell.column + 1,
                "\(columns[cell.column]) \"\(cell.raw)\" is not a whole number, as the column's other values are: write it in digits 0-9, from \(Limits.describe(Limits.wholeAttribute))"))
        }
        if !numberLike.isEmpty { issues.sort { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) } }
        if nameColumn != nil, typeColumn == nil {
            issues.append(SourceIssue(file: file, line: header.line, "no \"type\" column (xã, phường, đặc khu)"))
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        if nameColumn == nil { return .attributes(attributes) }
        if communes.isEmpty {
            let msg: Phrase = province.map { "no commune of province \($0) in this file" } ?? "the file lists no commune"
            throw InputProblems([SourceIssue(file: file, msg)])
        }
        return .communes(communes)
    }

    /// Does the text start the way a number does (a digit of any script, a sign, a point)?
    static func startsLikeNumber(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return first.isNumber || first == "+" || first == "-" || first == "."
    }

    /// Province names by code, from the national list.
    public static func provinceNames(nationalList text: String) -> [String: String] {
        guard let records = try? CSV.parse(text), let header = records.first else { return [:] }
        let cols = header.fields.map(normalise)
        guard let c = cols.firstIndex(of: "province_code"), let n = cols.firstIndex(of: "province_name") else { return [:] }
        var names: [String: String] = [:]
        for r in records.dropFirst() where r.fields.count > max(c, n) { names[r.fields[c]] = r.fields[n] }
        return names
    }
}
