extension VietnameseTexts {
    /// The short summary of a large import (`ChangeDigest`) and its pointer to the full list.
    static let digest: [String: String] = [
        ", … ({1} more)": ", … (và {1} xã khác)",
        "+ now met in {1}: {2}": "+ đã đạt ở {1}: {2}",
        "- no longer met in {1}: {2}": "- không còn đạt ở {1}: {2}",
        "~ shortfall narrowed in {1}: {2}": "~ bớt thiếu ở {1}: {2}",
        "~ shortfall widened in {1}: {2}": "~ thiếu thêm ở {1}: {2}",
        "The full list, by commune: --summary-out FILE": "Danh sách đầy đủ theo xã: --summary-out TỆP",
        "The full list, by commune, is in {1}": "Danh sách đầy đủ theo xã ghi trong {1}",
    ]
}
