import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessStore

/// Files checked by a dry run and waiting for their uploader to confirm (in memory, for 30 minutes):
/// the confirmation imports exactly the bytes that were checked.
actor PendingImports {
    struct Pending {
        var accountID: Int64
        var files: [(name: String, bytes: Data)]
        var created: Date
    }

    private var pending: [String: Pending] = [:]
    static let lifetime: TimeInterval = 30 * 60

    func put(_ files: [(name: String, bytes: Data)], accountID: Int64) -> String {
        let now = Date()
        pending = pending.filter { now.timeIntervalSince($0.value.created) < Self.lifetime }
        let token = Secrets.hexToken()
        pending[token] = Pending(accountID: accountID, files: files, created: now)
        return token
    }

    struct Done {
        var accountID: Int64
        var files: [ImportController.FileRow]
        var summary: [String]
        var created: Date
    }

    private var done: [String: Done] = [:]

    /// Keeps what a confirmed import did, for the page the confirmation redirects to; its key.
    func keep(files: [ImportController.FileRow], summary: [String], accountID: Int64) -> String {
        let now = Date()
        done = done.filter { now.timeIntervalSince($0.value.created) < Self.lifetime }
        let key = Secrets.hexToken(bytes: 16)
        done[key] = Done(accountID: accountID, files: files, summary: summary, created: now)
        return key
    }

    /// What the import of `key` did, if it is this account's.
    func result(_ key: String, accountID: Int64) -> Done? {
        guard let found = done[key], found.accountID == accountID else { return nil }
        return found
    }

    /// The files of `token` if they are this account's and not expired; they are taken (one confirmation).
    func take(_ token: String, accountID: Int64) -> [(name: String, bytes: Data)]? {
        guard let found = pending[token], found.accountID == accountID,
              Date().timeIntervalSince(found.created) < Self.lifetime else { return nil }
        pending[token] = nil
        return found.files
    }
}

