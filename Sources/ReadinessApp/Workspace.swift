import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessStore

/// Where the program finds its shipped files (checklists, catalogue, sample
/// inventory) and its database. The command and the web app share it.
public struct Workspace: Sendable {
    /// The folder holding `Checklists/` and `Inventory/`.
    public let dataDirectory: URL

    public init(dataDirectory: URL) { self.dataDirectory = dataDirectory }

    /// `$READINESS_DATA`, else the first folder holding `Checklists/catalog.yaml` found going up from the
    /// executable (a build in `.build/…` of a clone), else `<prefix>/share/readiness` beside an installed binary,
    /// else the current folder.
    public static func locate(environment: [String: String], executable: String) throws(AppError) -> Workspace {
        let fm = FileManager.default
        func holdsData(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("Checklists/catalog.yaml").path)
        }
        if let env = environment["READINESS_DATA"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            guard holdsData(url) else {
                throw .notFound("READINESS_DATA=\(env) does not hold Checklists/catalog.yaml: point it at the project folder")
            }
            return Workspace(dataDirectory: url)
        }
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        candidates.append(dir.deletingLastPathComponent().appendingPathComponent("share/readiness"))
        for _ in 0..<6 {
            candidates.append(dir)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        if let found = candidates.first(where: holdsData) { return Workspace(dataDirectory: found) }
        throw .notFound("cannot find the shipped checklists (Checklists/catalog.yaml): run from the project folder or set READINESS_DATA")
    }

    public var checklistsDirectory: URL { dataDirectory.appendingPathComponent("Checklists") }
    public var inventoryDirectory: URL { dataDirectory.appendingPathComponent("Inventory") }
    public static let defaultChecklistID = "quang-ngai-commune-centre-2025"

    // MARK: Files

    /// A path as the user should see it in messages: relative to the current folder when inside it.
    public static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    /// A text file (`InputFile`: a regular file of at most 256 MiB), in UTF-8, or UTF-16 with its byte-order mark.
    public static func read(_ url: URL) throws(AppError) -> String {
        let data: Data
        do { data = try InputFile.read(url.path) } catch {
            if error.isMissing { throw .notFound("cannot read \(display(url)): \(error.reason)") }
            throw .input("\(display(url)) \(error.reason)")
        }
        guard let text = CSV.text(data) else {
            throw .input("\(display(url)) is not UTF-8 text")
        }
        return text
    }

    public func catalog() throws(AppError) -> Catalog {
        let url = checklistsDirectory.appendingPathComponent("catalog.yaml")
        let text = try Workspace.read(url)
        return try AppError.wrap { try CatalogFile.parse(text, file: Workspace.display(url)) }
    }

    /// A checklist by id (a file in Checklists/ with that id or file name) or by path; with `registry`, its
    /// commune attributes checked against the registry's.
    public func checklist(_ idOrPath: String?, catalog: Catalog, registry: RegistryAttributes? = nil) throws(AppError) -> Checklist {
        let url = try checklistURL(idOrPath ?? Workspace.defaultChecklistID)
        let text = try Workspace.read(url)
        return try AppError.wrap { try ChecklistFile.parse(text, file: Workspace.display(url), catalog: catalog, registry: registry) }
    }

    public func checklistURL(_ idOrPath: String) throws(AppError) -> URL {
        let fm = FileManager.default
        if idOrPath.contains("/") || idOrPath.hasSuffix(".yaml") || idOrPath.hasSuffix(".yml") {
            let url = URL(fileURLWithPath: idOrPath)
            guard fm.fileExists(atPath: url.path) else { throw AppError.notFound("no checklist file \(idOrPath)") }
            return url
        }
        let known = availableChecklists()
        if let match = known.first(where: { $0.id == idOrPath }) { return match.url }
        throw AppError.notFound("no checklist \"\(idOrPath)\"; available: \(known.map(\.id).joined(separator: ", "))")
    }

