import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// One open database with the catalogue, the chosen checklist and the registry read once: what every
/// use case that evaluates works on. The command opens one per run; the web app one per request.
public struct Session: Sendable {
    public let workspace: Workspace
    public let database: InventoryDatabase
    public let catalog: Catalog
    public let checklist: Checklist
    /// The units that exist today (narrowed to a scope's, for a narrowed session), as they stand today.
    public let communes: [Commune]
    /// Every unit ever registered, as it last stood: what a typed code or name is looked up in.
    public let directory: CommuneDirectory
    /// The registry's past: which units existed on a day, and as what.
    public let history: RegistryHistory
    /// No unit ever changed: every day's registry is `communes`.
    let unchanging: Bool
    /// The scope a narrowed session keeps to, applied to every day's registry.
    let scope: Scope?
    /// The commune attributes of the registry, with their types: what checklists and policies may name.
    public let registry: RegistryAttributes
    public let clock: Clock
    /// Phase times, when measured.
    public let log: PhaseLog?
    /// Where results are remembered, for a session from a `SessionCache`, with the data stamp read for it.
    let memo: (cache: SessionCache, stamp: DataStamp)?

    /// Reads the catalogue, the registry and the checklist (an id of Checklists/ or a file; nil for the default
    /// one). A database without communes is refused: nothing could be judged. So is a checklist naming a
    /// commune attribute that no commune of the registry has, or comparing one with a value of a type its
    /// values never take (see `RegistryCheck`): its lines would look met, or empty, while nothing was judged.
    public init(workspace: Workspace, database: InventoryDatabase, checklist id: String?, clock: Clock = .system,
                log: PhaseLog? = nil) throws(AppError) {
        let catalog = try workspace.catalog()
        let history = try AppError.wrap { try database.registryHistory() }
        let unchanging = history.isUnchanging
        let everyUnit = history.units.compactMap { $0.versions.last?.commune }
        let communes = unchanging ? everyUnit : history.communes(on: clock.today)
        log.mark("communes")
        if everyUnit.isEmpty { throw Self.noCommunes(in: database) }
        let registry = RegistryAttributes(everyUnit)
        let checklist = try workspace.checklist(id, catalog: catalog, registry: registry)
        log.mark("catalog and checklist")
        let directory = CommuneDirectory(everyUnit)
        log.mark("commune directory")
        self.init(workspace: workspace, database: database, catalog: catalog, checklist: checklist, communes: communes,
                  directory: directory, history: history, unchanging: unchanging, scope: nil, registry: registry, clock: clock,
                  log: log, memo: nil)
    }

    /// A session over one commune, for its card: the commune is the one `commune(_:)` of a whole
    /// session finds for `query` (code or name), with the same errors; only its row of the registry is
    /// read when `query` is its code, and the names of the others otherwise. The checklist is checked
    /// against the whole registry's attributes, as in `init`. `communes` holds that one commune.
    public init(workspace: Workspace, database: InventoryDatabase, checklist id: String?, commune query: String,
                clock: Clock = .system, log: PhaseLog? = nil) throws(AppError) {
        let catalog = try workspace.catalog()
        let exact = try AppError.wrap { try database.registeredCommune(code: query) }
        let others = exact == nil ? try AppError.wrap { try database.communeNames() } : []
        log.mark("the commune")
        if exact == nil && others.isEmpty { throw Self.noCommunes(in: database) }
        let registry = try AppError.wrap { try database.registryAttributes() }
        let checklist = try workspace.checklist(id, catalog: catalog, registry: registry)
        log.mark("catalog and checklist")
        let commune: Commune
        if let exact {
            commune = exact
        } else {
            let found = try AppError.wrap { try CommuneDirectory(others).resolve(query) }
            commune = try AppError.wrap { try database.registeredCommune(code: found.code) } ?? found
        }
        let history = try AppError.wrap { try database.registryHistory(ofUnit: commune.code) } ?? RegistryHistory(communes: [commune])
        self.init(workspace: workspace, database: database, catalog: catalog, checklist: checklist, communes: [commune],
                  directory: CommuneDirectory([commune]), history: history, unchanging: history.isUnchanging, scope: nil,
                  registry: registry, clock: clock, log: log, memo: nil)
    }

    private static func noCommunes(in database: InventoryDatabase) -> AppError {
        .conflict("the database \(database.path) has no communes yet: load a list with `readiness communes load FILE` (or the shipped sample with `readiness sample load --db \(database.path)`)")
    }

    private init(workspace: Workspace, database: InventoryDatabase, catalog: Catalog, checklist: Checklist, communes: [Commune],
                 directory: CommuneDirectory, history: RegistryHistory, unchanging: Bool, scope: Scope?, registry: RegistryAttributes,
                 clock: Clock, log: PhaseLog?, memo: (cache: SessionCache, stamp: DataStamp)?) {
        self.workspace = workspace
        self.database = database
        self.catalog = catalog
        self.checklist = checklist
        self.communes = communes
        self.directory = directory
        self.history = history
        self.unchanging = unchanging
        self.scope = scope
        self.registry = registry
        self.clock = clock
        self.log = log
        self.memo = memo
    }

    private init(copying other: Session, communes: [Commune], scope: Scope?, memo: (cache: SessionCache, stamp: DataStamp)?) {
        self.init(workspace: other.workspace, database: other.database, catalog: other.catalog, checklist: other.checklist,
                  communes: communes, directory: other.directory, history: other.history, unchanging: other.unchanging, scope: scope,
                  registry: other.registry, clock: other.clock, log: other.log, memo: memo)
    }

