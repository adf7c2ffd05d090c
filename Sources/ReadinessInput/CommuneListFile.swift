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
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, "\(error)")]) }
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
            guard !code.isEmpty, code.allSatisfy(\.isNumber) else {
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
            for i in attributeColumns { if let v = AttributeValue.infer(cell(i)) { attrs[columns[i]] = v } }
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
        if nameColumn != nil, typeColumn == nil {
            issues.append(SourceIssue(file: file, line: header.line, "no \"type\" column (xã, phường, đặc khu)"))
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        if nameColumn == nil { return .attributes(attributes) }
        if communes.isEmpty {
            let msg = province.map { "no commune of province \($0) in this file" } ?? "the file lists no commune"
            throw InputProblems([SourceIssue(file: file, msg)])
        }
        return .communes(communes)
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