/// Importing filled templates (.xlsx) or CSV files: upload (multipart), the dry run's summary and
/// every problem, then confirm; all or nothing, within the account's scope.
struct ImportController {
    let inventory: Inventory
    let pages: PageRenderer
    let maxUploadBytes: Int
    let pending = PendingImports()

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/import", use: show)
        router.post("/import", use: check)
        router.post("/import/confirm", use: confirm)
        router.get("/import/template", use: template)
    }

    struct FileRow: Sendable {
        var name: String
        var kind: String
        var added: Int
        var unchanged: Int
        var alreadyImported: Bool
    }

    struct ProblemRow: Sendable {
        var file: String
        var sheet: String
        var row: String
        var column: String
        var reason: String
    }

    struct ImportContent: Sendable {
        /// A commune officer downloads their own commune's template; staff name the commune or take all.
        var officer: Bool
        var limit: String
        var error: String?
        var checked: Bool
        var files: [FileRow]
        var problems: [ProblemRow]
        var summary: [String]
        var token: String?
        var done: Bool
        var nothingNew: Bool
    }

    func content(_ context: WebRequestContext, error: String? = nil) -> ImportContent {
        ImportContent(officer: context.identity?.account.communeCode != nil, limit: context.text.pages.importLimit.replacingOccurrences(of: "{megabytes}", with: String(maxUploadBytes / (1024 * 1024))),
                      error: error, checked: false, files: [], problems: [], summary: [], token: nil, done: false, nothingNew: false)
    }

    /// The upload form; with `?done=KEY` (where a confirmation redirects) what that import did.
    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        var c = content(context)
        if let key = try request.query().get("done") {
            let account = try context.requireIdentity().account
            if let done = await pending.result(key, accountID: account.id) {
                c.checked = true
                c.done = true
                c.files = done.files
                c.summary = done.summary
                return pages.render("import", title: context.text.pages.imported, content: c, request: request, context: context)
            }
        }
        return pages.render("import", title: context.text.pages.importTitle, content: c, request: request, context: context)
    }

    /// `/import/template?commune=&filled=1&all=1&as-of=`: the spreadsheet to fill in, blank or filled with the
    /// commune's state; for province staff any commune of theirs, or all of them in a zip.
    @Sendable func template(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let q = try request.query()
        let found = try TemplateDownload(session: session).run(.init(
            commune: q.nonEmpty("commune"), all: q.get("all") == "1", filled: q.get("filled") == "1", asOf: try inventory.day(request),
            scope: scope))
        return InventoryController.attachment(found.bytes, mediaType: found.mediaType, fileName: found.fileName)
    }

    @Sendable func check(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let account = try context.requireIdentity().account
        let t = context.text.pages
        let tooLarge = t.uploadTooLarge + " " + content(context).limit
        if context.uploadTooLarge { return again(request, context, tooLarge, .contentTooLarge) }
        var upload = request
        let body: ByteBuffer
        do { body = try await upload.collectBody(upTo: context.maxUploadSize) } catch is NIOTooManyBytesError {
            return again(request, context, tooLarge, .contentTooLarge)
        }
        guard let boundary = MultipartForm.boundary(of: request.headers[.contentType]),
              let form = MultipartForm(body, boundary: boundary) else {
            throw AppError.input("send the file as a multipart/form-data upload", field: "file")
        }
        let uploads = form.files("file")
        if uploads.isEmpty { return again(request, context, t.noFile, .unprocessableContent) }
        if uploads.contains(where: { $0.data.count > maxUploadBytes }) { return again(request, context, tooLarge, .contentTooLarge) }
        let files = uploads.map { (name: $0.fileName ?? "upload", bytes: Data($0.data)) }
        var c = content(context)
        c.checked = true
        let report: ImportReport
        do {
            report = try await ImportFiles(session: session).run(input(files, scope: scope, dryRun: true, context: context))
        } catch {
            guard error.kind == .input || error.kind == .conflict else { throw error }
            c.problems = Self.problems(error, files: files.map(\.name), language: context.text.language)
            return pages.render("import", title: t.dryRunTitle, content: c, request: request, context: context,
                                status: error.kind == .input ? .unprocessableContent : .conflict)
        }
        c.files = Self.rows(report)
        c.summary = report.summary
        if report.added > 0 { c.token = await pending.put(files, accountID: account.id) } else { c.nothingNew = true }
        return pages.render("import", title: t.dryRunTitle, content: c, request: request, context: context)
    }

    /// The upload form again with a message.
    func again(_ request: Request, _ context: WebRequestContext, _ message: String, _ status: HTTPResponse.Status) -> Response {
        pages.render("import", title: context.text.pages.importTitle, content: content(context, error: message), request: request,
                     context: context, status: status)
    }

    /// Every problem with its file, sheet, row and column (one line naming the files when the error has no issues).
    static func problems(_ error: AppError, files: [String], language: Language) -> [ProblemRow] {
        if error.issues.isEmpty {
            return [ProblemRow(file: files.joined(separator: ", "), sheet: "", row: "", column: "", reason: error.text(language))]
        }
        return error.issues.map { ProblemRow(file: $0.file, sheet: $0.sheet ?? "", row: $0.line.map(String.init) ?? "",
                                             column: $0.column.map(String.init) ?? "", reason: $0.phrase.text(language)) }
    }

    struct ConfirmFields: Decodable {
        var token: String?
    }

    @Sendable func confirm(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let account = try context.requireIdentity().account
        let t = context.text.pages
        let fields = try await request.formCopy(ConfirmFields.self, context: context)
        guard let files = await pending.take(fields.token ?? "", accountID: account.id) else {
            return pages.render("import", title: t.importTitle, content: content(context, error: t.importExpired), request: request,
                                context: context, status: .conflict)
        }
        let report = try await ImportFiles(session: session).run(input(files, scope: scope, dryRun: false, context: context))
        // Post/redirect/get: reloading the result page imports nothing again.
        let key = await pending.keep(files: Self.rows(report), summary: report.summary, accountID: account.id)
        return .redirect(to: "/import?done=\(key)", type: .normal)
    }

    func input(_ files: [(name: String, bytes: Data)], scope: Scope, dryRun: Bool, context: WebRequestContext) -> ImportFiles.Input {
        var input = ImportFiles.Input(files: files.map { ImportSource(name: $0.name, bytes: $0.bytes) }, dryRun: dryRun,
                                      recordedBy: scope.name, importedBy: scope.name, summaryLanguage: context.language.language,
                                      scope: scope)
        input.sourcePrefix = "web: import "
        input.advice = .web
        return input
    }

    static func rows(_ report: ImportReport) -> [FileRow] {
        report.files.map { FileRow(name: $0.name, kind: $0.kind, added: $0.added, unchanged: $0.unchanged, alreadyImported: $0.alreadyImported != nil) }
    }
}
