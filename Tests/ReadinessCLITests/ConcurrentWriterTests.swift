import Foundation
import ReadinessStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// Two writers on one database: the second waits its turn; when it cannot, it says the database is
// busy, exits 1 and writes nothing.

/// A database with the national commune list, and a flat CSV of `rows` generated events for it.
private func nationalDatabaseAndLongImport(rows: Int) throws -> (db: String, csv: String) {
    let dir = Fixtures.temporaryDirectory()
    let db = dir.appendingPathComponent("national.sqlite").path
    let loaded = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--db", db])
    precondition(loaded.status == 0, loaded.stderr)
    let csv = dir.appendingPathComponent("events.csv").path
    let make = Process()
    make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    make.arguments = ["python3", Fixtures.repoRoot.appendingPathComponent("scripts/make_bench_events.py").path,
                      Fixtures.repoRoot.appendingPathComponent("Inventory/communes/vietnam-2025.csv").path, csv, String(rows)]
    try make.run()
    make.waitUntilExit()
    precondition(make.terminationStatus == 0)
    return (db, csv)
}

/// Does another process hold the write lock of the WAL database at `db`? (SQLite's write lock is a
/// POSIX lock on byte 120 of the -shm file.)
private func writeLockIsHeld(_ db: String) -> Bool {
    let fd = open(db + "-shm", O_RDWR)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var lock = flock()
    lock.l_type = Int16(F_WRLCK)
    lock.l_whence = Int16(SEEK_SET)
    lock.l_start = 120
    lock.l_len = 1
    guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
    return lock.l_type != Int16(F_UNLCK)
}

/// Starts `readiness import` in the background; returns once it holds the write lock for its events
/// (held for a tenth of a second on end: opening the database takes it for an instant too).
private func startImport(_ csv: String, into db: String) throws -> Process {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = ["import", csv, "--db", db, "--on", "2025-12-01"]
    process.currentDirectoryURL = Fixtures.repoRoot
    process.environment = ProcessInfo.processInfo.environment.merging(["HOME": Fixtures.temporaryDirectory().path]) { _, new in new }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    var heldSince: Date?
    while process.isRunning, Date() < deadline {
        if writeLockIsHeld(db) {
            if let since = heldSince { if Date().timeIntervalSince(since) > 0.1 { break } } else { heldSince = Date() }
        } else {
            heldSince = nil
        }
        usleep(1_000)
    }
    return process
}

private func events(_ db: String) throws -> Int {
    let store = try InventoryDatabase(path: db, access: .readOnly)
    defer { try? store.close() }
    return try store.eventCount()
}

@Test func aRecordDuringALongImportWaitsItsTurnAndBothAreWritten() throws {
    let (db, csv) = try nationalDatabaseAndLongImport(rows: 150_000)
    let importing = try startImport(csv, into: db)
    #expect(importing.isRunning, "the import ended before the record could start")
    // A report meanwhile does not wait at all, not even to open the database.
    let gaps = try CLI.run(["gaps", "--db", db, "--as-of", "2025-12-12"], environment: ["READINESS_BUSY_TIMEOUT": "0"])
    let record = try CLI.run(["record", "23344", "queue-machine", "--working", "7", "--on", "2025-12-02", "--db", db])
    importing.waitUntilExit()
    #expect(gaps.status == 0, "\(gaps.stderr)")
    #expect(importing.terminationStatus == 0)
    #expect(record.status == 0, "\(record.stderr)")
    #expect(try events(db) == 150_001)
}

@Test func aRecordWaitsMoreThanTenSecondsForAnotherWriterToFinish() throws {
    let db = Fixtures.temporaryDirectory().appendingPathComponent("sample.sqlite").path
    #expect(try CLI.run(["sample", "load", "--db", db]).status == 0)
    // Another process holds the write lock for 12 seconds (Python's sqlite3, as any other program could).
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["python3", "-c", """
        import sqlite3, sys, time
        c = sqlite3.connect(sys.argv[1], isolation_level=None)
        c.execute("BEGIN IMMEDIATE"); print("locked", flush=True); time.sleep(12); c.execute("COMMIT")
        """, db]
    let out = Pipe()
    holder.standardOutput = out
    try holder.run()
    _ = out.fileHandleForReading.availableData   // ("locked")
    let start = Date()
    let record = try CLI.run(["record", "23344", "queue-machine", "--working", "7", "--on", "2025-12-02", "--db", db])
    holder.waitUntilExit()
    #expect(record.status == 0, "\(record.stderr)")
    #expect(Date().timeIntervalSince(start) > 5)
    let recorded = try InventoryDatabase(path: db, access: .readOnly).events(commune: "23344", item: "queue-machine")
    #expect(recorded.contains { $0.working == 7 && $0.effectiveOn.iso == "2025-12-02" })
}

@Test func aRecordThatCannotWaitLongEnoughSaysTheDatabaseIsBusyAndWritesNothing() throws {
    let (db, csv) = try nationalDatabaseAndLongImport(rows: 150_000)
    let importing = try startImport(csv, into: db)
    #expect(importing.isRunning, "the import ended before the record could start")
    let record = try CLI.run(["record", "23344", "queue-machine", "--working", "7", "--on", "2025-12-02", "--db", db, "--lang", "en"],
                             environment: ["READINESS_BUSY_TIMEOUT": "0.05"])
    importing.waitUntilExit()
    #expect(importing.terminationStatus == 0)
    #expect(record.status == 1)
    #expect(record.stderr.contains("error: the database \(db) is busy: another import or record is writing to it; try again when it has finished"),
            "\(record.stderr)")
    #expect(try events(db) == 150_000)
}
