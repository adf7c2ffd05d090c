import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// A session on a new copy of the shipped sample, with the clock stopped on a chosen day.
struct AppFixture {
    let database: InventoryDatabase
    let session: Session
    let folder = Fixtures.temporaryDirectory()

    init(today: String = "2025-12-12") throws {
        database = try Fixtures.sampleStore()
        session = try Session(workspace: Fixtures.workspace, database: database, checklist: nil,
                              clock: .fixed(on: Fixtures.day(today)))
    }

    func bytes(_ text: String) -> Data { Data(text.utf8) }

    /// How many events the ledger holds, to show that nothing was written.
    func eventCount() throws -> Int { try database.eventCount() }
}

/// The AppError a throwing call ends in, or nil when it does not throw (any other error is a failure of the test).
func appError<T>(_ body: () throws -> T) -> AppError? {
    do { _ = try body(); return nil } catch let error as AppError { return error } catch {
        Issue.record("not an AppError: \(error)")
        return nil
    }
}

func appError<T>(_ body: () async throws -> T) async -> AppError? {
    do { _ = try await body(); return nil } catch let error as AppError { return error } catch {
        Issue.record("not an AppError: \(error)")
        return nil
    }
}
