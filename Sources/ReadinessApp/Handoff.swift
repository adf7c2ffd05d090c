import Foundation

/// Items passed in order from one thread that makes them to one that uses them, at most `capacity`
/// waiting at a time: the maker waits while that many wait, the user while none does. Once the user
/// closes it (having stopped early), the maker's `put` no longer waits and drops the item. Made for two
/// plain threads (a database's and a worker's), never for Swift concurrency's shared ones.
final class Handoff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private let capacity: Int
    private var closed = false, finished = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Hands `item` over, waiting for room; false (the item dropped) once the user has closed.
    @discardableResult
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Whether the user still takes items.
    var isOpen: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !closed
    }

    /// The maker is done: `take` returns nil once the items waiting are taken.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil when the maker has finished and none is left.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The user stops taking: items waiting are dropped and the maker's puts return at once. Returns when
    /// the maker has finished, so that nothing it does outlives the caller's use of it.
    func closeAndWaitForMaker() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        items.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
    }
}
