/// The two languages the tool speaks. Vietnamese first: it is the language of
/// the documents and of the people who read the reports.
public enum Language: String, CaseIterable, Sendable, Codable {
    case vi, en
}

/// A text in Vietnamese and English.
public struct Localized: Hashable, Sendable, Codable {
    public var vi: String
    public var en: String
    public init(vi: String, en: String) { self.vi = vi; self.en = en }
    public subscript(language: Language) -> String { language == .vi ? vi : en }
}
