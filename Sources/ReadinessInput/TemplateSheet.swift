import Foundation
import ReadinessCore

/// A filled-in equipment template as read (any sheet, or its CSV form): its header block, found
/// by the keys of `TemplateLayout`'s labels, and its table, from the header row on.
public struct TemplateSheet {
    /// What the header block says, by key, with where it says it.
    public var values: [String: (text: String, line: Int, column: Int)] = [:]
    /// The records from the table header on.
    public var table: [CSVRecord] = []

    /// Is this grid a filled-in template (its header block names the template or the commune code)?
    public static func isTemplate(_ records: [CSVRecord]) -> Bool {
        records.prefix(TemplateLayout.headerRow + 5).contains { r in
            guard let first = r.fields.first else { return false }
            let key = LedgerCSV.columnKey(first)
            // The block's labels carry their key in brackets: "Mã đơn vị hành chính (commune_code)";
            // a flat table's header cell is the bare key.
            return key == "template" || key == "commune_code" && first.contains("(")
        }
    }

    /// Splits a grid into its header block (label in any column, value in the next non-empty cell) and its table.
    public init(_ records: [CSVRecord]) {
        for (i, r) in records.enumerated() {
            let keys = r.fields.map(LedgerCSV.columnKey)
            if keys.contains("item") && keys.contains("working") {
                table = Array(records[i...])
                break
            }
            if let labelIndex = r.fields.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                let key = keys[labelIndex]
                let rest = r.fields.indices.dropFirst(labelIndex + 1).first { !r.fields[$0].trimmingCharacters(in: .whitespaces).isEmpty }
                if let rest { values[key] = (r.fields[rest].trimmingCharacters(in: .whitespacesAndNewlines), r.line, rest + 1) }
            }
        }
    }
}
