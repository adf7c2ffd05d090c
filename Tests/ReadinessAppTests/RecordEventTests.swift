import ReadinessApp
import ReadinessCore
import Testing
import TestSupport

@Suite("Recording one event, in process")
struct RecordEventTests {
    static func vcs(_ commune: String = "Dak Plo", working: Int = 1, on: String? = "2025-12-12") -> RecordEvent.Input {
        RecordEvent.Input(commune: commune, item: "vcs-terminal", working: working, assignments: ["meets_hnth=yes"],
                          on: on.map(Fixtures.day), recordedBy: "Nguyễn Văn A")
    }

    @Test("recording a VCS terminal says the VCS rule became met, and the event is in the ledger under the recorder's name")
    func becameMet() throws {
        let app = try AppFixture()
        let result = try RecordEvent(session: app.session).run(Self.vcs())
        #expect(result.changes.contains { $0.rule.id == "vcs-terminal" && $0.direction == .becameMet })
        let stored = try app.database.events(commune: "23344", item: "vcs-terminal")
        #expect(stored.first?.recordedBy == "Nguyễn Văn A")
        #expect(stored.first?.working == 1)
        #expect(stored.first?.attributes["meets_hnth"] == .bool(true))
    }

    @Test("a record without a date is dated today by the session's clock")
    func datedToday() throws {
        let app = try AppFixture(today: "2025-12-20")
        let result = try RecordEvent(session: app.session).run(Self.vcs(on: nil))
        #expect(result.event.effectiveOn == Fixtures.day("2025-12-20"))
    }

    @Test("attributes not given are carried over from the holding on that date")
    func carriesAttributes() throws {
        let app = try AppFixture()
        _ = try RecordEvent(session: app.session).run(Self.vcs(on: "2025-12-01"))
        let input = RecordEvent.Input(commune: "23344", item: "vcs-terminal", working: 2, on: Fixtures.day("2025-12-12"), recordedBy: "B")
        let result = try RecordEvent(session: app.session).run(input)
        #expect(result.event.attributes["meets_hnth"] == .bool(true))
    }

    @Test("a date after today is refused on its field and nothing is written")
    func future() throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let error = appError { try RecordEvent(session: app.session).run(Self.vcs(on: "2025-12-13")) }
        #expect(error?.kind == .input)
        #expect(error?.field == "on")
        #expect(try app.eventCount() == before)
    }

    @Test("a negative count is refused on its field")
    func negative() throws {
        let app = try AppFixture()
        let error = appError { try RecordEvent(session: app.session).run(Self.vcs(working: -1)) }
        #expect(error?.field == "working")
    }

    @Test("an unknown item is not found and lists the catalogue")
    func unknownItem() throws {
        let app = try AppFixture()
        let input = RecordEvent.Input(commune: "23344", item: "fax", working: 1, recordedBy: "A")
        let error = appError { try RecordEvent(session: app.session).run(input) }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("vcs-terminal") == true)
    }

    @Test("a wrongly typed attribute is an input problem and nothing is written")
    func badAttribute() throws {
        let app = try AppFixture()
        let before = try app.eventCount()
        let input = RecordEvent.Input(commune: "23344", item: "vcs-terminal", working: 1, assignments: ["meets_hnth=maybe"], recordedBy: "A")
        let error = appError { try RecordEvent(session: app.session).run(input) }
        #expect(error?.kind == .input)
        #expect(try app.eventCount() == before)
    }

    @Test("a record dated before a later event says that the later one still decides")
    func laterEvent() throws {
        let app = try AppFixture()
        _ = try RecordEvent(session: app.session).run(Self.vcs(on: "2025-12-10"))
        let result = try RecordEvent(session: app.session).run(Self.vcs(working: 0, on: "2025-12-01"))
        #expect(result.laterEventOn == Fixtures.day("2025-12-10"))
        #expect(result.changes.isEmpty)
    }
}
