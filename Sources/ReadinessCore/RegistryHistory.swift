/// What can happen to a commune-level unit (or, for `rename`, to a province), by resolution.
public enum RegistryChangeKind: String, Sendable, Hashable, CaseIterable, Codable {
    case rename, reclassify, move, merge, split, dissolve, establish

    /// How the kind is written in words: "renamed", "reclassified", …
    public var phrase: Phrase {
        switch self {
        case .rename: "renamed"
        case .reclassify: "reclassified"
        case .move: "moved to another province"
        case .merge: "merged"
        case .split: "split"
        case .dissolve: "dissolved"
        case .establish: "established"
        }
    }
}

/// One dated change of the registry with its legal source. For a merge, one per predecessor (`code`), all
/// with the successor's `toCode`; for a split, one per successor (`toCode`) of the unit `code`. A province
/// is renamed by a `rename` whose `code` is the province's two-digit code: every unit of it then carries
/// the new province name.
public struct RegistryChange: Sendable, Hashable, Codable {
    public var effective: Day
    public var kind: RegistryChangeKind
    public var code: String
    public var toCode: String
    /// The new name (rename, reclassify, establish, a new successor), or "" to keep it.
    public var name: String
    public var type: CommuneType?
    /// The province afterwards (move, establish, a new successor), or "" to keep it.
    public var provinceCode: String
    public var provinceName: String
    /// The resolution: "Nghị quyết 237/NQ-UBTVQH16 ngày 12/3/2026".
    public var source: String

    public init(effective: Day, kind: RegistryChangeKind, code: String, toCode: String = "", name: String = "",
                type: CommuneType? = nil, provinceCode: String = "", provinceName: String = "", source: String) {
        self.effective = effective
        self.kind = kind
        self.code = code
        self.toCode = toCode
        self.name = name
        self.type = type
        self.provinceCode = provinceCode
        self.provinceName = provinceName
        self.source = source
    }

    /// A change of a province as a whole (its code has two digits), not of one unit.
    public var isProvinceChange: Bool { code.utf8.count == 2 }

    /// The units whose life the change touches.
    public var units: [String] { toCode.isEmpty || toCode == code ? [code] : [code, toCode] }
}

/// A unit as it stood over a period: from `from` (nil: since before the registry recorded anything) up to,
/// not including, `until` (nil: still so).
public struct CommuneVersion: Sendable, Hashable {
    public var commune: Commune
    public var from: Day?
    public var until: Day?

    public init(commune: Commune, from: Day? = nil, until: Day? = nil) {
        self.commune = commune
        self.from = from
        self.until = until
    }

    public func holds(on day: Day) -> Bool {
        (from.map { $0 <= day } ?? true) && (until.map { day < $0 } ?? true)
    }
}

/// Why a change cannot be applied to the registry as it stands on its date; `column` names the field of the
/// change file at fault.
public struct RegistryChangeProblem: Error, Sendable, Hashable {
    public enum Column: String, Sendable { case effective, change, code, toCode = "to_code", name, type, provinceCode = "province_code", source }
    public var column: Column
    public var phrase: Phrase
    public init(_ column: Column, _ phrase: Phrase) {
        self.column = column
        self.phrase = phrase
    }
}

/// The registry with its past: every unit's versions and the dated changes between them. Reports as of a
/// day use `communes(on:)`: the units that existed that day, as they were named, typed and placed then.
public struct RegistryHistory: Sendable {
    /// Every unit ever registered, in registry order, each with its versions in date order.
    public private(set) var units: [(code: String, versions: [CommuneVersion])]
    /// The changes applied, in the order they were applied.
    public private(set) var changes: [RegistryChange]
    /// Units established by a split whose holdings the province has not yet divided.
    public private(set) var awaitingTransfer: Set<String>
    private var position: [String: Int]

    public init(units: [(code: String, versions: [CommuneVersion])], changes: [RegistryChange] = [],
                awaitingTransfer: Set<String> = []) {
        self.units = units
        self.changes = changes
        self.awaitingTransfer = awaitingTransfer
        var position: [String: Int] = [:]
        for (i, unit) in units.enumerated() { position[unit.code] = i }
        self.position = position
    }

    /// A registry without a past: each commune as one version that always held.
    public init(communes: [Commune]) {
        self.init(units: communes.map { ($0.code, [CommuneVersion(commune: $0)]) })
    }

    /// No unit ever changed: every day's registry is the same.
    public var isUnchanging: Bool { changes.isEmpty && units.allSatisfy { $0.versions.count == 1 && $0.versions[0].from == nil && $0.versions[0].until == nil } }

