import Foundation
import ReadinessStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// A path that is not a readable regular file is reported for what it is, not as "no such file";
// a database that cannot be written is still reported on.

private func sampleDatabase(in dir: URL = Fixtures.temporaryDirectory()) throws -> String {
    let path = dir.appendingPathComponent("sample.sqlite").path
    let loaded = try CLI.run(["sample", "load", "--db", path])
    precondition(loaded.status == 0, loaded.stderr)
    return path
}

private func importing(_ path: String, runner: (([String]) -> [String])? = nil) throws -> CommandResult {
    let db = try sampleDatabase()
    let arguments = ["import", path, "--db", db, "--lang", "en"]
    return try CLI.run(arguments, runner: runner.map { $0(arguments) })
}

@Test func importingDevNullSaysItIsADevice() throws {
    let result = try importing("/dev/null")
    #expect(result.status == 1)
    #expect(result.stderr.contains("/dev/null: is a device (like /dev/null), not a file"), "\(result.stderr)")
}

@Test func importingAFIFOSaysItIsAFIFOWithoutWaitingForAWriter() throws {
    let fifo = Fixtures.temporaryDirectory().appendingPathComponent("in.csv").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let result = try importing(fifo)
    #expect(result.status == 1)
    #expect(result.stderr.contains("in.csv: is a FIFO (named pipe), not a file"), "\(result.stderr)")
}

@Test func importingASymbolicLinkLoopSaysItIsALoop() throws {
    let dir = Fixtures.temporaryDirectory()
    let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
    try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
    try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
    let result = try importing(a)
    #expect(result.status == 1)
    #expect(result.stderr.contains("a.csv: is a symbolic link that leads back to itself"), "\(result.stderr)")
}

@Test func importingADanglingLinkNamesWhereItPoints() throws {
    let dir = Fixtures.temporaryDirectory()
    let link = dir.appendingPathComponent("gone.csv").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nowhere/at/all.csv")
    let result = try importing(link)
    #expect(result.stderr.contains("gone.csv: is a symbolic link to /nowhere/at/all.csv, which does not exist"), "\(result.stderr)")
}

@Test func importingAFolderSaysItIsAFolder() throws {
    let result = try importing(Fixtures.temporaryDirectory().path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("is a folder: give the files in it"), "\(result.stderr)")
}

@Test(.enabled(if: CLI.canDropPermissionOverride, "needs setpriv(1)"))
func importingAFileThatMayNotBeReadSaysPermissionDenied() throws {
    let file = Fixtures.write("commune_code,item,working,broken,date\n", to: "secret.csv", in: Fixtures.temporaryDirectory()).path
    chmod(file, 0o000)
    let result = try importing(file, runner: CLI.withoutPermissionOverride)
    #expect(result.status == 1)
    #expect(result.stderr.contains("secret.csv: cannot be read: permission denied"), "\(result.stderr)")
}

@Test func loadingACommuneListFromDevNullSaysItIsADevice() throws {
    let db = try sampleDatabase()
    let result = try CLI.run(["communes", "load", "/dev/null", "--db", db, "--lang", "en"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("/dev/null is a device (like /dev/null), not a file"), "\(result.stderr)")
}

@Test func aDatabaseWithoutWritePermissionIsReportedOnButNotWritten() throws {
    let db = try sampleDatabase()
    chmod(db, 0o444)
    let gaps = try CLI.run(["gaps", "--db", db, "--as-of", "2025-12-12"])
    #expect(gaps.status == 0, "\(gaps.stderr)")
    #expect(gaps.stdout.contains("địa phương"))
    let record = try CLI.run(["record", "23344", "queue-machine", "--working", "9", "--on", "2025-12-01", "--db", db, "--lang", "en"])
    #expect(record.status == 1)
    #expect(record.stderr.contains("the database \(db) is read-only"), "\(record.stderr)")
}

@Test(.enabled(if: CLI.canDropPermissionOverride, "needs setpriv(1)"))
func aDatabaseInAFolderThatCannotBeWrittenIsReportedOn() throws {
    let folder = Fixtures.temporaryDirectory()
    let db = try sampleDatabase(in: folder)
    chmod(folder.path, 0o555)
    defer { chmod(folder.path, 0o755) }
    let gaps = try CLI.run([], runner: CLI.withoutPermissionOverride(["gaps", "--db", db, "--as-of", "2025-12-12"]))
    #expect(gaps.status == 0, "\(gaps.stderr)")
    #expect(gaps.stdout.contains("địa phương"))
    let record = try CLI.run([], runner: CLI.withoutPermissionOverride(["record", "23344", "queue-machine", "--working", "9",
                                                                         "--on", "2025-12-01", "--db", db, "--lang", "en"]))
    #expect(record.status == 1)
    #expect(record.stderr.contains("is read-only"), "\(record.stderr)")
}

@Test func aHostileNoteNeverReachesTheTerminalRaw() throws {
    let db = try sampleDatabase()
    for (i, note) in HostileFiles.hostileTexts.enumerated() {
        let recorded = try CLI.run(["record", "23344", "queue-machine", "--working", "\(i)", "--on", "2025-12-0\(1 + i % 9)",
                                    "--note=\(note)", "--by=\(note)", "--db", db])
        #expect(recorded.status == 0, "\(recorded.stderr)")
    }
    let history = try CLI.run(["history", "23344", "queue-machine", "--db", db])
    #expect(history.status == 0)
    #expect(HostileFiles.control(in: history.stdout) == nil)
    #expect(history.stdout.contains("\u{FFFD}[2Jcleared"))
    let unknown = try CLI.run(["record", "\u{1B}]0;pwned\u{07}", "queue-machine", "--working", "1", "--db", db])
    #expect(unknown.status == 1)
    #expect(HostileFiles.control(in: unknown.stderr) == nil, "\(unknown.stderr)")
}

@Test func importingAWorkbookThatLiesAboutItsSizeStopsQuicklyWithBoundedMemory() throws {
    let dir = Fixtures.temporaryDirectory()
    let bomb = dir.appendingPathComponent("bomb.xlsx")
    try HostileFiles.lyingWorkbook(at: bomb, inflating: 384 << 20, claiming: 2_000)
    let db = try sampleDatabase(in: dir)
    let start = Date()
    let result = try CLI.run(["import", bomb.path, "--db", db, "--lang", "en"])
    let seconds = Date().timeIntervalSince(start)
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #expect(result.status == 1)
    #expect(result.stderr.contains("unpacks to more than 64 MiB, the limit for one part of a workbook"), "\(result.stderr)")
    #expect(seconds < 30, "\(seconds) s")
    #expect(usage.ru_maxrss < 320 * 1024, "largest child: \(usage.ru_maxrss) KiB")   // (ru_maxrss is in KiB)
}
