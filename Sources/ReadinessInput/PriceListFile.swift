import ReadinessCore

/// The price list, `Inventory/prices.csv`: one row per item,
/// `item,unit_price_vnd,repair_price_vnd,date,source,note` (`repair_price_vnd` and `note` may be empty).
/// Amounts are whole VND, written 45000000, 45.000.000 or 45,000,000.
public enum PriceListFile {
    public static let header = ["item", "unit_price_vnd", "repair_price_vnd", "date", "source", "note"]
    static let required = ["item", "unit_price_vnd", "date", "source"]

    /// Reads and checks every row; throws every problem found, or returns the prices.
    public static func parse(_ text: String, file: String, catalog: Catalog) throws(InputProblems) -> PriceList {
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw InputProblems([SourceIssue(file: file, error.phrase)]) }
        guard let head = records.first else { throw InputProblems([SourceIssue(file: file, line: 1, "the file is empty")]) }
        let columns = head.fields.map(CommuneListFile.normalise)
        var issues: [SourceIssue] = []
        for name in required where !columns.contains(name) {
            issues.append(SourceIssue(file: file, line: head.line, "no \(name) column (the header is \(header.joined(separator: ",")))"))
        }
        for (i, name) in columns.enumerated() where !header.contains(name) {
            issues.append(SourceIssue(file: file, line: head.line, column: i + 1,
                                      "unknown column \"\(head.fields[i])\"" + suggestion(for: name, among: header)))
        }
        guard issues.isEmpty else { throw InputProblems(issues) }
        func col(_ name: String) -> Int? { columns.firstIndex(of: name) }
        var prices: [Price] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let f = record.fields
            if f.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ i: Int?) -> String { i.flatMap { $0 < f.count ? f[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            func problem(_ column: Int?, _ message: Phrase) {
                issues.append(SourceIssue(file: file, line: record.line, column: column.map { $0 + 1 }, message))
            }
            let before = issues.count
            let itemID = cell(col("item"))
            if itemID.isEmpty { problem(col("item"), "the item is empty") }
            else if catalog.item(itemID) == nil {
                problem(col("item"), "unknown item \"\(itemID)\"" + suggestion(for: itemID, among: catalog.items.map(\.id)))
            } else if let line = seen[itemID] {
                problem(col("item"), "\(itemID) already has a price on line \(line): keep one row per item")
            }
            let unit = amount(cell(col("unit_price_vnd")), required: true, column: col("unit_price_vnd"), name: "unit_price_vnd", problem: problem)
            let repair = amount(cell(col("repair_price_vnd")), required: false, column: col("repair_price_vnd"), name: "repair_price_vnd", problem: problem)
            let date = Day(lenient: cell(col("date")))
            if date == nil {
                problem(col("date"), cell(col("date")).isEmpty ? "the date is empty: write the date of the price (YYYY-MM-DD)"
                        : "date \"\(cell(col("date")))\" is not a date: write YYYY-MM-DD or dd/MM/yyyy")
            }
            let source = cell(col("source"))
            if source.isEmpty { problem(col("source"), "the source is empty: say where the price comes from (a quotation, a decision, \"illustrative\")") }
            guard issues.count == before, let unit, let date else { continue }
            seen[itemID] = record.line
            prices.append(Price(item: itemID, unitPrice: unit, repairPrice: repair, date: date, source: source, note: cell(col("note"))))
        }
        if !issues.isEmpty { throw InputProblems(issues) }
        return PriceList(prices)
    }

    /// A whole amount of VND from 0 to 10^15 (`Limits.money`): "45000000", "45.000.000", "45,000,000", "45 000 000", "4.5e7".
    static func amount(_ raw: String, required: Bool, column: Int?, name: String, problem: (Int?, Phrase) -> Void) -> Int? {
        if raw.isEmpty {
            if required { problem(column, "\(name) is empty: write the price in VND, e.g. 45000000") }
            return nil
        }
        let range: Phrase = "give 0 to \(Limits.grouped(Limits.money.upperBound)) VND (10^15)"
        switch Money.read(raw) {
        case .invalid:
            problem(column, "\(name) \"\(raw)\" is not an amount in VND: write a whole number such as 45000000 or 45.000.000")
        case .tooLarge:
            problem(column, "\(name) \(raw) is out of range: \(range)")
        case .amount(let value) where value < 0:
            problem(column, "\(name) \(raw) is negative: prices are 0 or more")
        case .amount(let value) where value > Limits.money.upperBound:
            problem(column, "\(name) \(raw) is out of range: \(range)")
        case .amount(let value):
            return value
        }
        return nil
    }
}
