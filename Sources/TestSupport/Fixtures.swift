import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// Helpers the test targets share: the repository's shipped files, temporary
/// databases on real files, and running the real `readiness` binary.
public enum Fixtures {
    /// The repository root (tests read the shipped Checklists/ and Inventory/, never ../shared).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let workspace = Workspace(dataDirectory: repoRoot)

    /// A new empty folder under the system's temporary folder.
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new empty database in a temporary folder.
    public static func emptyStore() throws -> InventoryDatabase {
        try InventoryDatabase(path: temporaryDirectory().appendingPathComponent("test.sqlite").path)
    }

    /// A new database in a temporary folder, filled with the shipped Quảng Ngãi sample.
    public static func sampleStore() throws -> InventoryDatabase {
        let store = try emptyStore()
        try workspace.loadSample(into: store, at: Date())
        return store
    }

    public static func catalog() throws -> Catalog { try workspace.catalog() }

    public static func checklist(_ id: String? = nil) throws -> Checklist {
        try workspace.checklist(id, catalog: catalog())
    }

    /// The shipped checklist evaluated on the sample database on a date.
    public static func evaluate(_ store: InventoryDatabase, on day: Day, checklist: Checklist? = nil) throws -> Evaluation {
        let catalog = try catalog()
        return Evaluator.evaluate(try checklist ?? Self.checklist(), communes: try store.communes(),
                                  state: try store.state(asOf: day), domainOrder: catalog.domains.map(\.id))
    }

    public static func day(_ iso: String) -> Day { Day(iso: iso)! }

    /// Writes a text file into a folder and returns its URL.
    @discardableResult
    public static func write(_ text: String, to name: String, in dir: URL) -> URL {
        let url = dir.appendingPathComponent(name)
        try! text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// What a run of the command printed and returned.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `readiness` binary as a user would, with HOME in a temporary
/// folder so that the default database never touches the developer's own.
public enum CLI {
    public static var binary: URL {
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return exe.deletingLastPathComponent().appendingPathComponent("readiness")
    }

    /// A runner for the binary with `arguments` as a user who cannot override file permissions (root, as the
    /// tests run, reads and writes anything): setpriv(1) drops the capabilities that let it.
    public static func withoutPermissionOverride(_ arguments: [String]) -> [String] {
        ["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
         binary.path] + arguments
    }

    public static var canDropPermissionOverride: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }

    /// `runner`: run this program and arguments instead of the binary with `arguments` (e.g. script(1) to give it a terminal).
    public static func run(_ arguments: [String], home: URL? = nil, environment: [String: String] = [:],
                           directory: URL? = nil, stdin: String? = nil, runner: [String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = runner.map { URL(fileURLWithPath: $0[0]) } ?? binary
        process.arguments = runner.map { Array($0.dropFirst()) } ?? arguments
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = (home ?? Fixtures.temporaryDirectory()).path
        env.removeValue(forKey: "READINESS_DB")
        env.removeValue(forKey: "XDG_DATA_HOME")
        env.removeValue(forKey: "READINESS_DATA")
        env["COLUMNS"] = "100"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = directory ?? Fixtures.repoRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
