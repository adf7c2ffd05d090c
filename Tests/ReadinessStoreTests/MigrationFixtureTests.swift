import Foundation
import GRDB
import ReadinessCore
@testable import ReadinessStore
import Testing
import TestSupport

/// Databases as each released schema left them, kept as files in Fixtures/ (written once by
/// scripts/make_migration_fixtures.sh): every one opens in this version, is brought up to date, and
/// reports what the same ledger written today reports.
@Suite struct MigrationFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let versions = ["v1", "v2", "v3"]
    static let dates = ["2025-07-01", "2025-09-15", "2025-12-12"]

    /// The ledger every fixture holds: the first three communes of the shipped sample with all their
    /// events, in recording order, then a same-day correction of one of them (recorded later: it wins).
    struct Content {
        var communes: [Commune]
        var events: [LedgerEvent]
        var correction: NewEvent
        /// Events that came from the imported template (from schema v2 on): the last commune's and the correction.
        func imported(_ e: NewEvent) -> Bool { e.communeCode == communes.last!.code || e == correction }
    }

    static func content() throws -> Content {
        let sample = try Fixtures.sampleStore()
        let communes = Array(try sample.communes().prefix(3))
        let events = try communes.flatMap { try sample.events(commune: $0.code) }.sorted { $0.id < $1.id }
        let last = events.last { $0.communeCode == communes[0].code && $0.item == "vcs-terminal" }!
        var correction = last.event
        correction.working += 1
        correction.attributes["meets_hnth"] = .bool(!(last.attributes["meets_hnth"] == .bool(true)))
        correction.source = "phieu-\(communes[0].code).xlsx"
        correction.recordedBy = "cán bộ đầu mối"
        correction.note = "đính chính số liệu"
        return Content(communes: communes, events: events, correction: correction)
    }

    /// The migration a version's schema ends with.
    static func lastMigration(of version: String) -> String {
        Schema.migrator.migrations.first { $0.hasPrefix(version + ":") }!
    }

    /// Writes the fixture of `version` with the SQL of that schema.
    static func write(_ version: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let content = try content()
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: lastMigration(of: version))
        let schema = Int(version.dropFirst())!
        try queue.write { db in
            for (position, c) in content.communes.enumerated() {
                try db.execute(sql: """
                    INSERT INTO commune (code, name, type, province_code, province_name, attributes, position) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName,
                                     AttributeCoding.encode(c.attributes), position + 1])
            }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('sample', 'quang-ngai-2025')")
            let file = "phieu-\(content.communes.last!.code).xlsx"
            let importedAt = "2025-12-13T02:00:00Z"
            var all = content.events.map { ($0.id, "2025-12-12T01:00:00Z", $0.event) }   // (a fixed time: the same bytes every run)
            all.append((all.last!.0 + 1, "2025-12-14T03:00:00Z", content.correction))
            let importedCount = all.filter { content.imported($0.2) }.count
            if schema >= 2 {
                try db.execute(sql: """
                    INSERT INTO import_file (id, sha256, name, kind, imported_at, imported_by, events)
                    VALUES (1, 'fixture-\(version)', ?, 'xlsx template', ?, 'fixture', ?)
                    """, arguments: [file, importedAt, importedCount])
                if schema >= 3 { try db.execute(sql: "UPDATE import_file SET source = ? WHERE id = 1", arguments: ["import " + file]) }
            }
            for (id, recordedAt, e) in all {
                let fromFile = schema >= 2 && content.imported(e)
                var columns = "id, commune_code, item, effective_on, working, broken, attributes, source, recorded_by, recorded_at, note"
                var values: [any DatabaseValueConvertible] = [
                    id, e.communeCode, e.item, e.effectiveOn.iso, e.working, e.broken, AttributeCoding.encode(e.attributes),
                    e.source, e.recordedBy, fromFile && schema >= 3 ? "" : (fromFile ? importedAt : recordedAt), e.note]
                if schema >= 2 { columns += ", import_id"; values.append(fromFile ? 1 : nil) }
                try db.execute(sql: "INSERT INTO event (\(columns)) VALUES (\(values.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(values))
            }
            if schema >= 3 { try db.execute(sql: "UPDATE ledger_sequence SET last_id = ?", arguments: [all.last!.0]) }
        }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        try queue.close()
    }

    @Test("write the fixtures (UPDATE_FIXTURES=1 only: scripts/make_migration_fixtures.sh)",
          .enabled(if: ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1"))
    func writeFixtures() throws {
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        for version in Self.versions { try Self.write(version, to: Self.folder.appendingPathComponent("\(version).sqlite").path) }
    }

    /// A copy of the fixture, opened (and so migrated) by this version.
    func migratedCopy(_ version: String) throws -> InventoryDatabase {
        let copy = Fixtures.temporaryDirectory().appendingPathComponent("\(version).sqlite").path
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent("\(version).sqlite").path, toPath: copy)
        return try InventoryDatabase(path: copy)
    }

    /// The fixture's own rows, read with plain SQL from its tables as they are (no migration).
    func rawRows(_ version: String) throws -> (communes: [Commune], events: [NewEvent]) {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: Self.folder.appendingPathComponent("\(version).sqlite").path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            let communes = try Row.fetchAll(db, sql: "SELECT * FROM commune ORDER BY position").map(InventoryDatabase.commune(from:))
            let events = try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id").map { row in
                NewEvent(communeCode: row["commune_code"], item: row["item"], effectiveOn: Day(iso: row["effective_on"])!,
                         working: row["working"], broken: row["broken"], attributes: AttributeCoding.decode(row["attributes"]),
                         source: row["source"], recordedBy: row["recorded_by"], note: row["note"])
            }
            return (communes, events)
        }
    }

    /// The fixture's ledger written today through the store, in its recording order.
    func writtenToday(_ version: String) throws -> InventoryDatabase {
        let raw = try rawRows(version)
        let store = try Fixtures.emptyStore()
        try store.upsertCommunes(raw.communes)
        try store.append(raw.events)
        return store
    }

    /// Every rule's short count, and every holding, on a date.
    func figures(_ store: InventoryDatabase, on date: String) throws -> (short: [String: Int], holdings: Set<Holding>) {
        let evaluation = try Fixtures.evaluate(store, on: Fixtures.day(date))
        let state = try store.state(asOf: Fixtures.day(date))
        return (Dictionary(uniqueKeysWithValues: evaluation.rules.map { ($0.rule.id, $0.shortCount) }),
                Set(try store.communes().flatMap { state.holdings(commune: $0.code) }))
    }

    @Test("a database of each earlier schema opens, migrates, and reports the same gaps and holdings as the same ledger written today",
          arguments: versions)
    func sameFigures(version: String) throws {
        let migrated = try migratedCopy(version)
        let today = try writtenToday(version)
        #expect(try migrated.eventCount() == today.eventCount())
        for date in Self.dates {
            let (short, holdings) = try figures(migrated, on: date)
            let expected = try figures(today, on: date)
            #expect(short == expected.short, "\(version) on \(date)")
            #expect(holdings == expected.holdings, "\(version) on \(date)")
        }
    }

    @Test("each migrated fixture gives the figures recorded when the fixtures were made", arguments: versions)
    func recordedFigures(version: String) throws {
        let migrated = try migratedCopy(version)
        #expect(try migrated.eventCount() == 36)
        let (short, holdings) = try figures(migrated, on: "2025-12-12")
        // Three communes, ten items each; the correction took the first commune's VCS terminal off the
        // online-meeting requirement, so it is the one rule short.
        #expect(holdings.count == 30)
        #expect(short.filter { $0.value > 0 } == ["vcs-terminal": 1])
        #expect(short.count == 10)
    }

    @Test("in each fixture the same-day correction, recorded later, still wins after the migration", arguments: versions)
    func correctionWins(version: String) throws {
        let correction = try #require(try rawRows(version).events.last { $0.note == "đính chính số liệu" })
        let migrated = try migratedCopy(version)
        let holding = try migrated.state(asOf: correction.effectiveOn).holding(commune: correction.communeCode, item: correction.item)
        #expect(holding?.working == correction.working)
        #expect(holding?.attributes == correction.attributes)
        let sameDay = try migrated.events(commune: correction.communeCode, item: correction.item).filter { $0.effectiveOn == correction.effectiveOn }
        #expect(sameDay.count == 2)
        #expect(sameDay.first?.note == "đính chính số liệu")
    }

    @Test("in each migrated fixture every commune of the registry is its own first version, holding on every day, with no change",
          arguments: versions)
    func registryBecomesFirstVersion(version: String) throws {
        let migrated = try migratedCopy(version)
        let communes = try migrated.communes()
        let history = try migrated.registryHistory()
        #expect(history.units.count == communes.count)
        #expect(history.isUnchanging)
        for c in communes { #expect(history.versions(of: c.code).map(\.commune) == [c]) }
        #expect(history.communes(on: Day(iso: "2000-01-01")!) == communes)
    }

    @Test("each migrated fixture passes every check", arguments: versions)
    func migratedPassesChecks(version: String) throws {
        let checks = try migratedCopy(version).checks()
        let failed = checks.filter { !$0.passed }
        #expect(failed.isEmpty, "\(checks)")
        let current = Schema.migrator.migrations.last!.split(separator: ":").first.map(String.init)!
        #expect(checks.first { $0.name == .schema }?.detail == "\(current), the current one")
    }

    @Test("each fixture file is of its schema, untouched by the tests", arguments: versions)
    func fixtureIsOfItsSchema(version: String) throws {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: Self.folder.appendingPathComponent("\(version).sqlite").path, configuration: config)
        let applied = try queue.read { db in try Schema.migrator.completedMigrations(db) }
        #expect(applied.last == Self.lastMigration(of: version))
    }
}
