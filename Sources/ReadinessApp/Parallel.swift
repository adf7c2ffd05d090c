import Foundation

enum Parallel {
    /// `transform` of each item, in the items' order, worked out on as many threads as the machine has
    /// cores (Dispatch's own, never Swift concurrency's); returns when all are done.
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> U) -> [U] {
        guard items.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return items.map(transform) }
        let results = Slots<U>(items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { k in results.slots[k] = transform(items[k]) }
        return results.slots.map { $0! }
    }
}

/// Results of a parallel map: each slot written by one thread, read after all have ended.
private final class Slots<U>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<U?>
    init(_ n: Int) {
        slots = .allocate(capacity: n)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}