    /// The checklists shipped in Checklists/ (every YAML file but the catalogue), by id.
    public func availableChecklists() -> [(id: String, url: URL)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: checklistsDirectory.path)) ?? []
        return files.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != "catalog.yaml" }.sorted().map { name in
            let url = checklistsDirectory.appendingPathComponent(name)
            let id = (try? Workspace.read(url)).flatMap(Workspace.declaredID) ?? String(name.split(separator: ".")[0])
            return (id, url)
        }
    }

    static func declaredID(_ yaml: String) -> String? {
        for line in yaml.split(separator: "\n") where line.hasPrefix("id:") {
            return line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Province names by code, from the shipped national list.
    public func provinceNames() -> [String: String] {
        let url = inventoryDirectory.appendingPathComponent("communes/vietnam-2025.csv")
        return (try? Workspace.read(url)).map(CommuneListFile.provinceNames) ?? [:]
    }

    // MARK: The shipped sample

    public static let sampleProvince = "51"

    /// Loads the shipped Quảng Ngãi registry and sample ledger into a database, in one transaction.
    @discardableResult
    public func loadSample(into store: InventoryDatabase, at time: Date) throws -> (communes: Int, events: Int) {
        let catalog = try catalog()
        let registryURL = inventoryDirectory.appendingPathComponent("communes/quang-ngai-2025.csv")
        let attributesURL = inventoryDirectory.appendingPathComponent("quang-ngai/commune-attributes.csv")
        let ledgerURL = inventoryDirectory.appendingPathComponent("quang-ngai/ledger.csv")
        guard case .communes(var communes) = try CommuneListFile.parse(
            Workspace.read(registryURL), file: Workspace.display(registryURL),
            province: Workspace.sampleProvince, provinceNames: provinceNames()) else {
            throw AppError.input("\(Workspace.display(registryURL)) is not a commune list")
        }
        if case .attributes(let attrs) = try CommuneListFile.parse(Workspace.read(attributesURL), file: Workspace.display(attributesURL)) {
            for i in communes.indices { communes[i].attributes.merge(attrs[communes[i].code] ?? [:]) { _, new in new } }
        }
        let events = try LedgerCSV.parse(Workspace.read(ledgerURL), file: Workspace.display(ledgerURL), catalog: catalog,
                                         communes: CommuneDirectory(communes),
                                         options: .init(defaultSource: "sample", defaultRecordedBy: "sample"))
        let result = try store.load(communes: communes, events: events,
                                    meta: ["sample": "quang-ngai-2025", "sample_loaded_from": Workspace.display(ledgerURL)],
                                    recordedAt: time)
        return (result.registry.added + result.registry.updated + result.registry.unchanged, result.events)
    }

    // MARK: Database

    /// How long a write waits for another writer: `$READINESS_BUSY_TIMEOUT` seconds, else
    /// `InventoryDatabase.defaultBusyTimeout` (60).
    public static func busyTimeout(environment: [String: String]) -> TimeInterval {
        environment["READINESS_BUSY_TIMEOUT"].flatMap(TimeInterval.init).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            ?? InventoryDatabase.defaultBusyTimeout
    }

    /// The default database: `$XDG_DATA_HOME/readiness/readiness.sqlite`, else `~/.local/share/readiness/readiness.sqlite`.
    public static func defaultDatabasePath(environment: [String: String]) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { base = xdg } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
            base = home + "/.local/share"
        }
        return base + "/readiness/readiness.sqlite"
    }

    /// Opens the database chosen by `--db`, else `$READINESS_DB`, else the default one. Only the default
    /// database, and only when it does not exist yet, is filled from the shipped sample (with a notice on
    /// standard error); any other new path becomes an empty database.
    public func openDatabase(explicit: String?, environment: [String: String], clock: Clock,
                             notice: (Phrase) -> Void) throws(AppError) -> InventoryDatabase {
        try AppError.wrap { try openDatabaseOrThrow(explicit: explicit, environment: environment, clock: clock, notice: notice) }
    }

    private func openDatabaseOrThrow(explicit: String?, environment: [String: String], clock: Clock,
                                     notice: (Phrase) -> Void) throws -> InventoryDatabase {
        let fm = FileManager.default
        let chosen = explicit ?? environment["READINESS_DB"].flatMap { $0.isEmpty ? nil : $0 }
        let path = chosen ?? Workspace.defaultDatabasePath(environment: environment)
        let isNew = !fm.fileExists(atPath: path)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw AppError.input("database path \(path) is a folder; give a file path such as \(path)/readiness.sqlite")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !fm.fileExists(atPath: parent.path) {
            guard chosen == nil else { throw AppError.input("cannot create database \(path): the folder \(parent.path) does not exist") }
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        let store: InventoryDatabase
        do {
            store = try InventoryDatabase(path: path, busyTimeout: Workspace.busyTimeout(environment: environment))
        } catch let error as StoreError where error.kind == .busy || error.kind == .readOnly {
            throw AppError(error)
        } catch {
            let reason = (error as? StoreError)?.message ?? "\(error)"
            throw AppError.input("cannot open database \(path): \(reason) — is it a readiness database?")
        }
        if isNew && chosen == nil {
            do {
                let loaded = try loadSample(into: store, at: clock.now())
                notice("readiness: created \(path) with the shipped Quảng Ngãi sample (\(loaded.communes, "commune"), \(loaded.events, "event"))")
            } catch {
                try? fm.removeItem(atPath: path)
                try? fm.removeItem(atPath: path + "-wal")
                try? fm.removeItem(atPath: path + "-shm")
                throw error
            }
        }
        return store
    }
}
