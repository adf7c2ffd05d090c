import Foundation
import ReadinessCore
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file the user named (an import, a commune list, a checklist, a price list): one place
/// that says what the path is when it is not a readable regular file, and reads at most a stated size.
///
/// Only regular files are read (through symbolic links). A folder, a device (/dev/null), a FIFO, a
/// socket, a link that leads nowhere or back to itself, a file the user may not read, and a file over
/// the limit are each refused with a reason that says so; reading never blocks on a FIFO or a device.
public enum InputFile {
    /// The largest file read: 256 MiB (a national ledger of a million rows is about 50 MiB).
    public static let maximumBytes = 256 << 20

    /// Why a path could not be read, in words that follow the path ("is a folder, not a file").
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var reason: Phrase
        /// Nothing is there.
        public var isMissing = false
        /// A folder is there.
        public var isFolder = false
        public var description: String { reason.text(.en) }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int = maximumBytes) throws(Failure) -> Data {
        // O_NONBLOCK: opening a FIFO with no writer, or a device, must not wait; the type is checked first.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw failure(opening: path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(reason: "cannot be read: \(OutputFile.reason(errno))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(reason: "is \(describe(info.st_mode)), not a file", isFolder: info.st_mode & S_IFMT == S_IFDIR) }
        if Int(info.st_size) > limit { throw tooLarge(limit) }
        var data = Data(count: min(Int(info.st_size), limit) + 1)
        var count = 0
        let failed: Int32? = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Int32? in
            while true {
                if count == buffer.count { return nil }
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return errno }
                if n == 0 { return nil }
                count += n
            }
        }
        if let failed { throw Failure(reason: "cannot be read: \(OutputFile.reason(failed))") }
        // A file that grew since it was looked at: read on, up to the limit.
        if count == data.count {
            var more = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = Glibc.read(fd, &more, more.count)
                if n < 0 { if errno == EINTR { continue }; throw Failure(reason: "cannot be read: \(OutputFile.reason(errno))") }
                if n == 0 { break }
                data.append(contentsOf: more[0..<n])
                count += n
                if count > limit { throw tooLarge(limit) }
            }
        }
        data.count = count
        return data
    }

    static func tooLarge(_ limit: Int) -> Failure {
        Failure(reason: "is larger than \(limit >> 20) MiB, the limit for one file: split it into several")
    }

    /// Why `open` failed, looking at what the path is.
    static func failure(opening path: String, _ error: Int32) -> Failure {
        var info = stat()
        switch error {
        case ENOENT:
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return Failure(reason: "is a symbolic link to \(target), which does not exist")
            }
            return Failure(reason: "no such file", isMissing: true)
        case ENOTDIR: return Failure(reason: "no such file (a part of the path is not a folder)", isMissing: true)
        case ELOOP: return Failure(reason: "is a symbolic link that leads back to itself (a loop of links)")
        case EACCES, EPERM:
            if stat(path, &info) == 0 {
                return Failure(reason: "cannot be read: permission denied (the file's permissions do not let you read it)")
            }
            return Failure(reason: "cannot be read: permission denied (a folder on the way cannot be entered)")
        case ENXIO, EOPNOTSUPP:
            if stat(path, &info) == 0 { return Failure(reason: "is \(describe(info.st_mode)), not a file", isFolder: info.st_mode & S_IFMT == S_IFDIR) }
            return Failure(reason: "cannot be read: \(OutputFile.reason(error))")
        default: return Failure(reason: "cannot be read: \(OutputFile.reason(error))")
        }
    }

    static func describe(_ mode: mode_t) -> Phrase {
        switch mode & S_IFMT {
        case S_IFCHR: "a device (like /dev/null)"
        case S_IFIFO: "a FIFO (named pipe)"
        default: OutputFile.kind(mode)
        }
    }
}
