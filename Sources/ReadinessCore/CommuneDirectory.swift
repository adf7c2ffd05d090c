/// Why a typed commune did not resolve to exactly one commune.
public enum ResolveError: Error, Equatable, CustomStringConvertible {
    case unknown(query: String, candidates: [Commune])
    case ambiguous(query: String, candidates: [Commune])
    case emptyRegistry

    public var description: String {
        switch self {
        case .emptyRegistry:
            return "the commune registry is empty: load one with `readiness communes load FILE`"
        case .unknown(let q, let candidates):
            let list = candidates.isEmpty ? "" : "; did you mean " + candidates.map(ResolveError.describe).joined(separator: ", ") + "?"
            return "unknown commune \"\(q)\"\(list)"
        case .ambiguous(let q, let candidates):
            return "\"\(q)\" matches \(candidates.count) communes: " + candidates.map(ResolveError.describe).joined(separator: ", ")
                + "; give the code or the full name"
        }
    }

    static func describe(_ c: Commune) -> String {
        c.provinceName.isEmpty ? "\(c.name) (\(c.code))" : "\(c.name) (\(c.code), \(c.provinceName))"
    }
}

/// Resolves names and codes as people type them to communes of the registry.
/// Never guesses: an unknown or ambiguous name is an error listing the closest candidates.
public struct CommuneDirectory: Sendable {
    public let communes: [Commune]
    private let byCode: [String: Commune]
    private let byKey: [String: [Commune]]
    private let keys: [(key: String, commune: Commune)]

    public init(_ communes: [Commune]) {
        self.communes = communes
        var byCode: [String: Commune] = [:]
        var byKey: [String: [Commune]] = [:]
        var keys: [(String, Commune)] = []
        for c in communes {
            byCode[c.code] = c
            let key = VietnameseText.nameKey(c.name).key
            byKey[key, default: []].append(c)
            keys.append((key, c))
        }
        self.byCode = byCode
        self.byKey = byKey
        self.keys = keys.map { (key: $0.0, commune: $0.1) }
    }

    public func commune(code: String) -> Commune? { byCode[code] }

    public func resolve(_ query: String) throws(ResolveError) -> Commune {
        let trimmed = query.trimmedSpaces
        guard !communes.isEmpty else { throw .emptyRegistry }
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber) {
            if let c = byCode[trimmed] { return c }
            if let n = Int(trimmed), let c = communes.first(where: { Int($0.code) == n }) { return c }
            let near = communes.filter { $0.code.hasPrefix(String(trimmed.prefix(3))) }.prefix(5)
            throw .unknown(query: trimmed, candidates: Array(near))
        }
        // A full official name, exactly (any case, NFC or NFD).
        let folded = VietnameseText.fold(trimmed)
        let (type, key) = VietnameseText.nameKey(trimmed)
        var matches = byKey[key] ?? []
        if let type { matches = matches.filter { $0.type == type } }
        if matches.count > 1 {
            let exact = matches.filter { VietnameseText.fold($0.name) == folded && $0.name.lowercased() == trimmed.precomposedStringWithCanonicalMapping.lowercased() }
            if exact.count == 1 { return exact[0] }
            throw .ambiguous(query: trimmed, candidates: matches)
        }
        if let only = matches.first { return only }
        throw .unknown(query: trimmed, candidates: closest(to: key, type: type, limit: 5))
    }

    /// The communes whose names are nearest to a key, nearest first.
    public func closest(to key: String, type: CommuneType? = nil, limit: Int) -> [Commune] {
        let scored = keys.map { entry -> (Int, Commune) in
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

import Foundation
