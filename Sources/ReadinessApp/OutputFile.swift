import Foundation
import ReadinessCore
#if canImport(Glibc)
import Glibc
#endif

/// Writing a file the user named (`--out`, templates), so that a write that cannot complete leaves
/// what was there as it was, and only a regular file is ever replaced:
///
/// - A path that does not exist, or names a regular file, is written atomically: into a new file beside
///   it, flushed to disk, then renamed over it. A write that fails (a full disk, a read-only folder)
///   leaves the old file untouched and removes the new one. A replaced file keeps its permissions.
/// - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are written to that descriptor, as it is
///   (a pipe, a terminal, or a file the shell opened, appending or not).
/// - A character device (/dev/null) or a FIFO, named directly or through a symbolic link, is written
///   through, as `cat > path` would: it is never replaced by a regular file.
/// - A symbolic link to a regular file (or to nothing) is refused, naming its target: replacing it would
///   break the link, and writing through it would change a file elsewhere that the user did not name.
/// - A folder, a block device or a socket is refused.
///
/// Every failure is an `AppError` of kind `.input` saying what the path is and why nothing was written.
public enum OutputFile {
    /// Writes `bytes` to `path`; `given` is the path as the user typed it, for messages.
    public static func write(_ bytes: [UInt8], to path: String, given: String? = nil) throws(AppError) {
        let shown = given ?? path
        if let descriptor = standardDescriptor(path) {
            try writeAll(bytes, to: descriptor, shown: shown)
            return
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            let error = errno
            guard error == ENOENT else { throw AppError.input("cannot write \(shown): \(reason(error))") }
            try replace(path, with: bytes, shown: shown, mode: nil)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: try replace(path, with: bytes, shown: shown, mode: info.st_mode & 0o7777)
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            var final = stat()
            guard stat(path, &final) == 0 else {
                throw AppError.input("cannot write \(shown): it is a symbolic link to \(target), which does not exist; give the file's own path, or remove the link")
            }
            switch final.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO: try writeThrough(path, bytes, shown: shown)
            case S_IFREG:
                throw AppError.input("cannot write \(shown): it is a symbolic link to \(target); readiness does not write through links to files: give --out \(URL(fileURLWithPath: path).resolvingSymlinksInPath().path) to replace that file")
            default: throw AppError.input("cannot write \(shown): it is a symbolic link to \(target), \(kind(final.st_mode))")
            }
        case S_IFCHR, S_IFIFO: try writeThrough(path, bytes, shown: shown)
        default: throw AppError.input("cannot write \(shown): it is \(kind(info.st_mode)), not a file")
        }
    }

    /// What a file type is, in words.
    static func kind(_ mode: mode_t) -> Phrase {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFBLK: "a disk (block device)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// The descriptor a path names when it is one of the process's own (/dev/stdout, /dev/fd/1, …).
    public static func standardDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let n = Int32(path.dropFirst(prefix.count)), n >= 0 { return n }
            }
            return nil
        }
    }

    /// Into a new file in the same folder, then renamed over `path`.
    private static func replace(_ path: String, with bytes: [UInt8], shown: String, mode: mode_t?) throws(AppError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".readiness-" + UUID().uuidString.prefix(8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode ?? 0o666)
        guard fd >= 0 else {
            let error = errno
            var isFolder: ObjCBool = false
            if error == ENOENT || error == ENOTDIR,
               !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw AppError.input("cannot write \(shown): the folder \(folder) does not exist; create it first or choose another path")
            }
            if error == EACCES || error == EPERM || error == EROFS {
                throw AppError.input("cannot write \(shown): the folder \(folder) is not writable (\(reason(error)))")
            }
            throw AppError.input("cannot write \(shown): \(reason(error))")
        }
        var failure: Int32 = 0
        if !writeAll(bytes, fd) { failure = errno }
        if failure == 0, let mode, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            let kept: Phrase = mode == nil ? "nothing was written" : "\(shown) is left as it was"
            throw AppError.input("cannot write \(shown): \(reason(failure)); \(kept)")
        }
    }

    /// A device or a FIFO: opened for writing (waiting for a reader, for a FIFO) and written as it is.
    private static func writeThrough(_ path: String, _ bytes: [UInt8], shown: String) throws(AppError) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw AppError.input("cannot write \(shown): \(reason(errno))") }
        var failure: Int32 = 0
        if !writeAll(bytes, fd) { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw AppError.input("cannot write \(shown): \(reason(failure))") }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, shown: String) throws(AppError) {
        if !writeAll(bytes, fd) { throw AppError.input("cannot write \(shown): \(reason(errno))") }
    }

    /// Every byte, through short writes and interruptions; false (with `errno` set) when one fails.
    public static func writeAll(_ bytes: [UInt8], _ fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// An errno in words: "No space left on device".
    public static func reason(_ error: Int32) -> String { String(cString: strerror(error)) }
}