    /// The units that existed on `day`, as they stood, in registry order. A unit waiting for its transfer
    /// file is marked so (its rules are not judged).
    public func communes(on day: Day) -> [Commune] {
        var result: [Commune] = []
        result.reserveCapacity(units.count)
        for unit in units {
            // (Versions are few: the last that holds, read from the end.)
            if let v = unit.versions.last(where: { $0.holds(on: day) }) {
                var c = v.commune
                if awaitingTransfer.contains(c.code) { c.awaitingTransfer = true }
                result.append(c)
            }
        }
        return result
    }

    /// The unit's versions, oldest first; empty for a code never registered.
    public func versions(of code: String) -> [CommuneVersion] { position[code].map { units[$0].versions } ?? [] }

    /// The unit as it stood on `day`, or nil when it did not exist then.
    public func commune(_ code: String, on day: Day) -> Commune? {
        versions(of: code).last(where: { $0.holds(on: day) })?.commune
    }

    /// The unit's latest version, whether it still exists or not.
    public func latest(_ code: String) -> Commune? { versions(of: code).last?.commune }

    /// The changes that touched the unit (as the unit changed, as a predecessor or as a successor), in date order.
    public func changes(of code: String) -> [RegistryChange] {
        let province = latest(code)?.provinceCode
        return changes.filter { $0.code == code || $0.toCode == code || ($0.isProvinceChange && $0.code == province) }
            .sorted { $0.effective < $1.effective }
    }

    /// The changes that took effect after `start` up to and including `end`: what makes the registries of the
    /// two days differ.
    public func changes(after start: Day, through end: Day) -> [RegistryChange] {
        changes.filter { start < $0.effective && $0.effective <= end }.sorted { $0.effective < $1.effective }
    }

    /// Applies changes in date order (stable: rows of one day keep their order), each merge (rows of one day with
    /// one `toCode`) and each split (rows of one day with one `code`) as one. Every problem is returned with the
    /// index of the change at fault; the changes before a problem are applied, those after it still tried on
    /// the registry as it then stands.
    public mutating func apply(_ all: [RegistryChange]) -> [(index: Int, problem: RegistryChangeProblem)] {
        let order = all.indices.sorted { (all[$0].effective, $0) < (all[$1].effective, $1) }
        var problems: [(index: Int, problem: RegistryChangeProblem)] = []
        var done = Set<Int>()
        for i in order where !done.contains(i) {
            let c = all[i]
            let group: [Int]
            switch c.kind {
            case .merge where !c.isProvinceChange:
                group = order.filter { all[$0].kind == .merge && all[$0].effective == c.effective && all[$0].toCode == c.toCode }
            case .split where !c.isProvinceChange:
                group = order.filter { all[$0].kind == .split && all[$0].effective == c.effective && all[$0].code == c.code }
            default:
                group = [i]
            }
            done.formUnion(group)
            do throws(RegistryChangeProblem) {
                try apply(group: group.map { all[$0] })
            } catch {
                problems.append((group.first ?? i, error))
            }
        }
        return problems
    }

    /// Applies one change (a merge or a split as all its rows); history is written forwards: a change may not
    /// take effect before one already recorded for the units it touches. Nothing changes when it throws.
    public mutating func apply(group rows: [RegistryChange]) throws(RegistryChangeProblem) {
        guard let change = rows.first else { return }
        var copy = self
        try copy.applying(rows, change)
        self = copy
    }

