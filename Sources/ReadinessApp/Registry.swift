import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// Loads an official commune list or an attribute file (setting attributes of communes already in the
/// registry), all or nothing.
///
/// A list is compared with the registry first. With an effective date, every difference (new, renamed,
/// reclassified, moved) becomes a dated change with its source, and the registry before that date is left as
/// it was. Without one, a list may only add units: one that changes a known unit's name, type or province
/// would rewrite the past, and is refused with the differences listed. Either way a list that lacks units
/// the registry has in its provinces is refused until a change file says what became of them.
public struct LoadRegistry: Sendable {
    public enum Result: Sendable {
        case communes(count: Int, summary: RegistrySummary, database: String)
        case attributes(communes: Int, summary: RegistrySummary, database: String)
        /// A list compared as of a date: its differences, written as changes unless it was a dry run.
        case dated(count: Int, differences: RegistryDifferences, written: Bool, database: String)
    }

    public let workspace: Workspace
    public init(workspace: Workspace) { self.workspace = workspace }

    /// The file is read and checked before the database is opened: a wrong file leaves no new database behind.
    /// - Parameters:
    ///   - file: the name the file is shown by in messages.
    ///   - province: keep only this province's communes (national list), or the province of a one-province list.
    ///   - effective: the day the list takes effect; `source` the resolution that makes it so.
    ///   - open: opens the database, once the file is known to be right.
    public func run(text: String, file: String, province: String?, effective: Day? = nil, source: String? = nil, dryRun: Bool = false,
                    recordedBy: String = "command", at time: Date = Date(),
                    open: () throws(AppError) -> InventoryDatabase) throws(AppError) -> Result {
        if let effective { try DateInput.check(effective, field: "effective") }
        let source = source?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if effective != nil, source.isEmpty {
            throw .input("--effective needs --source: the resolution that makes the list take effect (number and date)", field: "source")
        }
        if effective == nil, !source.isEmpty { throw .input("--source goes with --effective DATE", field: "effective") }
        let parsed = try AppError.wrap {
            try CommuneListFile.parse(text, file: file, province: province, provinceNames: workspace.provinceNames())
        }
        let database = try open()
        return try AppError.wrap {
            switch parsed {
            case .communes(let communes):
                let history = try database.registryHistory()
                let differences = history.differences(from: communes, on: effective ?? Self.latestDay(history))
                if !differences.gone.isEmpty {
                    throw AppError.conflict("""
                        \(file) lacks \(differences.gone.count, "unit") the registry has in its provinces on \(differences.day.iso) \
                        (\(Self.sample(differences.gone.map(\.label)))): apply a change file that says what became of them first \
                        (readiness communes changes FILE)
                        """)
                }
                guard effective != nil else {
                    let changed = differences.renamed.map(\.after.label) + differences.reclassified.map(\.after.label) + differences.moved.map(\.after.label)
                    if !changed.isEmpty, !history.units.isEmpty {
                        throw AppError.conflict("""
                            \(file) changes \(changed.count, "unit") of the registry (\(Self.sample(changed))): give the day it takes \
                            effect and its source (--effective DATE --source "Nghị quyết …"), so that reports before that day stay as they were
                            """)
                    }
                    if dryRun { return .dated(count: communes.count, differences: differences, written: false, database: database.path) }
                    return .communes(count: communes.count, summary: try database.upsertCommunes(communes), database: database.path)
                }
                let changes = differences.changes(source: source)
                if changes.isEmpty { return .dated(count: communes.count, differences: differences, written: false, database: database.path) }
                let outcome = try database.applyRegistryChanges(changes, provinceNames: workspace.provinceNames(), recordedBy: recordedBy,
                                                                at: time, dryRun: dryRun)
                if let problem = outcome.problems.first {
                    throw AppError.conflict("\(file): \(problem.problem.phrase)")
                }
                return .dated(count: communes.count, differences: differences, written: outcome.written, database: database.path)
            case .attributes(let byCode):
                let directory = CommuneDirectory(try database.communes())
                let unknown = byCode.keys.filter { directory.commune(code: $0) == nil }.sorted()
                if !unknown.isEmpty {
                    throw AppError.input("\(file): \(unknown.count) codes are not in the registry (\(unknown.prefix(5).joined(separator: ", "))…): load the commune list first")
                }
                let updated = byCode.keys.sorted().compactMap { code -> Commune? in
                    guard var c = directory.commune(code: code), let values = byCode[code] else { return nil }
                    c.attributes.merge(values) { _, new in new }
                    return c
                }
                return .attributes(communes: byCode.count, summary: try database.upsertCommunes(updated), database: database.path)
            }
        }
    }