    /// The same session judging only the communes whose summary `scope` may see (its province's, or
    /// all); communes are still found by name among all of them, so that a look-up of another
    /// province's commune is refused as forbidden, not as unknown.
    public func narrowed(to scope: Scope) -> Session {
        let visible = scope.summaryCommunes(communes)
        if visible.count == communes.count, unchanging || scope.summaryCommunes(history.units.compactMap { $0.versions.last?.commune }).count == directory.communes.count {
            return self
        }
        return Session(copying: self, communes: visible, scope: scope, memo: memo)
    }

    /// The same session, its results remembered in `cache` for the data `stamp` describes.
    func remembering(in cache: SessionCache, stamp: DataStamp) -> Session {
        Session(copying: self, communes: communes, scope: scope, memo: (cache, stamp))
    }

    /// Closes the database, its write-ahead log checkpointed into the file; the session cannot be used afterwards.
    public func close() throws(AppError) {
        try AppError.wrap { try database.close() }
    }

    /// Today in Vietnam, by the session's clock.
    public var today: Day { clock.today }

    public var domainOrder: [String] { catalog.domains.map(\.id) }

    /// The checklist judged on every commune on a date.
    public func evaluate(on day: Day) throws(AppError) -> Evaluation {
        let state = try self.state(on: day)
        defer { log.mark("evaluate") }
        return evaluate(state)
    }

    /// The checklist judged on the given state, for every commune or only `communes`.
    /// The checklist judged on the given state, for every unit that existed on its date (as it stood then) or
    /// only `communes`.
    public func evaluate(_ state: InventoryState, communes: [Commune]? = nil) -> Evaluation {
        Evaluator.evaluate(checklist, communes: communes ?? self.communes(on: state.asOf), state: state, domainOrder: domainOrder)
    }

    /// The units that existed on `day` as they stood then, within the session's scope, in registry order.
    public func communes(on day: Day) -> [Commune] {
        if unchanging { return communes }
        let all = history.communes(on: day)
        return scope.map { $0.summaryCommunes(all) } ?? all
    }

    /// The unit as it stood on `day` (its name, type, province, attributes then).
    public func commune(_ commune: Commune, asOn day: Day) throws(AppError) -> Commune {
        if unchanging { return commune }
        guard var then = history.commune(commune.code, on: day) else {
            throw .notFound("\(commune.label) did not exist on \(day.iso): see its history with readiness communes history \(commune.code)",
                            field: "as-of")
        }
        if history.awaitingTransfer.contains(commune.code) { then.awaitingTransfer = true }
        return then
    }

    /// The registry's changes that took effect after `start` up to and including `end`, within the session's scope.
    public func registryChanges(after start: Day, through end: Day) -> [RegistryChange] {
        let changes = history.changes(after: start, through: end)
        guard let scope else { return changes }
        let visibleUnits = scope.summaryCommunes(history.units.compactMap { $0.versions.last?.commune })
        let visible = Set(visibleUnits.map(\.code)), provinces = Set(visibleUnits.map(\.provinceCode))
        return changes.filter { c in c.isProvinceChange ? provinces.contains(c.code) : c.units.contains(where: visible.contains) }
    }

    /// What every commune holds on a date.
    public func state(on day: Day) throws(AppError) -> InventoryState {
        defer { log.mark("state") }
        return try AppError.wrap { try database.state(asOf: day) }
    }

    /// What every commune holds on each of `days`, read together (one pass from holding to holding); for a
    /// session narrowed to a scope, only the communes it sees (on any of the days) are read.
    public func states(on days: [Day]) throws(AppError) -> [InventoryState] {
        defer { log.mark("states on \(days.count) days") }
        if let scope {
            let seen = scope.summaryCommunes(directory.communes).map(\.code)
            if seen.count < directory.communes.count {
                return try AppError.wrap { try database.states(asOf: days, communes: seen) }
            }
        }
        return try AppError.wrap { try database.states(asOf: days) }
    }

    /// The checklist judged on every commune on each of `days`.
    public func evaluate(on days: [Day]) throws(AppError) -> [Evaluation] {
        let states = try self.states(on: days)
        defer { log.mark("evaluate \(days.count) days") }
        let session = self
        return Parallel.map(states) { session.evaluate($0) }
    }

    /// A commune as people type it: code or name, with or without diacritics.
    public func commune(_ query: String) throws(AppError) -> Commune {
        try AppError.wrap { try directory.resolve(query) }
    }

    /// An item of the catalogue by id.
    public func item(_ id: String) throws(AppError) -> ItemKind {
        guard let kind = catalog.item(id) else {
            throw .notFound("unknown item \"\(id)\"; the catalogue has: \(catalog.items.map(\.id).joined(separator: ", "))", field: "item")
        }
        return kind
    }

    /// The rules that become met or unmet when `events` are added to `before`. Only the communes the
    /// events touch can change, so only they are judged.
    public func ruleChanges(applying events: [NewEvent], to before: InventoryState) -> [RuleChange] {
        ruleChanges(applying: [events], to: before)
    }

    /// The same for the events of several files, applied file after file (as if one after the other in
    /// one array), without joining them into one.
    public func ruleChanges(applying files: [[NewEvent]], to before: InventoryState) -> [RuleChange] {
        var touched = Set<String>()
        var after = before
        for events in files where !events.isEmpty {
            events.collectCommunes(into: &touched)
            after.apply(events)
        }
        return ruleChanges(from: before, to: after, communes: touched)
    }

    /// The rules that became met or unmet from one state to the other, judged on the communes given (those
    /// whose holdings may differ).
    public func ruleChanges(from before: InventoryState, to after: InventoryState, communes touched: Set<String>) -> [RuleChange] {
        guard !touched.isEmpty else { return [] }
        let scope = communes.filter { touched.contains($0.code) }
        return evaluate(after, communes: scope).changes(since: evaluate(before, communes: scope))
    }
}
