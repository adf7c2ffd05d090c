import Foundation
import Hummingbird
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// What the inventory pages share: the shipped files, the database, the clock and the session cache.
/// Each request takes the session of the data as it is now (catalogue, checklist and registry read again
/// only when they change) and makes one `Scope` from its signed-in account: the only place a scope is made.
struct Inventory: Sendable {
    let workspace: Workspace
    let database: InventoryDatabase
    let clock: ReadinessApp.Clock
    let sessions: SessionCache

    init(workspace: Workspace, database: InventoryDatabase, clock: ReadinessApp.Clock) {
        self.workspace = workspace
        self.database = database
        self.clock = clock
        sessions = SessionCache(workspace: workspace, database: database, clock: clock)
    }

    /// The shared session, as the database is now (see `SessionCache`).
    func session() throws(AppError) -> Session { try sessions.session() }

    /// The session and the scope of the signed-in account (the routes are behind `RequireSignedInMiddleware`).
    func open(_ context: WebRequestContext) throws -> (Session, Scope) {
        let account = try context.requireIdentity().account
        let session = try session()
        return (session, Scope(account: account, registry: session.directory))
    }

    /// `?as-of=` (YYYY-MM-DD or dd/MM/yyyy, within the ledger's dates), else today in Vietnam.
    func day(_ request: Request, _ name: String = "as-of") throws -> Day {
        try optionalDay(request, name) ?? clock.today
    }

    /// A date of the query, checked, or nil when absent or empty.
    func optionalDay(_ request: Request, _ name: String) throws -> Day? {
        guard let text = try request.query().get(name), !text.isEmpty else { return nil }
        return try DateInput.parse(text, field: name)
    }
}

extension WebLanguage {
    var language: Language { text.language }
}

extension WebError {
    /// The one mapping of the use cases' error kinds to HTTP: input 422, not found 404, conflict 409,
    /// forbidden 403, internal 500 (its message is logged, not shown).
    init(_ error: AppError) {
        // The message in the page's or the request's language.
        switch error.kind {
        case .input: self.init(status: .unprocessableContent, code: "invalid", field: error.field) { error.text($0.language) }
        case .notFound: self.init(status: .notFound, code: "not_found", field: error.field) { error.text($0.language) }
        case .conflict: self.init(status: .conflict, code: "conflict", field: error.field) { error.text($0.language) }
        case .forbidden: self.init(status: .forbidden, code: "forbidden", field: error.field) { $0.forbidden + " " + error.text($0.language) }
        case .internal: self = .serverError
        }
    }
}

/// A form's message beside its field, or at its top.
struct FieldErrors: Sendable {
    var messages: [String: String] = [:]
    var general: String?

    init() {}

    /// Each of the error's refusals beside its field when the form has one, else at the top.
    init(_ error: AppError, fields: Set<String>, language: Language) {
        let message = error.text(language)
        if let field = error.field, fields.contains(field) { messages[field] = message } else { general = message }
        for (field, phrase) in error.otherFields {
            if fields.contains(field) { messages[field] = phrase.text(language) } else { general = (general.map { $0 + " " } ?? "") + phrase.text(language) }
        }
    }

    subscript(field: String) -> String? { messages[field] }
    var isEmpty: Bool { messages.isEmpty && general == nil }
}

/// "1.234.567 ₫"-free plain formatting of amounts for the pages: digits grouped by spaces.
func groupedDigits(_ value: Int) -> String {
    let digits = Array(String(abs(value)))
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
        out.append(d)
    }
    return (value < 0 ? "-" : "") + out
}

extension String {
    /// A text of the tables with each "{name}" replaced by its value.
    func filled(_ values: KeyValuePairs<String, String>) -> String {
        values.reduce(self) { text, pair in text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }
}
