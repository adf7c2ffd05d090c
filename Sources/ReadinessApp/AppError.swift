import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// Every failure of a use case, in a few kinds that the edges map to their own terms: the command to exit
/// codes (1 for input, not found and conflict; 2 for internal), the web app to HTTP statuses.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The input or the call is wrong; `issues` says where when it came from files. Nothing was changed.
        case input
        /// What was asked for does not exist (a commune, an item, a checklist, a file).
        case notFound
        /// The data is in a state that refuses the change (the database is busy, read-only, or not ours).
        case conflict
        /// The signed-in account may not see or change this (another commune, another province).
        case forbidden
        /// A failure that is not the user's to fix.
        case `internal`
    }

    public var kind: Kind
    /// The whole message as the user reads it, in either language (`text(_:)`).
    public var phrase: Phrase
    /// Each problem found in input files, with its file, sheet, row and column.
    public var issues: [SourceIssue]
    /// The input field the message is about (a command option or a form field), when it is one.
    public var field: String?
    /// The message leaves the field unnamed: each front end words it ("--working" on the command line,
    /// the field's label or its place beside the field on a page).
    public var fieldUnnamed = false
    /// Refusals of other fields found in the same input, each worded as this one (a form shows them all
    /// at once, each beside its field).
    public var otherFields: [(field: String, phrase: Phrase)] = []

    public init(_ kind: Kind, _ message: Phrase, issues: [SourceIssue] = [], field: String? = nil) {
        self.kind = kind
        self.phrase = message
        self.issues = issues
        self.field = field
    }

    public static func input(_ message: Phrase, field: String? = nil) -> AppError { AppError(.input, message, field: field) }
    /// Every refusal of one input's fields as one error: the first, with the others in `otherFields`; nil
    /// when there is none.
    public static func fields(_ errors: [AppError]) -> AppError? {
        guard var first = errors.first else { return nil }
        for e in errors.dropFirst() {
            if let field = e.field { first.otherFields.append((field, e.phrase)) }
            first.otherFields += e.otherFields
        }
        return first
    }

    /// A refusal of one field's value, worded without the field's name (see `fieldUnnamed`).
    public static func field(_ field: String, _ message: Phrase) -> AppError {
        var error = AppError(.input, message, field: field)
        error.fieldUnnamed = true
        return error
    }
    public static func notFound(_ message: Phrase, field: String? = nil) -> AppError { AppError(.notFound, message, field: field) }
    public static func conflict(_ message: Phrase, field: String? = nil) -> AppError { AppError(.conflict, message, field: field) }
    public static func forbidden(_ message: Phrase, field: String? = nil) -> AppError { AppError(.forbidden, message, field: field) }

    /// The whole message in `language`.
    public func text(_ language: Language) -> String { phrase.text(language) }

    /// The whole message in English.
    public var message: String { phrase.text(.en) }

    public var description: String { message }

    /// Any error of the lower layers, in these kinds.
    public init(_ error: any Error) {
        switch error {
        case let e as AppError: self = e
        case let e as InputProblems: self.init(.input, e.phrase, issues: e.issues)
        case let e as SourceIssue: self.init(.input, InputProblems([e]).phrase, issues: [e])
        case let e as ResolveError:
            switch e {
            case .unknown: self.init(.notFound, e.phrase, field: "commune")
            case .ambiguous: self.init(.input, e.phrase, field: "commune")
            case .emptyRegistry: self.init(.conflict, e.phrase)
            }
        case let e as CSVError: self.init(.input, e.phrase)
        case let e as AttributeInputError:
            if let attribute = e.attribute { self = .field("attribute." + attribute, e.phrase) } else {
                self.init(.input, e.phrase, field: "attributes")
            }
        case let e as WriteRefusal:
            switch e {
            case .outOfScope(let commune):
                self.init(.forbidden, "this account may not change commune \(commune)", field: "commune")
            case .locked(let commune, let period, let day):
                self.init(.conflict, "commune \(commune): the figures of period \(period) are approved and locked; an event dated \(day.iso) cannot be recorded until province staff reopen the period", field: "on")
            case .reviewState(let commune, let period, let current?):
                self.init(.conflict, "commune \(commune), period \(period): its last review step is \(current.rawValue), which does not allow this step", field: "period")
            case .reviewState(let commune, let period, nil):
                self.init(.conflict, "commune \(commune), period \(period): it has not been submitted, which does not allow this step", field: "period")
            }
        case let e as StoreError:
            switch e.kind {
            case .notADatabase: self.init(.input, e.phrase)
            case .busy, .readOnly: self.init(.conflict, e.phrase)
            case .refused, .other: self.init(.internal, e.phrase)
            }
        default: self.init(.internal, "internal error: \(error)")
        }
    }

    /// Runs `body`, giving any error it throws as an `AppError`.
    static func wrap<T>(_ body: () throws -> T) throws(AppError) -> T {
        do { return try body() } catch { throw AppError(error) }
    }

    static func wrap<T>(_ body: () async throws -> T) async throws(AppError) -> T {
        do { return try await body() } catch { throw AppError(error) }
    }
}