    private mutating func applying(_ rows: [RegistryChange], _ change: RegistryChange) throws(RegistryChangeProblem) {
        let day = change.effective
        guard !change.source.isEmpty else { throw RegistryChangeProblem(.source, "every change needs its source: the resolution's number and date") }
        if change.isProvinceChange {
            guard change.kind == .rename else {
                throw RegistryChangeProblem(.change, "a two-digit code is a province: only rename applies to a province")
            }
            guard !change.name.isEmpty else { throw RegistryChangeProblem(.name, "a province's rename needs its new name") }
            let affected = units.indices.filter { units[$0].versions.last.map { $0.holds(on: day) && $0.commune.provinceCode == change.code } ?? false }
            guard !affected.isEmpty else { throw RegistryChangeProblem(.code, "no unit of province \(change.code) exists on \(day.iso)") }
            for i in affected {
                var c = units[i].versions[units[i].versions.count - 1].commune
                c.provinceName = change.name
                try startVersion(c, at: i, on: day)
            }
            changes.append(change)
            return
        }
        switch change.kind {
        case .establish:
            if position[change.code] != nil { throw RegistryChangeProblem(.code, "unit \(change.code) is already in the registry") }
            addUnit(try newUnit(change.code, change), from: day)
        case .dissolve:
            let i = try current(change.code, on: day)
            try endVersion(at: i, on: day)
        case .rename, .reclassify, .move:
            let i = try current(change.code, on: day)
            var c = units[i].versions[units[i].versions.count - 1].commune
            switch change.kind {
            case .rename:
                guard !change.name.isEmpty else { throw RegistryChangeProblem(.name, "a rename needs the new name") }
            case .reclassify:
                guard let type = change.type else { throw RegistryChangeProblem(.type, "a reclassification needs the new type (xã, phường or đặc khu)") }
                if type == c.type { throw RegistryChangeProblem(.type, "unit \(change.code) is already a \(type.rawValue) on \(day.iso)") }
            default:
                guard !change.provinceCode.isEmpty else { throw RegistryChangeProblem(.provinceCode, "a move needs the province it moves to") }
                if change.provinceCode == c.provinceCode { throw RegistryChangeProblem(.provinceCode, "unit \(change.code) is already in province \(c.provinceCode)") }
            }
            if !change.name.isEmpty { c.name = change.name }
            if let type = change.type { c.type = type }
            if !change.provinceCode.isEmpty, change.provinceCode != c.provinceCode {
                c.provinceCode = change.provinceCode
                c.provinceName = change.provinceName
            }
            try startVersion(c, at: i, on: day)
        case .merge:
            guard !change.toCode.isEmpty else { throw RegistryChangeProblem(.toCode, "a merge needs the successor's code") }
            let predecessors = rows.map(\.code)
            if predecessors.contains(change.toCode) { throw RegistryChangeProblem(.toCode, "a unit cannot merge into itself") }
            let ended = try predecessors.map { code throws(RegistryChangeProblem) in try current(code, on: day) }
            if let j = position[change.toCode] {
                // Into one of them: it goes on, renamed or reclassified if the rows say so.
                _ = try current(change.toCode, on: day)
                var c = units[j].versions[units[j].versions.count - 1].commune
                if let named = rows.first(where: { !$0.name.isEmpty }) { c.name = named.name }
                if let typed = rows.first(where: { $0.type != nil }) { c.type = typed.type ?? c.type }
                if c != units[j].versions[units[j].versions.count - 1].commune { try startVersion(c, at: j, on: day) }
            } else {
                addUnit(try newUnit(change.toCode, Self.describing(rows, defaultProvince: units[ended[0]].versions.last?.commune)), from: day)
            }
            for i in ended { try endVersion(at: i, on: day) }
        case .split:
            let i = try current(change.code, on: day)
            let predecessor = units[i].versions[units[i].versions.count - 1].commune
            var continues = false
            for row in rows {
                guard !row.toCode.isEmpty else { throw RegistryChangeProblem(.toCode, "a split needs a successor's code, one row per successor") }
                if row.toCode == row.code {
                    continues = true
                    var c = predecessor
                    if !row.name.isEmpty { c.name = row.name }
                    if let type = row.type { c.type = type }
                    if c != predecessor { try startVersion(c, at: i, on: day) }
                } else {
                    if position[row.toCode] != nil { throw RegistryChangeProblem(.toCode, "unit \(row.toCode) is already in the registry") }
                    addUnit(try newUnit(row.toCode, Self.describing([row], defaultProvince: predecessor)), from: day)
                }
                awaitingTransfer.insert(row.toCode)
            }
            if !continues { try endVersion(at: i, on: day) }
        }
        changes.append(contentsOf: rows)
    }

    /// A new unit's description from the rows that establish it: the first name, type and province given, the
    /// province defaulting to `defaultProvince`'s.
    private static func describing(_ rows: [RegistryChange], defaultProvince: Commune?) -> RegistryChange {
        var d = rows[0]
        if let named = rows.first(where: { !$0.name.isEmpty }) { d.name = named.name }
        if let typed = rows.first(where: { $0.type != nil }) { d.type = typed.type }
        if let placed = rows.first(where: { !$0.provinceCode.isEmpty }) {
            d.provinceCode = placed.provinceCode
            d.provinceName = placed.provinceName
        } else if let p = defaultProvince {
            d.provinceCode = p.provinceCode
            d.provinceName = p.provinceName
        }
        return d
    }

    /// The holdings of a split's successors have been divided by a transfer file: their rules are judged again.
    public mutating func transferred(_ codes: some Sequence<String>) {
        awaitingTransfer.subtract(codes)
    }

