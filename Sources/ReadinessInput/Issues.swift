import ReadinessCore

/// One problem found in an input file: where it is, what is wrong, how to fix it.
public struct SourceIssue: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The worksheet, for a problem in a spreadsheet: then `line` is its row and `column` (1-based) is shown as a letter.
    public var sheet: String?

    public init(file: String, sheet: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Checklists/x.yaml:12:5: unknown item "vcs"`, or for a spreadsheet
    /// `phieu.xlsx, sheet "Thiết bị", row 12, column D: working -1 is negative`.
    public var description: String {
        if let sheet {
            var place = "\(file), sheet \"\(sheet)\""
            if let line { place += ", row \(line)" }
            if let column, column > 0 { place += ", column \(XlsxReader.columnName(column - 1))" }
            return "\(place): \(message)"
        }
        var place = file
        if let line { place += ":\(line)" }
        if let line, line > 0, let column { place += ":\(column)" }
        return "\(place): \(message)"
    }

    public static func < (a: SourceIssue, b: SourceIssue) -> Bool {
        (a.file, a.sheet ?? "", a.line ?? 0, a.column ?? 0, a.message) < (b.file, b.sheet ?? "", b.line ?? 0, b.column ?? 0, b.message)
    }
}

/// Every problem found in one or more files. Nothing from those files is used.
public struct InputProblems: Error, Sendable, CustomStringConvertible {
    public var issues: [SourceIssue]
    public init(_ issues: [SourceIssue]) { self.issues = issues }

    public var description: String {
        let n = issues.count
        let head = n == 1 ? "1 problem" : "\(n) problems"
        return "\(head); nothing was used:\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// "did you mean …?" for a word among known words.
func suggestion(for word: String, among known: [String]) -> String {
    let w = word.lowercased()
    var best: (distance: Int, word: String)?
    for candidate in known {
        var d = VietnameseText.distance(w, candidate.lowercased())
        if candidate.contains(w) || w.contains(candidate) { d = min(d, 1) }
        guard d <= max(2, w.count / 2) else { continue }
        if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.word) { best = (d, candidate) }
    }
    if let best { return " (did you mean \(best.word)?)" }
    return known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))"
}
