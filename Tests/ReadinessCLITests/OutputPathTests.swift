import Foundation
import ReadinessStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// --out and standard output: only a regular file is ever replaced, atomically; a device or a FIFO is
// written through; a link to a file is refused; a write that fails exits 1 and leaves what was there.

/// A database holding the shipped sample, made by the command itself (so it is closed).
private func sampleDatabase() throws -> String {
    let path = Fixtures.temporaryDirectory().appendingPathComponent("sample.sqlite").path
    let loaded = try CLI.run(["sample", "load", "--db", path])
    precondition(loaded.status == 0, loaded.stderr)
    return path
}

/// Runs the command with standard output sent to `target` by the shell.
private func run(_ arguments: [String], stdoutTo target: String) throws -> CommandResult {
    try CLI.run([], runner: ["/bin/sh", "-c", "exec \"$0\" \"$@\" > \(target)", CLI.binary.path] + arguments)
}

private func fileType(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
}

@Test func aReportToAFullDiskOnStandardOutputExitsOneSayingSo() throws {
    let db = try sampleDatabase()
    let result = try run(["gaps", "--db", db, "--as-of", "2025-12-12", "--lang", "en"], stdoutTo: "/dev/full")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: cannot write to standard output: No space left on device"), "\(result.stderr)")
}

@Test func anXlsxReportToAFullDiskOnStandardOutputExitsOneWithoutCrashing() throws {
    let db = try sampleDatabase()
    let result = try run(["gaps", "--db", db, "--as-of", "2025-12-12", "--format", "xlsx"], stdoutTo: "/dev/full")
    #expect(result.status == 1)
    #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
}

@Test func outOnAFullDeviceExitsOneAndLeavesTheDeviceADevice() throws {
    let db = try sampleDatabase()
    let result = try CLI.run(["gaps", "--db", db, "--out", "/dev/full", "--format", "csv", "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot write /dev/full: No space left on device"), "\(result.stderr)")
    #expect(fileType("/dev/full") == S_IFCHR)
}

@Test func outOnDevStdoutWritesThroughToStandardOutput() throws {
    let db = try sampleDatabase()
    let result = try CLI.run(["gaps", "--db", db, "--as-of", "2025-12-12", "--out", "/dev/stdout", "--format", "csv"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("\u{FEFF}rule_id,rule,short,total"))
    #expect(fileType("/dev/stdout") == S_IFLNK)
}

@Test func outOnAFIFOWritesThroughAndLeavesTheFIFO() async throws {
    let db = try sampleDatabase()
    let fifo = Fixtures.temporaryDirectory().appendingPathComponent("report.csv").path
    #expect(mkfifo(fifo, 0o600) == 0)
    // A reader at the other end, as `cat fifo` would be.
    let reader = Task.detached { () -> Data in
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: fifo))
        return handle.readDataToEndOfFile()
    }
    let result = try CLI.run(["gaps", "--db", db, "--as-of", "2025-12-12", "--out", fifo])
    #expect(result.status == 0, "\(result.stderr)")
    let read = try await reader.value
    #expect(String(decoding: read, as: UTF8.self).hasPrefix("\u{FEFF}rule_id,"))
    #expect(fileType(fifo) == S_IFIFO)
}

@Test func outOnASymbolicLinkToAFileIsRefusedAndTheFileIsUntouched() throws {
    let db = try sampleDatabase()
    let dir = Fixtures.temporaryDirectory()
    let target = Fixtures.write("keep me", to: "target.csv", in: dir).path
    let link = dir.appendingPathComponent("link.csv").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let result = try CLI.run(["gaps", "--db", db, "--out", link, "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("link.csv: it is a symbolic link to \(target)"), "\(result.stderr)")
    #expect(result.stderr.contains("give --out \(target)"))
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    #expect(fileType(link) == S_IFLNK)
}

@Test func outOnASymbolicLinkToDevNullWritesThroughAndKeepsTheLink() throws {
    let db = try sampleDatabase()
    let link = Fixtures.temporaryDirectory().appendingPathComponent("null.csv").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
    let result = try CLI.run(["gaps", "--db", db, "--out", link])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(fileType(link) == S_IFLNK)
    #expect(fileType("/dev/null") == S_IFCHR)
}

@Test(.enabled(if: CLI.canDropPermissionOverride, "needs setpriv(1)"))
func outIntoAFolderThatCannotBeWrittenExitsOneAndWritesNothing() throws {
    let db = try sampleDatabase()
    let folder = Fixtures.temporaryDirectory().appendingPathComponent("read-only")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    chmod(folder.path, 0o555)
    defer { chmod(folder.path, 0o755) }
    let result = try CLI.run([], runner: CLI.withoutPermissionOverride(["gaps", "--db", db, "--out", folder.appendingPathComponent("gaps.csv").path, "--lang", "en"]))
    #expect(result.status == 1)
    #expect(result.stderr.contains("is not writable (Permission denied)"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
}

/// A 256 KB file system, mounted for the test (skipped where mounting is not allowed).
private func smallFileSystem() -> URL? {
    let dir = Fixtures.temporaryDirectory()
    let mount = Process()
    mount.executableURL = URL(fileURLWithPath: "/bin/mount")
    mount.arguments = ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.path]
    mount.standardError = FileHandle.nullDevice
    guard (try? mount.run()) != nil else { return nil }
    mount.waitUntilExit()
    return mount.terminationStatus == 0 ? dir : nil
}

private func unmount(_ dir: URL) {
    let umount = Process()
    umount.executableURL = URL(fileURLWithPath: "/bin/umount")
    umount.arguments = [dir.path]
    try? umount.run()
    umount.waitUntilExit()
}

@Test(.enabled(if: getuid() == 0, "mounting a small file system needs root"))
func aTemplateThatDoesNotFitOnTheDiskLeavesTheOldTemplateWhole() throws {
    let db = try sampleDatabase()
    let disk = try #require(smallFileSystem(), "tmpfs cannot be mounted here")
    defer { unmount(disk) }
    let path = disk.appendingPathComponent("dak-plo.xlsx").path
    let first = try CLI.run(["template", "--commune", "23344", "--db", db, "--out", path])
    #expect(first.status == 0, "\(first.stderr)")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    // Fill the disk but for a few bytes.
    let fillerPath = disk.appendingPathComponent("filler").path
    _ = FileManager.default.createFile(atPath: fillerPath, contents: nil)
    let filler = try #require(FileHandle(forWritingAtPath: fillerPath))
    while (try? filler.write(contentsOf: Data(count: 4096))) != nil {}
    try? filler.close()
    let result = try CLI.run(["template", "--commune", "23344", "--db", db, "--out", path, "--as-of", "2025-09-15", "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
    #expect(result.stderr.contains("is left as it was"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["dak-plo.xlsx", "filler"])
}

@Test func templatesForEveryCommuneAreEachWrittenWhole() throws {
    let db = try sampleDatabase()
    let folder = Fixtures.temporaryDirectory().appendingPathComponent("phieu")
    let result = try CLI.run(["template", "--all", "--db", db, "--out", folder.path, "--format", "csv"])
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.count == 96)
    #expect(!files.contains { $0.hasPrefix(".") })   // no temporary file left behind
}