    /// The unit's open version holding on `day`, as an index into `units`.
    private func current(_ code: String, on day: Day) throws(RegistryChangeProblem) -> Int {
        guard let i = position[code], let last = units[i].versions.last else {
            throw RegistryChangeProblem(.code, "no unit \(code) in the registry")
        }
        if let from = last.from, from > day {
            throw RegistryChangeProblem(.effective, "unit \(code) already has a change on \(from.iso): changes are applied in date order")
        }
        guard last.holds(on: day) else {
            if let until = last.until, until <= day { throw RegistryChangeProblem(.code, "unit \(code) no longer exists on \(day.iso) (it ended on \(until.iso))") }
            throw RegistryChangeProblem(.code, "unit \(code) does not exist yet on \(day.iso)")
        }
        return i
    }

    private func newUnit(_ code: String, _ change: RegistryChange) throws(RegistryChangeProblem) -> Commune {
        guard code.utf8.count == 5, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw RegistryChangeProblem(code == change.code ? .code : .toCode, "\"\(code)\" is not a five-digit official code")
        }
        guard !change.name.isEmpty else { throw RegistryChangeProblem(.name, "a new unit needs its name") }
        guard let type = change.type else { throw RegistryChangeProblem(.type, "a new unit needs its type (xã, phường or đặc khu)") }
        guard !change.provinceCode.isEmpty else { throw RegistryChangeProblem(.provinceCode, "a new unit needs its province") }
        return Commune(code: code, name: change.name, type: type, provinceCode: change.provinceCode, provinceName: change.provinceName)
    }

    private mutating func addUnit(_ commune: Commune, from day: Day) {
        position[commune.code] = units.count
        units.append((commune.code, [CommuneVersion(commune: commune, from: day)]))
    }

    /// Ends the unit's open version the day before `day` and opens `commune` from `day`; two changes on one
    /// day (a reclassification and the province's new name) amend that day's version.
    private mutating func startVersion(_ commune: Commune, at i: Int, on day: Day) throws(RegistryChangeProblem) {
        let last = units[i].versions.count - 1
        if let from = units[i].versions[last].from, from >= day {
            guard from == day else { throw RegistryChangeProblem(.effective, "unit \(units[i].code) already has a change on \(from.iso): changes are applied in date order") }
            units[i].versions[last].commune = commune
            return
        }
        units[i].versions[last].until = day
        units[i].versions.append(CommuneVersion(commune: commune, from: day))
    }

    private mutating func endVersion(at i: Int, on day: Day) throws(RegistryChangeProblem) {
        let last = units[i].versions.count - 1
        if let from = units[i].versions[last].from, from >= day {
            throw RegistryChangeProblem(.effective, "unit \(units[i].code) already has a change on \(from.iso): changes are applied in date order")
        }
        units[i].versions[last].until = day
    }
}

extension RegistryHistory {
    /// The ledger events that carry merged units' holdings to their successor on the merge's day: each
    /// predecessor's holding of an item drops to nothing and the successor's becomes the sum of its own (when it
    /// existed) and theirs, so that nothing is counted twice or lost. Their source is the resolution.
    /// - Parameter state: what the predecessors and successors held on the merges' day (all of one day).
    public static func mergeTransfers(_ merges: [RegistryChange], state: InventoryState, recordedBy: String) -> [NewEvent] {
        var events: [NewEvent] = []
        var successors: [String] = []
        var rowsOf: [String: [RegistryChange]] = [:]
        for m in merges where m.kind == .merge {
            if rowsOf[m.toCode] == nil { successors.append(m.toCode) }
            rowsOf[m.toCode, default: []].append(m)
        }
        for successor in successors {
            guard let rows = rowsOf[successor], let first = rows.first else { continue }
            let predecessors = rows.map(\.code)
            let items = Set(predecessors.flatMap { state.holdings(commune: $0).map(\.item) }).sorted()
            for item in items {
                let own = state.holding(commune: successor, item: item)
                var working = own?.working ?? 0, broken = own?.broken ?? 0
                var attributes = own?.attributes ?? [:]
                for p in predecessors {
                    guard let h = state.holding(commune: p, item: item) else { continue }
                    working += h.working
                    broken += h.broken
                    if own == nil, attributes.isEmpty { attributes = h.attributes }
                    events.append(NewEvent(communeCode: p, item: item, effectiveOn: first.effective, working: 0, broken: 0,
                                           attributes: h.attributes, source: first.source, recordedBy: recordedBy,
                                           note: "merge → \(successor)"))
                }
                events.append(NewEvent(communeCode: successor, item: item, effectiveOn: first.effective, working: working, broken: broken,
                                       attributes: attributes, source: first.source, recordedBy: recordedBy,
                                       note: "merge ← \(predecessors.joined(separator: ", "))"))
            }
        }
        return events
    }
}

