import Foundation
import ReadinessCore

/// The spreadsheet a commune IT officer fills in: a header block naming the commune, its code,
/// the date of the count and who counted, then one row per item kind of the catalogue with its
/// Vietnamese name, unit, working, broken, its attributes and a note, pre-filled with what the
/// ledger holds. The same grid is written as .xlsx (validated, locked but for the input cells,
/// with an instruction sheet) and as CSV; ReadinessInput's `LedgerFile.read` takes either back.
/// Its header block and labels follow `TemplateLayout`, which the reader shares.
public struct EquipmentTemplate: Sendable {
    public static let sheetName = "Thiết bị"
    public static let instructionsSheetName = "Hướng dẫn"

    public var commune: Commune
    public var catalog: Catalog
    /// The date pre-filled as the date of the count (the person corrects it).
    public var date: Day
    /// What the ledger holds for the commune on `date`.
    public var holdings: [String: Holding]

    public init(commune: Commune, catalog: Catalog, date: Day, holdings: [Holding]) {
        self.commune = commune
        self.catalog = catalog
        self.date = date
        self.holdings = Dictionary(holdings.map { ($0.item, $0) }, uniquingKeysWith: { _, b in b })
    }

    static let title = "PHIẾU KÊ KHAI TRANG THIẾT BỊ — TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG CẤP XÃ"

    // MARK: Layout

    /// The attributes of all items, in catalogue order: one column each.
    public var attributeColumns: [AttributeSpec] {
        var seen = Set<String>()
        return catalog.items.flatMap(\.attributes).filter { seen.insert($0.name).inserted }
    }

    var fixedColumns: [(label: String, key: String, width: Double)] {
        [("Mã thiết bị", "item", 18), ("Tên thiết bị", "name", 46), ("Đơn vị tính", "unit", 12),
         ("Số đang dùng được", "working", 14), ("Số bị hỏng", "broken", 12)]
    }

    static func attributeLabel(_ spec: AttributeSpec) -> String {
        switch spec.name {
        case "meets_hnth": "Đáp ứng yêu cầu HNTH"
        case "bandwidth_mbps": "Băng thông, Mbps"
        case "expires_on": "Hết hạn ngày, dd/MM/yyyy"
        case "linked_to_one_stop": "Kết nối hệ thống một cửa"
        case "touch_screen": "Màn hình cảm ứng"
        default:
            switch spec.type {
            case .bool: "\(spec.name), có/không"
            case .date: "\(spec.name), dd/MM/yyyy"
            case .int, .text: spec.name
            }
        }
    }

    /// The table's header cells.
    public var header: [String] {
        fixedColumns.map { TemplateLayout.label($0.label, $0.key) }
            + attributeColumns.map { TemplateLayout.label(Self.attributeLabel($0), $0.name) }
            + [TemplateLayout.label("Ghi chú", "note")]
    }

    /// A value as the template shows it: có/không, dd/MM/yyyy.
    static func text(_ value: AttributeValue) -> String {
        switch value {
        case .bool(let b): b ? "có" : "không"
        case .date(let d): d.vietnamese
        case .int(let i): String(i)
        case .text(let t): t
        }
    }

    // MARK: CSV form

    /// The template as CSV (UTF-8 with a byte-order mark, so that Excel shows the diacritics).
    public func csv() -> String {
        var rows: [[CSVValue]] = [[.text(Self.title)]]
        let values = ["commune": commune.name, "commune_code": commune.code, "province": commune.provinceName,
                      "date": date.vietnamese, "recorded_by": "", "template": TemplateLayout.version]
        for (label, key) in TemplateLayout.blockLabels { rows.append([.text(TemplateLayout.label(label, key)), .text(values[key] ?? "")]) }
        rows.append([])
        rows.append(header.map(CSVValue.text))
        for item in catalog.items {
            let h = holdings[item.id]
            var row: [CSVValue] = [.text(item.id), .text(item.name.vi), .text(item.unit.vi),
                                   h.map { .int($0.working) } ?? "", h.map { .int($0.broken) } ?? ""]
            row += attributeColumns.map { spec in
                switch h?.attributes[spec.name] {
                case .int(let i)?: .int(i)
                case let value?: .text(Self.text(value))
                case nil: ""
                }
            }
            row.append("")
            rows.append(row)
        }
        // (Text cells that would read as a formula get a leading apostrophe, which the importer takes off again.)
        return SafeText.csv(rows, byteOrderMark: true)
    }

    // MARK: Workbook

    /// Writes the .xlsx template: the input cells (yellow) are unlocked and validated, the rest is locked.
    public func writeXlsx(to path: String) throws {
        let book = try XlsxWorkbook(path: path)
        fill(book)
        try book.close()
    }

    /// The .xlsx template's bytes (made whole before anything is written where the user asked).
    public func xlsx() throws(XlsxError) -> [UInt8] { try XlsxWorkbook.bytes(fill) }

