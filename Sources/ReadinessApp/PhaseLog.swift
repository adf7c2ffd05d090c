import Foundation

/// The wall-clock time of each phase of a use case, for the benchmark ("timing: read files 0.081 s").
/// A use case given no log measures nothing.
public final class PhaseLog: @unchecked Sendable {   // (every field is read and written under `lock`)
    private let lock = NSLock()
    private let start = Date()
    private var last = Date()
    private let write: @Sendable (String) -> Void

    /// `write` receives one line per phase.
    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// The end of a phase: its time since the previous mark.
    public func mark(_ phase: String) {
        let now = Date()
        let line = lock.withLock {
            defer { last = now }
            return String(format: "timing: %@ %.3f s (at %.3f s)", phase, now.timeIntervalSince(last), now.timeIntervalSince(start))
        }
        write(line)
    }

    /// A phase that ran beside the others, on another thread: its own time, without moving the mark.
    public func note(_ phase: String, since start: Date) {
        write(String(format: "timing: %@ %.3f s", phase, Date().timeIntervalSince(start)))
    }
}

extension Optional where Wrapped == PhaseLog {
    func mark(_ phase: String) { self?.mark(phase) }
}
