import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore
import Testing
import TestSupport

@Suite struct ExportLedgerTests {
    static let dates = ["2025-07-01", "2025-08-25", "2025-09-15", "2025-12-12", "2025-12-20", "2026-01-31"].map(Fixtures.day)

    /// The gap report JSON of a session on each of the dates.
    static func gaps(_ session: Session) throws -> [JSONValue] {
        try dates.map { GapReport(evaluation: try GapsQuery(session: session).run(on: $0)).json() }
    }

    static func export(_ session: Session, province: String?, to url: URL) throws -> ExportLedger.Result {
        try ExportLedger(session: session).run(province: province, since: nil, to: url)
    }

    @Test("province database → export → ministry database: the same gap report at every date; exporting again after more work adds only the new rows")
    func roundTrip() async throws {
        let province = try AppFixture(today: "2026-06-30")
        let code = try #require(province.session.communes.first?.provinceCode)
        let ministryStore = try Fixtures.emptyStore()
        try ministryStore.upsertCommunes(try province.database.communes())
        let ministry = try Session(workspace: Fixtures.workspace, database: ministryStore, checklist: nil,
                                   clock: .fixed(on: Fixtures.day("2026-06-30")))

        let first = province.folder.appendingPathComponent("province.csv")
        let exported = try Self.export(province.session, province: code, to: first)
        let events = try province.eventCount()
        #expect(exported.rows > 0 && exported.rows <= events)
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.hasPrefix("commune_code,item,working,broken,date,"))
        #expect(text.split(separator: "\r\n").first?.hasSuffix(",source,recorded_by,recorded_at,note") == true)
        let imported = try await ImportFiles(session: ministry).run(.init(files: [ImportSource(name: "province.csv", bytes: Data(contentsOf: first))],
                                                                          importedBy: "Bộ"))
        #expect(imported.added == exported.rows)
        let (ministryGaps, provinceGaps) = (try Self.gaps(ministry), try Self.gaps(province.session))
        #expect(ministryGaps == provinceGaps)
        // Who recorded each event and when, as the province's ledger says, not when the ministry imported it.
        for c in province.session.communes.prefix(5) {
            #expect(try Self.recorded(ministryStore, c.code) == (try Self.recorded(province.database, c.code)))
        }

        // More work in the province: a same-day correction (two events of one holding and day: the later
        // wins) and a new delivery; the export made again adds exactly those two holding-days.
        let commune = province.session.communes[0].code
        try province.database.append([
            NewEvent(communeCode: commune, item: "queue-machine", effectiveOn: Fixtures.day("2025-12-20"), working: 1, recordedBy: "A"),
            NewEvent(communeCode: commune, item: "queue-machine", effectiveOn: Fixtures.day("2025-12-20"), working: 2, recordedBy: "A"),
            NewEvent(communeCode: commune, item: "lookup-kiosk", effectiveOn: Fixtures.day("2026-01-05"), working: 1,
                     attributes: ["touch_screen": .bool(true)], note: "giao hàng, \"đợt 2\""),
        ])
        let second = province.folder.appendingPathComponent("province-2.csv")
        let again = try Self.export(province.session, province: code, to: second)
        #expect(again.rows == exported.rows + 2)
        let more = try await ImportFiles(session: ministry).run(.init(files: [ImportSource(name: "province-2.csv", bytes: Data(contentsOf: second))],
                                                                      importedBy: "Bộ"))
        #expect(more.added == 2)
        #expect(more.files.first?.unchanged == exported.rows)
        let (ministryAfter, provinceAfter) = (try Self.gaps(ministry), try Self.gaps(province.session))
        #expect(ministryAfter == provinceAfter)
        let card = try CommuneCardQuery(session: ministry).run(commune: commune, on: Fixtures.day("2025-12-31"))
        #expect(card.holdings.first { $0.item == "queue-machine" }?.working == 2)
    }

    /// Who recorded the last event of each holding and day of a commune, and when.
    static func recorded(_ store: InventoryDatabase, _ commune: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for e in try store.events(commune: commune) where result["\(e.item) \(e.effectiveOn.iso)"] == nil {   // newest first
            result["\(e.item) \(e.effectiveOn.iso)"] = "\(e.recordedBy) at \(e.recordedAt)"
        }
        return result
    }

    @Test("an unknown province is refused, and nothing is written")
    func unknownProvince() throws {
        let app = try AppFixture()
        let url = app.folder.appendingPathComponent("x.csv")
        let error = appError { try Self.export(app.session, province: "99", to: url) }
        #expect(error?.field == "province")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
