extension VietnameseTexts {
    /// The domain's own words: the gap line of a rule ("42/96 địa phương chưa có …") and its wordings,
    /// communes that cannot be judged, the kinds of commune-level unit.
    static let core: [String: String] = [
        "{1} has no such attribute": "{1} không có thuộc tính này",
        "{1} is out of range: give a whole number from {2}": "{1} nằm ngoài phạm vi: nhập số nguyên từ {2}",
        "\"{1}\" is not {2}": "\"{1}\" không phải {2}",
        "{1}/{2} communes {3} {4}": "{1}/{2} địa phương {3} {4}",
        "without": "chưa có",
        "short of": "chưa đủ",
        "not connected to": "chưa kết nối",
        ", {1} not judged": ", {1} địa phương chưa đánh giá được",
        ", {1} not judged (no {2} in the registry)": ", {1} địa phương chưa đánh giá được (danh mục thiếu {2})",
        "Officials": "Số cán bộ, công chức",
        "Service counters": "Số quầy giao dịch",
        "Island commune": "Xã đảo",
    ]
}