    /// The day of the registry's latest change, or its first day when it never changed: a list without a date
    /// is compared with the registry as it stands now.
    static func latestDay(_ history: RegistryHistory) -> Day {
        history.changes.map(\.effective).max() ?? Day(daysSinceEpoch: 0)
    }

    /// "Xã A (1), Xã B (2), … and 3 more"
    static func sample(_ labels: [String]) -> String {
        labels.count <= 5 ? labels.joined(separator: ", ") : labels.prefix(5).joined(separator: ", ") + ", …"
    }
}

/// Loads the shipped Quảng Ngãi registry and sample ledger into a database that has no events yet.
public struct LoadSample: Sendable {
    public enum Result: Sendable, Equatable {
        case loaded(communes: Int, events: Int)
        case alreadyThere
    }

    public let workspace: Workspace
    public let database: InventoryDatabase
    public let clock: Clock
    public init(workspace: Workspace, database: InventoryDatabase, clock: Clock = .system) {
        self.workspace = workspace
        self.database = database
        self.clock = clock
    }

    public func run() throws(AppError) -> Result {
        try AppError.wrap {
            if try database.meta("sample") != nil { return .alreadyThere }
            if try database.eventCount() > 0 {
                throw AppError.conflict("\(database.path) already has ledger events: the sample goes into an empty database only")
            }
            let loaded = try workspace.loadSample(into: database, at: clock.now())
            return .loaded(communes: loaded.communes, events: loaded.events)
        }
    }
}

/// Checking and listing checklists against the catalogue.
public struct Checklists: Sendable {
    public struct Listed: Sendable {
        public var id: String
        public var file: String
        /// The checklist, or nil when it has a mistake.
        public var checklist: Checklist?
    }

    public let workspace: Workspace
    public init(workspace: Workspace) { self.workspace = workspace }

    /// A checklist file checked: every mistake with file:line:column, or the checklist. With `registry`, the
    /// commune attributes it names are checked against the registry's too.
    public func check(path: String, registry: RegistryAttributes? = nil) throws(AppError) -> Checklist {
        let catalog = try workspace.catalog()
        let text = try Workspace.read(URL(fileURLWithPath: path))
        return try AppError.wrap { try ChecklistFile.parse(text, file: path, catalog: catalog, registry: registry) }
    }

    /// The registry of an existing database, to check checklists against (nothing is created or changed).
    public static func registry(ofDatabaseAt path: String) throws(AppError) -> (attributes: RegistryAttributes, communes: Int) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notFound("no database at \(path): give the database whose registry the checklist is for", field: "db")
        }
        let communes = try AppError.wrap { () throws -> [Commune] in
            let database = try InventoryDatabase(path: path)
            defer { try? database.close() }
            return try database.communes()
        }
        return (RegistryAttributes(communes), communes.count)
    }

    /// The shipped checklists, each checked.
    public func list() throws(AppError) -> [Listed] {
        let catalog = try workspace.catalog()
        return workspace.availableChecklists().map { id, url in
            let file = Workspace.display(url)
            let checklist = try? ChecklistFile.parse(Workspace.read(url), file: file, catalog: catalog)
            return Listed(id: id, file: file, checklist: checklist)
        }
    }
}