    func fill(_ book: XlsxWorkbook) {
        let sheet = book.addSheet(Self.sheetName)
        let title = XlsxStyle(bold: true)
        let label = XlsxStyle(bold: true, background: 0xD9E1F2, border: true)
        let fixed = XlsxStyle(border: true)
        let dateInput = XlsxStyle(numberFormat: "dd/mm/yyyy", unlocked: true, background: 0xFFF2CC, border: true)
        let notApplicable = XlsxStyle(background: 0xE7E6E6, border: true)
        sheet.write(0, 0, Self.title, title)
        let values = ["commune": commune.name, "commune_code": commune.code, "province": commune.provinceName,
                      "template": TemplateLayout.version]
        for (i, (text, key)) in TemplateLayout.blockLabels.enumerated() {
            let row = i + 1
            sheet.write(row, 0, TemplateLayout.label(text, key), label)
            switch key {
            case "date":
                sheet.date(row, 1, date, dateInput)
                sheet.validateDate(row, 1, from: (2025, 1, 1), to: (2100, 12, 31),
                                   message: "Nhập ngày kiểm kê dạng dd/MM/yyyy (từ 01/01/2025).")
            case "recorded_by":
                sheet.blank(row, 1, .input)
            default:
                sheet.write(row, 1, values[key] ?? "", fixed)
            }
        }
        let headerRow = TemplateLayout.headerRow - 1
        for (c, text) in header.enumerated() { sheet.write(headerRow, c, text, .header) }
        let attributes = attributeColumns
        let first = fixedColumns.count
        for (r, item) in catalog.items.enumerated() {
            let row = headerRow + 1 + r
            let h = holdings[item.id]
            sheet.write(row, 0, item.id, fixed)
            sheet.write(row, 1, item.name.vi, fixed)
            sheet.write(row, 2, item.unit.vi, fixed)
            for (c, value) in [(3, h?.working), (4, h?.broken)] {
                if let value { sheet.write(row, c, value, .input) } else { sheet.blank(row, c, .input) }
                sheet.validateWholeNumber(row, c, minimum: 0, message: "Nhập số nguyên từ 0 trở lên.")
            }
            for (k, spec) in attributes.enumerated() {
                let c = first + k
                guard item.attribute(spec.name) != nil else { sheet.blank(row, c, notApplicable); continue }
                let value = h?.attributes[spec.name]
                switch spec.type {
                case .bool:
                    if let value { sheet.write(row, c, Self.text(value), .input) } else { sheet.blank(row, c, .input) }
                    sheet.validateList(row, c, choices: ["có", "không"], message: "Chọn có hoặc không.")
                case .int:
                    if case .int(let n)? = value { sheet.write(row, c, n, .input) } else { sheet.blank(row, c, .input) }
                    sheet.validateWholeNumber(row, c, minimum: 0, message: "Nhập số nguyên từ 0 trở lên.")
                case .date:
                    let dateCell = XlsxStyle(numberFormat: "dd/mm/yyyy", unlocked: true, background: 0xFFF2CC, border: true)
                    if case .date(let d)? = value { sheet.date(row, c, d, dateCell) } else { sheet.blank(row, c, dateCell) }
                    sheet.validateDate(row, c, from: (2000, 1, 1), to: (2100, 12, 31), message: "Nhập ngày dạng dd/MM/yyyy.")
                case .text:
                    if let value { sheet.write(row, c, Self.text(value), .input) } else { sheet.blank(row, c, .input) }
                }
            }
            sheet.blank(row, first + attributes.count, .input)
        }
        for (c, column) in fixedColumns.enumerated() { sheet.column(c, c, width: column.width) }
        sheet.column(first, first + attributes.count, width: 16)
        sheet.column(first + attributes.count, first + attributes.count, width: 30)
        sheet.freeze(rows: TemplateLayout.headerRow, cols: 2)
        sheet.protect()

        let help = book.addSheet(Self.instructionsSheetName)
        help.column(0, 0, width: 110)
        for (i, line) in instructions.enumerated() { help.write(i, 0, line, i == 0 ? title : XlsxStyle(wrap: true)) }
        help.protect()
    }

    /// The instruction sheet, in Vietnamese.
    public var instructions: [String] {
        [
            "HƯỚNG DẪN KÊ KHAI",
            "Phiếu này dùng để kê khai trang thiết bị của Trung tâm Phục vụ hành chính công của \(commune.name) (mã \(commune.code)).",
            "1. Chỉ nhập vào các ô màu vàng ở trang “\(Self.sheetName)”; các ô khác đã được khóa.",
            "2. Sửa “Ngày kiểm kê” thành ngày đã kiểm đếm thiết bị (dd/MM/yyyy), không được là ngày trong tương lai.",
            "3. Ghi tên người kê khai vào ô “Người kê khai”.",
            "4. Mỗi dòng là một loại thiết bị. “Số đang dùng được” và “Số bị hỏng” là số nguyên từ 0 trở lên; "
                + "các số đã điền sẵn là số liệu đang có trong cơ sở dữ liệu ngày \(date.vietnamese) — sửa nếu đã thay đổi.",
            "5. Các cột thuộc tính: “có”/“không” chọn trong danh sách; ngày dạng dd/MM/yyyy; băng thông là số Mbps. "
                + "Ô màu xám: thuộc tính không áp dụng cho thiết bị đó.",
            "6. Thiết bị chưa có: ghi 0 ở “Số đang dùng được”. Để trống cả dòng nếu không kê khai thiết bị đó.",
            "7. Không đổi mã thiết bị, mã đơn vị hành chính; có thể đổi tên trang tính hoặc thêm cột ghi chú riêng.",
            "8. Lưu tệp (.xlsx) và gửi lại cho Sở/Phòng phụ trách. Khi nhập, mọi lỗi được báo theo trang, dòng, cột; "
                + "nếu có lỗi thì không dữ liệu nào được ghi.",
            "Mẫu: \(TemplateLayout.version).",
        ]
    }
}
