import Foundation
import ReadinessCore

/// Where a plan's prices or its priority policy come from, named as a reader of the plan should see it:
/// the file's own name (never the folder it lies in on a server), the dates of its figures and their
/// sources; or the built-in weights.
public struct PlanSource: Sendable, Hashable {
    /// The file's name without its folder ("prices.csv"); empty for the built-in weights.
    public var name: String
    /// The dates of the figures, earliest first, without repeats.
    public var dates: [Day]
    /// Where the figures come from, as the file says, in the order they first appear, without repeats.
    public var sources: [String]

    public init(name: String, dates: [Day] = [], sources: [String] = []) {
        self.name = name
        self.dates = Array(Set(dates)).sorted()
        var seen: Set<String> = []
        self.sources = sources.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The built-in priority weights (no policy file).
    public static let builtIn = PlanSource(name: "")

    /// A file named by its last path component, whatever folder the path names.
    public static func file(_ path: String, dates: [Day] = [], sources: [String] = []) -> PlanSource {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return PlanSource(name: name, dates: dates, sources: sources)
    }

    /// "prices.csv, ngày 01/09/2025, nguồn: …"; "trọng số mặc định" for the built-in weights.
    public func text(_ language: Language) -> String {
        if name.isEmpty { return Phrase("built-in weights").text(language) }
        var parts = [name]
        if let first = dates.first, let last = dates.last {
            let when = first == last ? Style.date(first, language) : "\(Style.date(first, language))–\(Style.date(last, language))"
            parts.append(Phrase("dated \(when)").text(language))
        }
        if !sources.isEmpty { parts.append(Phrase("source: \(sources.joined(separator: "; "))").text(language)) }
        return parts.joined(separator: ", ")
    }
}
