import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
#if canImport(Glibc)
import Glibc
#endif

/// The command's standard output and error, written through one place so that:
/// - text for people (messages, lists, summaries) never carries a control character but LF
///   (`SafeText.terminal`): a commune name or a note cannot clear the screen or fake a link;
/// - a report's bytes go out as rendered (each format is already safe for its readers);
/// - a write that fails (a full disk, a closed pipe) is remembered, and the command then exits 1
///   with a message instead of 0 (`finish()`).
enum Console {
    private static let output = Buffered(descriptor: 1)

    /// A line for people, on standard output, in the run's language (`Runtime.language`).
    static func say(_ phrase: Phrase) { say(verbatim: phrase.text(Runtime.language)) }

    /// A line (or text with its own terminator) for people, on standard output, as it is (a report's
    /// lines, already in the run's language).
    static func say(verbatim text: String, terminator: String = "\n") {
        output.append(Array((SafeText.terminal(text) + terminator).utf8))
    }

    /// Fields separated by tabs (for `cut` and `awk`), each field for people.
    static func say(columns: [String]) {
        output.append(Array((columns.map(SafeText.terminal).joined(separator: "\t") + "\n").utf8))
    }

    /// Bytes as they are (a rendered report), on standard output.
    static func write(_ bytes: [UInt8]) { output.append(bytes) }

    /// A message for people on standard error, in the run's language, written at once.
    static func error(_ phrase: Phrase) { error(verbatim: phrase.text(Runtime.language)) }

    /// A message for people on standard error, as it is, written at once.
    static func error(verbatim text: String) {
        output.flush()   // (what came before it on standard output first, for a terminal showing both)
        _ = OutputFile.writeAll(Array((SafeText.terminal(text) + "\n").utf8), 2)
    }

    /// Writes what is left; the reason when anything written to standard output was lost.
    static func finish() -> Phrase? {
        output.flush()
        return output.failure.map { "cannot write to standard output: \(OutputFile.reason($0))" }
    }

    /// Standard output, written in blocks of 64 KB with write(2), every error kept.
    final class Buffered: @unchecked Sendable {
        let descriptor: Int32
        private var pending: [UInt8] = []
        private(set) var failure: Int32?
        private let lock = NSLock()

        init(descriptor: Int32) { self.descriptor = descriptor }

        func append(_ bytes: [UInt8]) {
            lock.withLock {
                pending += bytes
                if pending.count >= 1 << 16 { flushLocked() }
            }
        }

        func flush() { lock.withLock { flushLocked() } }

        private func flushLocked() {
            defer { pending.removeAll(keepingCapacity: true) }
            guard failure == nil, !pending.isEmpty else { return }
            if !OutputFile.writeAll(pending, descriptor) { failure = errno }
        }
    }
}
