import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// How many units of each type a registry counts on a day.
public struct RegistryTotals: Sendable, Hashable {
    public var day: Day
    public var xa = 0, phuong = 0, dacKhu = 0
    public var total: Int { xa + phuong + dacKhu }

    public init(_ communes: [Commune], on day: Day) {
        self.day = day
        for c in communes {
            switch c.type {
            case .xa: xa += 1
            case .phuong: phuong += 1
            case .dacKhu: dacKhu += 1
            }
        }
    }
}

/// Applies a change file to the registry: every row checked against the registry as it stands on its date,
/// all or nothing; merged units' holdings carried to their successors by ledger events.
public struct ApplyRegistryChanges: Sendable {
    public struct Result: Sendable {
        public var changes: [RegistryChange]
        /// Ledger events written (or that would be) to carry merged units' holdings.
        public var transfers: Int
        /// The registry's totals the day before the first change and on the last one.
        public var before: RegistryTotals
        public var after: RegistryTotals
        /// Units established by a split, waiting for the province's transfer file.
        public var awaitingTransfer: [Commune]
        /// Accounts whose commune no longer exists on the last change's day: an admin decides where they go.
        public var flaggedAccounts: [String]
        /// Changes of the file already recorded exactly so (the file applied before): nothing done for them.
        public var alreadyApplied: Int
        public var written: Bool
        public var database: String
    }

    public let workspace: Workspace
    public init(workspace: Workspace) { self.workspace = workspace }

    /// The file is read and checked before the database is opened.
    public func run(text: String, file: String, dryRun: Bool, recordedBy: String = "command", at time: Date = Date(),
                    open: () throws(AppError) -> InventoryDatabase) throws(AppError) -> Result {
        let parsed = try AppError.wrap { try RegistryChangeFile.parse(text, file: file) }
        guard let first = parsed.changes.map(\.change.effective).min(), let last = parsed.changes.map(\.change.effective).max() else {
            throw .input("\(file): no change in the file")
        }
        let database = try open()
        let outcome = try AppError.wrap {
            try database.applyRegistryChanges(parsed.changes.map(\.change), provinceNames: workspace.provinceNames(),
                                              recordedBy: recordedBy, at: time, dryRun: dryRun)
        }
        if !outcome.problems.isEmpty {
            let issues = outcome.problems.map { p in
                SourceIssue(file: file, line: parsed.changes[p.index].line, column: parsed.column(of: p.problem.column), p.problem.phrase)
            }.sorted()
            throw AppError(InputProblems(issues))
        }
        let flagged = try AppError.wrap { try database.accountsWithoutUnit(on: last, in: outcome.after) }.map(\.name)
        return Result(changes: parsed.changes.map(\.change), transfers: outcome.transfers.count,
                      before: RegistryTotals(outcome.before.communes(on: first.adding(days: -1)), on: first.adding(days: -1)),
                      after: RegistryTotals(outcome.after.communes(on: last), on: last),
                      awaitingTransfer: outcome.after.awaitingTransfer.sorted().compactMap { outcome.after.latest($0) },
                      flaggedAccounts: flagged, alreadyApplied: outcome.alreadyApplied, written: outcome.written, database: database.path)
    }
}

/// The registry as it stood on a day, and one unit's history.
public struct RegistryHistoryQuery: Sendable {
    public let database: InventoryDatabase
    public init(database: InventoryDatabase) { self.database = database }

    /// The units that existed on `day`, as they stood then, in registry order.
    public func communes(on day: Day) throws(AppError) -> [Commune] {
        try DateInput.check(day, field: "as-of")
        return try AppError.wrap { try database.registryHistory() }.communes(on: day)
    }

    /// One unit's versions and the changes that touched it, with their sources and the names of the units
    /// they name.
    public func unit(_ code: String) throws(AppError) -> UnitHistory {
        guard let history = try AppError.wrap({ try database.registryHistory(ofUnit: code) }) else {
            throw .notFound("no commune \(code) in the registry", field: "commune")
        }
        var unit = history.unitHistory(code)
        for other in Set(unit.changes.flatMap(\.units)).subtracting([code]).sorted() {
            if let h = try AppError.wrap({ try database.registryHistory(ofUnit: other) }), let c = h.latest(other) { unit.names[other] = c.name }
        }
        return unit
    }
}

/// The registry's recorded changes written as a change file (the file `communes changes` reads): what a ministry
/// applies to the national list before importing a province's ledger, so that both count the same units on
/// every date. Applying it again changes nothing.
public struct ExportRegistryChanges: Sendable {
    public let database: InventoryDatabase
    public init(database: InventoryDatabase) { self.database = database }

    /// The changes of `province` (nil: all), in the order they were applied, as CSV.
    public func run(province: String?) throws(AppError) -> (csv: String, changes: Int) {
        let history = try AppError.wrap { try database.registryHistory() }
        let changes = history.changes.filter { c in
            guard let province else { return true }
            if c.isProvinceChange { return c.code == province }
            return c.units.contains { code in history.versions(of: code).contains { $0.commune.provinceCode == province } }
        }
        var rows: [[CSVValue]] = [RegistryChangeFile.columns.map(CSVValue.text)]
        for c in changes {
            rows.append([.number(c.effective.iso), .text(c.kind.rawValue), .text(c.code), .text(c.toCode), .text(c.name),
                         .text(c.type?.rawValue ?? ""), .text(c.provinceCode), .text(c.source)])
        }
        return (SafeText.csv(rows, byteOrderMark: true), changes.count)
    }
}
