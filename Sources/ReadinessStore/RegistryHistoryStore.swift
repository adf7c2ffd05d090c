import Foundation
import GRDB
import ReadinessCore

/// What applying registry changes did, or would do with `dryRun`.
public struct RegistryChangeOutcome: Sendable {
    /// The registry before and after.
    public var before: RegistryHistory
    public var after: RegistryHistory
    /// The ledger events that carried the predecessors' holdings to their successors.
    public var transfers: [NewEvent]
    /// Problems, with the index of the change at fault; nothing was written when there is one.
    public var problems: [(index: Int, problem: RegistryChangeProblem)]
    /// Changes already recorded exactly so (a file applied again): left as they are.
    public var alreadyApplied: Int
    public var written: Bool
}

extension InventoryDatabase {
    /// The registry with its versions, its changes and the units awaiting a transfer file.
    public func registryHistory() throws -> RegistryHistory {
        try read { db in try Self.registryHistory(code: nil, in: db) }
    }

    /// One unit's versions and the changes that touched it (nil when the registry has no such unit).
    public func registryHistory(ofUnit code: String) throws -> RegistryHistory? {
        try read { db in
            let history = try Self.registryHistory(code: code, in: db)
            return history.units.isEmpty ? nil : history
        }
    }

    /// The whole registry (code nil) or one unit of it, with the changes that name it.
    static func registryHistory(code: String?, in db: Database) throws -> RegistryHistory {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT v.code, v.valid_from, v.valid_until, v.name, v.type, v.province_code, v.province_name, v.attributes
            FROM commune_version AS v JOIN commune AS c ON c.code = v.code
            \(code == nil ? "" : "WHERE v.code = ?1")
            ORDER BY c.position, v.valid_from
            """, arguments: code.map { [$0] } ?? [])
        var units: [(code: String, versions: [CommuneVersion])] = []
        while let row = try rows.next() {
            let unitCode: String = row[0]
            let commune = Commune(code: unitCode, name: row[3], type: CommuneType(rawValue: row[4]) ?? .xa, provinceCode: row[5],
                                  provinceName: row[6], attributes: AttributeCoding.decode(row[7]))
            let version = CommuneVersion(commune: commune, from: Day(iso: row[1]), until: Day(iso: row[2]))
            if units.last?.code == unitCode { units[units.count - 1].versions.append(version) } else { units.append((unitCode, [version])) }
        }
        var changes: [RegistryChange] = []
        let province = code.flatMap { _ in units.last?.versions.last?.commune.provinceCode }
        let changeRows = try Row.fetchCursor(db, sql: """
            SELECT effective_on, change, code, to_code, name, type, province_code, province_name, source FROM registry_change
            \(code == nil ? "" : "WHERE code = ?1 OR to_code = ?1 OR code = ?2") ORDER BY id
            """, arguments: code.map { [$0, province ?? ""] } ?? [])
        while let row = try changeRows.next() {
            guard let day = Day(iso: row[0]), let kind = RegistryChangeKind(rawValue: row[1]) else { continue }
            changes.append(RegistryChange(effective: day, kind: kind, code: row[2], toCode: row[3], name: row[4],
                                          type: CommuneType(rawValue: row[5]), provinceCode: row[6], provinceName: row[7], source: row[8]))
        }
        let waiting = Set(try String.fetchAll(db, sql: "SELECT code FROM awaiting_transfer\(code == nil ? "" : " WHERE code = ?")",
                                              arguments: code.map { [$0] } ?? []))
        return RegistryHistory(units: units, changes: changes, awaitingTransfer: waiting)
    }

    /// Applies dated changes to the registry in one transaction: the registry as it then stands is read, the
    /// changes applied in date order, and the holdings of merged units carried to their successors by ledger
    /// events whose source is the resolution. With a problem, or with `dryRun`, nothing is written.
    /// - Parameter provinceNames: the name of each province by code, for units moved or established.
    public func applyRegistryChanges(_ changes: [RegistryChange], provinceNames: [String: String], recordedBy: String,
                                     at time: Date, dryRun: Bool) throws -> RegistryChangeOutcome {
        try write { db in
            let before = try Self.registryHistory(code: nil, in: db)
            // The province names the registry knows win over the shipped ones (a province renamed since).
            var names = provinceNames
            for unit in before.units { if let c = unit.versions.last?.commune, !c.provinceCode.isEmpty { names[c.provinceCode] = c.provinceName } }
            let named = changes.map { change -> RegistryChange in
                var c = change
                if !c.provinceCode.isEmpty, c.provinceName.isEmpty, !c.isProvinceChange { c.provinceName = names[c.provinceCode] ?? "" }
                return c
            }
            // (A change is the same whatever the province was called when it was recorded.)
            func unnamed(_ c: RegistryChange) -> RegistryChange { var c = c; c.provinceName = ""; return c }
            let recorded = Set(before.changes.map(unnamed))
            let fresh = named.indices.filter { !recorded.contains(unnamed(named[$0])) }
            let applied = fresh.map { named[$0] }
            var after = before
            let problems = after.apply(applied).map { (index: fresh[$0.index], problem: $0.problem) }
            let already = named.count - fresh.count
            guard problems.isEmpty else {
                return RegistryChangeOutcome(before: before, after: before, transfers: [], problems: problems, alreadyApplied: already, written: false)
            }
            // What each merged unit held on its merge's day.
            let merges = applied.filter { $0.kind == .merge }
            var transfers: [NewEvent] = []
            for day in Set(merges.map(\.effective)).sorted() {
                let onDay = merges.filter { $0.effective == day }
                let codes = Set(onDay.flatMap(\.units)).sorted()
                let state = try Self.states(asOf: [day], communes: codes, in: db)[0]
                transfers += RegistryHistory.mergeTransfers(onDay, state: state, recordedBy: recordedBy)
            }
            if dryRun || applied.isEmpty {
                return RegistryChangeOutcome(before: before, after: after, transfers: transfers, problems: [], alreadyApplied: already, written: false)
            }
            try Self.save(after, newChanges: applied, recordedBy: recordedBy, at: time, in: db)
            if !transfers.isEmpty { _ = try Self.append(transfers, recordedAt: time, in: db) }
            return RegistryChangeOutcome(before: before, after: after, transfers: transfers, problems: [], alreadyApplied: already, written: true)
        }
    }

    /// Writes the registry's units (the `commune` table holds each unit's latest version, in registry order),
    /// their versions, the new changes and the units awaiting a transfer file.
    static func save(_ history: RegistryHistory, newChanges: [RegistryChange], recordedBy: String, at time: Date,
                     in db: Database) throws {
        var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM commune") ?? 0
        let known = Set(try String.fetchAll(db, sql: "SELECT code FROM commune"))
        let insert = try db.makeStatement(sql: """
            INSERT INTO commune (code, name, type, province_code, province_name, attributes, position) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let update = try db.makeStatement(sql: """
            UPDATE commune SET name = ?, type = ?, province_code = ?, province_name = ?, attributes = ?
            WHERE code = ? AND (name, type, province_code, province_name, attributes) IS NOT (?, ?, ?, ?, ?)
            """)
        let version = try db.makeStatement(sql: """
            INSERT INTO commune_version (code, valid_from, valid_until, name, type, province_code, province_name, attributes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try db.execute(sql: "DELETE FROM commune_version")
        var latest: [Commune] = []
        for unit in history.units {
            guard let last = unit.versions.last?.commune else { continue }
            latest.append(last)
            let attributes = AttributeCoding.encode(last.attributes)
            if known.contains(unit.code) {
                try update.execute(arguments: [last.name, last.type.rawValue, last.provinceCode, last.provinceName, attributes, unit.code,
                                               last.name, last.type.rawValue, last.provinceCode, last.provinceName, attributes])
            } else {
                position += 1
                try insert.execute(arguments: [unit.code, last.name, last.type.rawValue, last.provinceCode, last.provinceName,
                                               attributes, position])
            }
            for v in unit.versions {
                try version.execute(arguments: [unit.code, v.from?.iso ?? "", v.until?.iso ?? "", v.commune.name, v.commune.type.rawValue,
                                                v.commune.provinceCode, v.commune.provinceName, AttributeCoding.encode(v.commune.attributes)])
            }
        }
        let stamp = ISO8601DateFormatter().string(from: time)
        for c in newChanges {
            try db.execute(sql: """
                INSERT INTO registry_change (effective_on, change, code, to_code, name, type, province_code, province_name, source,
                                             recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.effective.iso, c.kind.rawValue, c.code, c.toCode, c.name, c.type?.rawValue ?? "", c.provinceCode,
                                 c.provinceName, c.source, recordedBy, stamp])
        }
        let waiting = Set(try String.fetchAll(db, sql: "SELECT code FROM awaiting_transfer"))
        for code in waiting.subtracting(history.awaitingTransfer) {
            try db.execute(sql: "DELETE FROM awaiting_transfer WHERE code = ?", arguments: [code])
        }
        for code in history.awaitingTransfer.subtracting(waiting).sorted() {
            try db.execute(sql: "INSERT INTO awaiting_transfer (code) VALUES (?)", arguments: [code])
        }
        try keepRegistryAttributes(RegistryAttributes(latest), in: db)
    }

    /// The enabled commune accounts whose commune does not exist on `day` (merged into another, or dissolved):
    /// flagged for an admin, who decides where they go. Their names and communes, by name.
    public func accountsWithoutUnit(on day: Day, in history: RegistryHistory) throws -> [(name: String, commune: String)] {
        let existing = Set(history.communes(on: day).map(\.code))
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT name, commune_code FROM account WHERE role = 'commune' AND disabled = 0 ORDER BY name")
        }
        return rows.compactMap { row -> (name: String, commune: String)? in
            let code: String = row["commune_code"] ?? ""
            return existing.contains(code) ? nil : (row["name"], code)
        }
    }

    /// Marks units whose holdings a transfer file has divided: their rules are judged again.
    static func transferred(_ codes: Set<String>, in db: Database) throws {
        for code in codes.sorted() { try db.execute(sql: "DELETE FROM awaiting_transfer WHERE code = ?", arguments: [code]) }
    }
}
