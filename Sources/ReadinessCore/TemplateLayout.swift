/// The layout of the equipment spreadsheet a commune fills in, shared by its writer
/// (ReadinessReports' `EquipmentTemplate`) and its reader (ReadinessInput's `TemplateSheet`).
///
/// Every label ends with its key in brackets — "Số đang dùng được (working)" — so that the
/// reader finds cells by key, whatever the sheet is called or whether columns were added.
public enum TemplateLayout {
    public static let version = "readiness-template-1"

    /// Header-block labels, in order, one per row from row 2 (row 1 is the title).
    public static let blockLabels: [(label: String, key: String)] = [
        ("Đơn vị hành chính", "commune"),
        ("Mã đơn vị hành chính", "commune_code"),
        ("Tỉnh, thành phố", "province"),
        ("Ngày kiểm kê, dd/MM/yyyy", "date"),
        ("Người kê khai", "recorded_by"),
        ("Mẫu phiếu", "template"),
    ]

    /// The row of the table header (1-based): the title, the block, one blank row.
    public static var headerRow: Int { blockLabels.count + 3 }

    /// "Số đang dùng được (working)".
    public static func label(_ text: String, _ key: String) -> String { "\(text) (\(key))" }
}
