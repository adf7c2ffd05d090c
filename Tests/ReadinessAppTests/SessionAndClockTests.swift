import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

@Suite("The session and the clock")
struct SessionAndClockTests {
    @Test("a fixed clock gives that day in Vietnam")
    func fixedClock() {
        #expect(Clock.fixed(on: Fixtures.day("2025-12-12")).today == Fixtures.day("2025-12-12"))
    }

    @Test("today is Vietnam's: 17:00 UTC is already the next day")
    func vietnamDay() {
        let evening = Date(timeIntervalSince1970: TimeInterval(Fixtures.day("2025-12-12").daysSinceEpoch * 86_400 + 17 * 3_600))
        #expect(Clock.fixed(evening).today == Fixtures.day("2025-12-13"))
    }

    @Test("a database without communes cannot start a session")
    func emptyRegistry() throws {
        let error = appError { try Session(workspace: Fixtures.workspace, database: try! Fixtures.emptyStore(), checklist: nil) }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("has no communes yet") == true)
    }

    @Test("an unknown checklist is not found, with the ones available")
    func unknownChecklist() throws {
        let error = appError { try Session(workspace: Fixtures.workspace, database: try! Fixtures.sampleStore(), checklist: "nope") }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("quang-ngai-commune-centre-2025") == true)
    }

    @Test("a commune typed without diacritics resolves; an unknown one is not found")
    func communes() throws {
        let app = try AppFixture()
        #expect(try app.session.commune("Dak Plo").code == "23344")
        #expect(appError { try app.session.commune("Atlantis") }?.kind == .notFound)
    }

    @Test("a session for one commune's card gives the card a whole session gives, by code or by name")
    func oneCommuneSession() throws {
        let app = try AppFixture()
        let day = Fixtures.day("2025-12-12")
        let whole = try CommuneCardQuery(session: app.session).run(commune: "23344", on: day)
        for query in ["23344", "Dak Plo", "Xã Đăk Plô"] {
            let one = try Session(workspace: Fixtures.workspace, database: app.database, checklist: nil, commune: query,
                                  clock: .fixed(on: day))
            #expect(one.communes.map(\.code) == ["23344"])
            let card = try CommuneCardQuery(session: one).run(commune: query, on: day)
            #expect(card.commune.commune == whole.commune.commune)
            #expect(String(describing: card.commune.outcomes) == String(describing: whole.commune.outcomes))
            #expect(card.commune.index == whole.commune.index)
            #expect(card.commune.readinessClass == whole.commune.readinessClass)
            #expect(card.holdings == whole.holdings)
        }
    }

    @Test("a session for an unknown or ambiguous commune fails as a whole session's look-up does")
    func oneCommuneSessionErrors() throws {
        let app = try AppFixture()
        for query in ["Atlantis", "Dak", "99999"] {
            let whole = appError { try app.session.commune(query) }
            let one = appError { try Session(workspace: Fixtures.workspace, database: app.database, checklist: nil, commune: query) }
            #expect(whole != nil)
            #expect(one?.kind == whole?.kind)
            #expect(one?.message == whole?.message)
        }
        let empty = appError { try Session(workspace: Fixtures.workspace, database: try! Fixtures.emptyStore(), checklist: nil, commune: "23344") }
        #expect(empty?.message.contains("has no communes yet") == true)
    }

    @Test("a file that is not a database is an input problem, not an internal error")
    func notADatabase() throws {
        let folder = Fixtures.temporaryDirectory()
        let path = Fixtures.write("not sqlite at all, just text that is long enough to look like a header", to: "x.sqlite", in: folder).path
        let error = appError { try Fixtures.workspace.openDatabase(explicit: path, environment: [:], clock: .system) { _ in } }
        #expect(error?.kind == .input)
        #expect(error?.message.contains("is it a readiness database?") == true)
    }
}
