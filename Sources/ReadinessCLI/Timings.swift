import Foundation

/// Phase timings for the benchmark: with READINESS_TIMINGS=1 in the environment, each phase's
/// wall-clock time is written to standard error ("timing: read files 0.081 s").
enum Timings {
    nonisolated(unsafe) private static var last = Date()
    private static let start = Date()
    private static let enabled = ProcessInfo.processInfo.environment["READINESS_TIMINGS"] == "1"

    /// A phase that ran beside the others, on another thread: its own time, without moving the mark.
    static func note(_ phase: String, since start: Date) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s\n", phase, Date().timeIntervalSince(start)).utf8))
    }

    static func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s (at %.3f s)\n", phase, now.timeIntervalSince(last),
                                                   now.timeIntervalSince(start)).utf8))
        last = now
    }
}