/// One unit's past: its versions, the changes that touched it (with their sources) and the names of the other
/// units those changes name.
public struct UnitHistory: Sendable, Hashable {
    public var code: String
    public var versions: [CommuneVersion]
    public var changes: [RegistryChange]
    public var awaitingTransfer: Bool
    /// Names of the predecessors and successors the changes name, by code.
    public var names: [String: String]

    public init(code: String, versions: [CommuneVersion], changes: [RegistryChange], awaitingTransfer: Bool, names: [String: String]) {
        self.code = code
        self.versions = versions
        self.changes = changes
        self.awaitingTransfer = awaitingTransfer
        self.names = names
    }

    /// The unit as it stood the day before `day` (what a change on `day` changed from).
    public func before(_ day: Day) -> Commune? { versions.last(where: { $0.holds(on: day.adding(days: -1)) })?.commune }
}

extension RegistryHistory {
    /// A unit's history, with the names of the units its changes name as they last stood.
    public func unitHistory(_ code: String) -> UnitHistory {
        let changes = changes(of: code)
        var names: [String: String] = [:]
        for other in Set(changes.flatMap(\.units)) where other != code { names[other] = latest(other)?.name }
        return UnitHistory(code: code, versions: versions(of: code), changes: changes, awaitingTransfer: awaitingTransfer.contains(code),
                           names: names)
    }
}

/// How an official list differs from the registry as it stood on a day, within the provinces the list covers.
public struct RegistryDifferences: Sendable {
    public var day: Day
    /// In the list, not in the registry that day.
    public var added: [Commune] = []
    /// In the registry that day (in a province the list covers), not in the list.
    public var gone: [Commune] = []
    /// Known units whose name, type or province differ: as they stood, and as the list has them.
    public var renamed: [(before: Commune, after: Commune)] = []
    public var reclassified: [(before: Commune, after: Commune)] = []
    public var moved: [(before: Commune, after: Commune)] = []
    /// Known units the list describes as the registry does.
    public var unchanged = 0

    public var isEmpty: Bool { added.isEmpty && gone.isEmpty && renamed.isEmpty && reclassified.isEmpty && moved.isEmpty }

    /// The dated changes that make the registry read as the list from `day` on (the gone are not among
    /// them: only a change file says what became of them). A unit the list renames and reclassifies is one
    /// reclassification with its new name; one moved and renamed, one move with its new name.
    public func changes(source: String) -> [RegistryChange] {
        var result: [RegistryChange] = []
        var seen = Set<String>()
        for (before, after) in moved where seen.insert(after.code).inserted {
            result.append(RegistryChange(effective: day, kind: .move, code: after.code, name: after.name == before.name ? "" : after.name,
                                         type: after.type == before.type ? nil : after.type, provinceCode: after.provinceCode,
                                         provinceName: after.provinceName, source: source))
        }
        for (before, after) in reclassified where seen.insert(after.code).inserted {
            result.append(RegistryChange(effective: day, kind: .reclassify, code: after.code, name: after.name == before.name ? "" : after.name,
                                         type: after.type, source: source))
        }
        for (_, after) in renamed where seen.insert(after.code).inserted {
            result.append(RegistryChange(effective: day, kind: .rename, code: after.code, name: after.name, source: source))
        }
        for c in added {
            result.append(RegistryChange(effective: day, kind: .establish, code: c.code, name: c.name, type: c.type,
                                         provinceCode: c.provinceCode, provinceName: c.provinceName, source: source))
        }
        return result
    }
}

extension RegistryHistory {
    /// How `list` differs from the registry as it stood on `day`. The list speaks for the provinces it names
    /// (for every unit when it names none): a unit of those provinces missing from it is `gone`.
    public func differences(from list: [Commune], on day: Day) -> RegistryDifferences {
        var d = RegistryDifferences(day: day)
        let then = communes(on: day)
        let byCode = Dictionary(then.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let provinces = Set(list.map(\.provinceCode).filter { !$0.isEmpty })
        let listed = Set(list.map(\.code))
        for c in list {
            guard let old = byCode[c.code] else { d.added.append(c); continue }
            let province = c.provinceCode.isEmpty ? old.provinceCode : c.provinceCode
            if province != old.provinceCode {
                d.moved.append((old, c))
            } else if c.type != old.type {
                d.reclassified.append((old, c))
            } else if c.name != old.name {
                d.renamed.append((old, c))
            } else {
                d.unchanged += 1
            }
        }
        d.gone = then.filter { !listed.contains($0.code) && (provinces.isEmpty || provinces.contains($0.provinceCode)) }
        return d
    }
}
