import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// Loads an official commune list (adding and updating communes) or an attribute file (setting attributes
/// of communes already in the registry), all or nothing.
public struct LoadRegistry: Sendable {
    public enum Result: Sendable {
        case communes(count: Int, summary: RegistrySummary, database: String)
        case attributes(communes: Int, summary: RegistrySummary, database: String)
    }

    public let workspace: Workspace
    public init(workspace: Workspace) { self.workspace = workspace }

    /// The file is read and checked before the database is opened: a wrong file leaves no new database behind.
    /// - Parameters:
    ///   - file: the name the file is shown by in messages.
    ///   - province: keep only this province's communes (national list), or the province of a one-province list.
    ///   - open: opens the database, once the file is known to be right.
    public func run(text: String, file: String, province: String?,
                    open: () throws(AppError) -> InventoryDatabase) throws(AppError) -> Result {
        let parsed = try AppError.wrap {
            try CommuneListFile.parse(text, file: file, province: province, provinceNames: workspace.provinceNames())
        }
        let database = try open()
        return try AppError.wrap {
            switch parsed {
            case .communes(let communes):
                return .communes(count: communes.count, summary: try database.upsertCommunes(communes), database: database.path)
            case .attributes(let byCode):
                let directory = CommuneDirectory(try database.communes())
                let unknown = byCode.keys.filter { directory.commune(code: $0) == nil }.sorted()
                if !unknown.isEmpty {
                    throw AppError.input("\(file): \(unknown.count) codes are not in the registry (\(unknown.prefix(5).joined(separator: ", "))…): load the commune list first")
                }
                let updated = byCode.keys.sorted().compactMap { code -> Commune? in
                    guard var c = directory.commune(code: code) else { return nil }
                    c.attributes.merge(byCode[code]!) { _, new in new }
                    return c
                }
                return .attributes(communes: byCode.count, summary: try database.upsertCommunes(updated), database: database.path)
            }
        }
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

/// The communes of the registry, in its order.
public struct RegistryQuery: Sendable {
    public let database: InventoryDatabase
    public init(database: InventoryDatabase) { self.database = database }

    public func communes() throws(AppError) -> [Commune] { try AppError.wrap { try database.communes() } }
}
