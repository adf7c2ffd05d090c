import Foundation
import ReadinessApp

/// Forms applied once: each rendered form carries a fresh token (`issue()`), and a submission claims its
/// token before it writes; a second submission of the same form (a double click, a resent request) finds
/// it claimed and writes nothing. Held in memory for a day, at most `capacity` tokens (the oldest go first).
actor OnceTokens {
    static let capacity = 100_000
    static let lifetime: TimeInterval = 24 * 60 * 60

    private var claimed: [String: Date] = [:]
    private var order: [(token: String, at: Date)] = []
    private var start = 0

    /// A token for a form about to be rendered (random; nothing is stored until it is claimed).
    nonisolated func issue() -> String { Secrets.hexToken(bytes: 16) }

    /// True the first time `token` is claimed (for this account), false ever after; a token that is not
    /// one this app issues (empty, too long) is never claimed.
    func claim(_ token: String, account: Int64) -> Bool {
        guard (16...128).contains(token.utf8.count) else { return false }
        let key = "\(account):\(token)"
        let now = Date()
        expire(before: now.addingTimeInterval(-Self.lifetime))
        guard claimed[key] == nil else { return false }
        claimed[key] = now
        order.append((key, now))
        if claimed.count > Self.capacity, start < order.count {
            claimed[order[start].token] = nil
            start += 1
        }
        return true
    }

    private func expire(before limit: Date) {
        while start < order.count, order[start].at < limit {
            claimed[order[start].token] = nil
            start += 1
        }
        if start > 1_000, start * 2 > order.count {
            order.removeFirst(start)
            start = 0
        }
    }
}
