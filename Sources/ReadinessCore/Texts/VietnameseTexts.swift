/// The Vietnamese texts of the whole product, by English key (see `Phrase`). Each part of the product
/// keeps its entries in a file of its own beside this one; a key has one translation.
public enum VietnameseTexts {
    public static let table: [String: String] = {
        var table: [String: String] = [:]
        for part in parts { table.merge(part.entries) { first, _ in first } }
        return table
    }()

    /// Each part's entries, named for the part (a test checks that no key is given twice).
    public static let parts: [(name: String, entries: [String: String])] = [
        ("common", common),
        ("core", core),
        ("input", input),
        ("app", app),
        ("store", store),
        ("cli", cli),
        ("digest", digest),
        ("reports", reports),
        ("operations", operations),
        ("registry", registry),
    ]

    /// Words shared by every part: nouns that counts use, separators.
    static let common: [String: String] = [
        ", ": ", ",
        "; ": "; ",
        "event": "sự kiện",
        "commune": "xã",
        "file": "tệp",
        "row": "dòng",
        "rule": "chỉ tiêu",
    ]
}
