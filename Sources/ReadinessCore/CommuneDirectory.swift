import Foundation

/// Why a typed commune did not resolve to exactly one commune.
public enum ResolveError: Error, Equatable, CustomStringConvertible {
    case unknown(query: String, candidates: [Commune])
    case ambiguous(query: String, candidates: [Commune])
    case emptyRegistry

    /// The reason, in either language.
    public var phrase: Phrase {
        switch self {
        case .emptyRegistry:
            return "the commune registry is empty: load one with `readiness communes load FILE`"
        case .unknown(let q, let candidates):
            if candidates.isEmpty { return "unknown commune \"\(q)\"" }
            return "unknown commune \"\(q)\"; did you mean \(candidates.map(ResolveError.describe).joined(separator: ", "))?"
        case .ambiguous(let q, let candidates):
            return "\"\(q)\" matches \(candidates.count, "commune"): \(candidates.map(ResolveError.describe).joined(separator: ", ")); give the code or the full name"
        }
    }

    /// In English.
    public var description: String { phrase.text(.en) }

    static func describe(_ c: Commune) -> String {
        c.provinceName.isEmpty ? "\(c.name) (\(c.code))" : "\(c.name) (\(c.code), \(c.provinceName))"
    }
}

/// Resolves names and codes as people type them to communes of the registry.
/// Never guesses: an unknown or ambiguous name is an error listing the closest candidates.
public struct CommuneDirectory: Sendable {
    public let communes: [Commune]
    private let byCode: [String: Int]   // position in `communes`
    private let names: NameIndex

    /// The communes by folded name, built on the first lookup by name (an import of codes never needs them).
    private final class NameIndex: @unchecked Sendable {   // (built once, under the lock)
        private let communes: [Commune]
        private let lock = NSLock()
        private var built: (byKey: [String: [Commune]], keys: [(key: String, commune: Commune)])?
        init(_ communes: [Commune]) { self.communes = communes }
        var index: (byKey: [String: [Commune]], keys: [(key: String, commune: Commune)]) {
            lock.lock()
            defer { lock.unlock() }
            if let built { return built }
            var byKey: [String: [Commune]] = [:]
            var keys: [(key: String, commune: Commune)] = []
            for c in communes {
                let key = VietnameseText.nameKey(c.name).key
                byKey[key, default: []].append(c)
                keys.append((key, c))
            }
            built = (byKey, keys)
            return (byKey, keys)
        }
    }

    public init(_ communes: [Commune]) {
        self.communes = communes
        var byCode: [String: Int] = [:]
        for (i, c) in communes.enumerated() { byCode[c.code] = i }
        self.byCode = byCode
        names = NameIndex(communes)
    }

    public func commune(code: String) -> Commune? { byCode[code].map { communes[$0] } }

    public func resolve(_ query: String) throws(ResolveError) -> Commune {
        communes[try position(query)]
    }

    /// Where the commune a query names stands in `communes` (what `resolve` returns, without copying it).
    public func position(_ query: String) throws(ResolveError) -> Int {
        if let exact = byCode[query] { return exact }   // a code as written: one lookup (an import does one per row)
        let trimmed = query.trimmedSpaces
        guard !communes.isEmpty else { throw .emptyRegistry }
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber) {
            if let c = byCode[trimmed] { return c }
            if let n = Int(trimmed), let c = communes.firstIndex(where: { Int($0.code) == n }) { return c }
            let near = communes.filter { $0.code.hasPrefix(String(trimmed.prefix(3))) }.prefix(5)
            throw .unknown(query: trimmed, candidates: Array(near))
        }
        // A full official name, exactly (any case, NFC or NFD).
        let folded = VietnameseText.fold(trimmed)
        let (type, key) = VietnameseText.nameKey(trimmed)
        var matches = names.index.byKey[key] ?? []
        if let type { matches = matches.filter { $0.type == type } }
        if matches.count > 1 {
            let exact = matches.filter { VietnameseText.fold($0.name) == folded && $0.name.lowercased() == trimmed.precomposedStringWithCanonicalMapping.lowercased() }
            if exact.count == 1, let at = byCode[exact[0].code] { return at }
            throw .ambiguous(query: trimmed, candidates: matches)
        }
        if let only = matches.first, let at = byCode[only.code] { return at }
        throw .unknown(query: trimmed, candidates: closest(to: key, type: type, limit: 5))
    }

    /// The communes whose names are nearest to a key, nearest first.
    public func closest(to key: String, type: CommuneType? = nil, limit: Int) -> [Commune] {
        let scored = names.index.keys.map { entry -> (Int, Commune) in
            var d = VietnameseText.distance(key, entry.key)
            if entry.key.contains(key) || key.contains(entry.key) { d = min(d, 1) }
            if let type, entry.commune.type != type { d += 1 }
            return (d, entry.commune)
        }
        let limitDistance = max(3, key.count / 2)
        return scored.filter { $0.0 <= limitDistance }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.code < $1.1.code }
            .prefix(limit).map(\.1)
    }
}
