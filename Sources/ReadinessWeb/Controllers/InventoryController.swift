import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The inventory pages: dashboard, gaps, a commune (card, holdings, history, record, review), the
/// audit trail and the downloads. Each handler parses, calls one use case with the request's scope,
/// and renders; the use cases check the scope.
struct InventoryController {
    let inventory: Inventory
    let pages: PageRenderer
    /// The record form's tokens: each rendered form is applied once.
    let onceTokens: OnceTokens

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/", use: dashboard)
        router.get("/gaps", use: gaps)
        router.get("/communes", use: communeList)
        router.get("/communes/:code", use: commune)
        router.post("/communes/:code/record", use: record)
        router.post("/communes/:code/review", use: review)
        router.post("/communes/:code/evidence", use: attach)
        router.get("/evidence/:id", use: evidence)
        router.get("/audit", use: audit)
        router.get("/audit.csv", use: auditDownload)
        router.get("/downloads/:file", use: download)
    }

    // MARK: Dashboard

    struct CoverageRow: Sendable {
        var ruleID: String
        var name: String
        var met: Int
        var short: Int
        var applicable: Int
        var percent: Int
        /// Some commune is judged: the share and its bar are shown.
        var judged: Bool
        var gapLine: String
    }

    struct ClassRow: Sendable {
        var name: String
        var count: Int
        var css: String
        var x: Int
        var width: Int
    }

    struct DeadlineRow: Sendable {
        var name: String
        var short: Int
        var total: Int
        var when: String
    }

    struct CommuneLink: Sendable {
        var code: String
        var name: String
        /// The reader may open the commune's page (else its name is shown without a link).
        var link: Bool
    }

    struct DashboardContent: Sendable {
        var asOf: String
        var asOfISO: String
        var communes: Int
        var coverage: [CoverageRow]
        var classes: [ClassRow]
        var overdue: [DeadlineRow]
        var atRisk: [DeadlineRow]
        var hasDeadlineIssues: Bool
        var notSubmittedTitle: String
        var submittedSummary: String
        var notSubmitted: [CommuneLink]
        var downloads: [DownloadLink]
        /// A commune officer's own submission: where it stands, and the province's comment when returned.
        var ownStatus: String?
        var ownComment: String?
        var ownCSS: String?
    }

    struct DownloadLink: Sendable {
        var label: String
        var href: String
    }

    /// Spreadsheet and print first (codes stay text in a workbook; a CSV's 00070 becomes 70 in a spreadsheet),
    /// then the page and the formats for programs.
    static let formats: [ReportFormat] = [.xlsx, .pdf, .html, .md, .csv, .json]

    /// The report's downloads in every format; with `official` (its label), also its PDF in the administrative form.
    static func downloads(_ kind: String, day: Day, extra: String = "", official: String? = nil) -> [DownloadLink] {
        formats.map { DownloadLink(label: $0.fileExtension, href: "/downloads/\(kind).\($0.fileExtension)?as-of=\(day.iso)\(extra)") }
            + (official.map { [DownloadLink(label: $0, href: "/downloads/\(kind).pdf?as-of=\(day.iso)\(extra)&official=1")] } ?? [])
    }

    @Sendable func dashboard(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let day = try inventory.day(request)
        let d = try DashboardQuery(session: session).run(scope: scope, on: day)
        let stamp = session.dataStamp
        let t = context.text, p = t.pages, lang = context.language.language
        let total = max(1, d.communes)
        var x = 0
        let classes: [ClassRow] = ReadinessClass.allCases.map { c in
            let count = d.classes[c] ?? 0
            let width = count * 100 / total
            defer { x += width }
            return ClassRow(name: c.name(lang), count: count, css: c.rawValue, x: x, width: width)
        }
        func row(_ s: DeadlineStatus) -> DeadlineRow {
            DeadlineRow(name: s.rule.name[lang], short: s.short.count, total: s.total,
                        when: s.daysLeft >= 0 ? p.closesIn.replacingOccurrences(of: "{days}", with: String(s.daysLeft))
                                              : p.closedAgo.replacingOccurrences(of: "{days}", with: String(-s.daysLeft)))
        }
        let overdue = d.deadlines.rules.filter { $0.state == .overdue }.map(row)
        let atRisk = d.deadlines.rules.filter { $0.state == .atRisk }.map(row)
        let content = DashboardContent(
            asOf: day.vietnamese, asOfISO: day.iso, communes: d.communes,
            coverage: d.coverage.map { c in
                CoverageRow(ruleID: c.rule.id, name: c.rule.name[lang], met: c.met, short: c.short, applicable: c.met + c.short,
                            percent: c.percent ?? 0, judged: c.percent != nil, gapLine: c.result.gapLine(lang))
            },
            classes: classes, overdue: overdue, atRisk: atRisk, hasDeadlineIssues: !(overdue.isEmpty && atRisk.isEmpty),
            notSubmittedTitle: p.notSubmittedTitle.filled(["period": d.period.id]),
            submittedSummary: p.submittedSummary.filled(["submitted": String(d.submitted), "approved": String(d.approved),
                                                         "total": String(d.communes)]),
            notSubmitted: d.notSubmitted.map { CommuneLink(code: $0.code, name: $0.name, link: scope.canReadDetails($0)) },
            downloads: Self.downloads("gaps", day: day, official: p.officialPDF) + Self.downloads("report", day: day, official: p.officialPDF).map {
                DownloadLink(label: "report." + $0.label, href: $0.href)
            },
            ownStatus: d.own.map { p.ownStatus.filled(["period": d.period.id, "status": p.reviewStatus($0.last?.action.rawValue)]) },
            ownComment: d.own?.last.flatMap { $0.comment.isEmpty ? nil : $0.comment },
            ownCSS: d.own.map { $0.last?.action.rawValue ?? "none" })
        return pages.render("dashboard", title: p.dashboardTitle, content: content, request: request, context: context,
                            stamp: stamp, key: day.iso)
    }

    // MARK: Gaps

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct AttributeFilter: Sendable {
        var name: String
        /// The attribute in words, in the page's language.
        var label: String
        var options: [Option]
    }

    struct GapCommune: Sendable {
        var code: String
        var name: String
        var missing: Int
        var approved: Bool
        /// The reader may open the commune's page (else its name is shown without a link).
        var link: Bool
    }

    struct GapRule: Sendable {
        var id: String
        var line: String
        var communes: [GapCommune]
    }

    struct GapsContent: Sendable {
        var asOfISO: String
        var rules: [Option]
        var types: [Option]
        var attributes: [AttributeFilter]
        var gaps: [GapRule]
        var downloads: [DownloadLink]
        var error: String?
        /// "x/y communes approved for period P".
        var approvedLine: String
    }

    @Sendable func gaps(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let day = try inventory.day(request)
        let q = try request.query()
        let rule = q.get("rule").flatMap { $0.isEmpty ? nil : $0 }
        var attributes: [String: String] = [:]
        for (key, value) in q.pairs where key.hasPrefix("attr.") && !value.isEmpty { attributes[String(key.dropFirst(5))] = String(value) }
        let type = try CommuneType.filter(q.get("type"))
        let found = try GapListQuery(session: session).run(scope: scope, on: day,
                                                           filter: .init(rule: rule, type: type, attributes: attributes))
        let lang = context.language.language
        let content = GapsContent(
            asOfISO: day.iso,
            rules: session.checklist.rules.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == rule) },
            types: CommuneType.allCases.map { Option(value: $0.rawValue, label: context.text.pages.communeType($0), selected: $0 == type) },
            attributes: found.attributeValues.map { a in
                AttributeFilter(name: a.name, label: RegistryAttributes.label(a.name).text(lang),
                                options: a.values.map { value in
                                    // A yes/no attribute's values in words.
                                    let label = value == "true" ? context.text.pages.yes : value == "false" ? context.text.pages.no : value
                                    return Option(value: value, label: label, selected: attributes[a.name] == value)
                                })
            },
            gaps: found.rules.map { r in
                GapRule(id: r.rule.id, line: r.gapLine(lang),
                        communes: r.shortfalls.map { GapCommune(code: $0.commune.code, name: $0.commune.name, missing: $0.missing,
                                                                 approved: found.approved.contains($0.commune.code),
                                                                 link: scope.canReadDetails($0.commune)) })
            },
            downloads: Self.downloads("gaps", day: day, official: context.text.pages.officialPDF), error: nil,
            approvedLine: context.text.pages.approvedSummary.filled(["approved": String(found.approval.approved.count),
                                                                     "total": String(found.approval.total), "period": found.approval.period]))
        return pages.render("gaps", title: context.text.pages.gapsTitle, content: content, request: request, context: context,
                            stamp: session.dataStamp, key: day.iso)
    }

    // MARK: Communes and the review queue

    /// `/communes?q=&as-of=`: the province's communes found by what was typed, grouped by their review's state
    /// for the period of the date.
    @Sendable func communeList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let q = try request.query()
        let search = q.get("q") ?? ""
        let found = try CommuneListQuery(session: session).run(scope: scope, search: search,
                                                               period: ReportingPeriod.month(of: try inventory.day(request)))
        return pages.render("communes", title: context.text.pages.communesTitle, content: CommuneListPage(found, search: search, text: context.text),
                            request: request, context: context)
    }

    // MARK: Commune

    struct ReviewFields: Decodable {
        var period: String?
        var action: String?
        var comment: String?
    }

    @Sendable func commune(_ request: Request, context: WebRequestContext) async throws -> Response {
        let t = context.text.pages
        let notice: String? = switch try request.query().get("done") {
        case "recorded": t.recorded
        case "recorded-with-evidence": t.recordedWithEvidence
        case "reviewed": t.reviewDone
        case "attached": t.attached
        case "again": t.alreadyDone
        default: nil
        }
        return try communePage(request, context: context, typed: CommunePage.Typed(), errors: FieldErrors(), reviewError: nil,
                               notice: notice, status: .ok)
    }

    func communePage(_ request: Request, context: WebRequestContext, typed: CommunePage.Typed, errors: FieldErrors, reviewError: String?,
                     notice: String?, status: HTTPResponse.Status, attachError: String? = nil) throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        let day = try inventory.day(request)
        let r = try CommunePageQuery(session: session).run(scope: scope, commune: code, on: day)
        var content = CommunePage(r, session: session, scope: scope, day: day, typed: typed, errors: errors, formToken: onceTokens.issue(),
                                  reviewError: reviewError, notice: notice, text: context.text)
        content.attachError = attachError
        return pages.render("commune", title: content.name, content: content, request: request, context: context, status: status)
    }

    /// The record form, url-encoded or (with its optional file `evidence`, the handover minutes) multipart;
    /// the event and its file are stored together or not at all, once per rendered form.
    @Sendable func record(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let account = try context.requireIdentity().account
        let code = try context.parameters.require("code")
        let posted: PostedForm
        do {
            if context.uploadTooLarge { throw NIOTooManyBytesError(maxBytes: context.maxUploadSize) }
            posted = try await PostedForm.read(request, context: context)
        } catch is NIOTooManyBytesError {
            // Larger than any upload: what was typed is not read; the form comes back saying so, beside the file field.
            var errors = FieldErrors()
            errors.messages["evidence"] = context.text.pages.uploadTooLarge + " "
                + context.text.pages.importLimit.filled(["megabytes": String(AttachEvidence.maximumBytes / 1024 / 1024)])
            return try communePage(request, context: context, typed: CommunePage.Typed(), errors: errors, reviewError: nil, notice: nil,
                                   status: .contentTooLarge)
        }
        let typed = CommunePage.Typed(posted)
        let file = posted.files("evidence").first.map { EvidenceFile(fileName: $0.fileName ?? "", bytes: $0.data) }
        do {
            var input = try typed.form.input(commune: code, scope: scope, source: "web: commune page")
            input.evidence = file
            // (A post without the page's token, from a script, is applied as sent.)
            if let token = posted.last("form_token"), !token.isEmpty, !(await onceTokens.claim(token, account: account.id)) {
                return .redirect(to: "/communes/\(code)?done=again", type: .normal)
            }
            let done = try RecordEvent(session: session).run(input)
            return .redirect(to: "/communes/\(code)?done=" + (done.evidence == nil ? "recorded" : "recorded-with-evidence"), type: .normal)
        } catch {
            // (A plain catch: the do holds only typed AppError throws, and `catch … as … where` there crashed swift 6.3.1's SILGen.)
            guard error.kind == .input || (error.kind == .conflict && error.field == "on") else { throw error }
            let errors = FieldErrors(error, fields: CommunePage.recordFields(session.catalog), language: context.text.language)
            return try communePage(request, context: context, typed: typed, errors: errors, reviewError: nil, notice: nil,
                                   status: error.kind == .input ? .unprocessableContent : .conflict)
        }
    }

    @Sendable func review(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        let fields = try await request.formCopy(ReviewFields.self, context: context)
        do throws(AppError) {
            guard let action = fields.action.flatMap(ReviewAction.init(rawValue:)) else {
                throw AppError.field("action", "choose submit, approve, return or reopen")
            }
            _ = try ReviewCommune(session: session).run(.init(commune: code, period: fields.period ?? "", action: action,
                                                               comment: fields.comment ?? "", scope: scope, source: "web: commune page"))
            return .redirect(to: "/communes/\(code)?done=reviewed", type: .normal)
        } catch {
            guard error.kind == .input || error.kind == .conflict else { throw error }
            return try communePage(request, context: context, typed: CommunePage.Typed(), errors: FieldErrors(),
                                   reviewError: error.text(context.text.language), notice: nil,
                                   status: error.kind == .input ? .unprocessableContent : .conflict)
        }
    }

    // MARK: Evidence

    /// A multipart form: `event` (a ledger event id of this commune) and the file `evidence`.
    @Sendable func attach(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        let t = context.text.pages
        // Every refusal comes back as the commune's page, its message beside the file field.
        func again(_ message: String, _ status: HTTPResponse.Status) throws -> Response {
            try communePage(request, context: context, typed: CommunePage.Typed(), errors: FieldErrors(), reviewError: nil, notice: nil,
                            status: status, attachError: message)
        }
        let posted: PostedForm
        do {
            if context.uploadTooLarge { throw NIOTooManyBytesError(maxBytes: context.maxUploadSize) }
            posted = try await PostedForm.read(request, context: context)
        } catch is NIOTooManyBytesError {
            return try again(t.uploadTooLarge + " " + t.importLimit.filled(["megabytes": String(AttachEvidence.maximumBytes / 1024 / 1024)]),
                             .contentTooLarge)
        }
        guard let file = posted.files("evidence").first else { return try again(t.noFile, .unprocessableContent) }
        guard let eventID = posted.last("event").flatMap({ Int64($0) }) else { return try again(t.chooseEvent, .unprocessableContent) }
        do {
            let attached = try AttachEvidence(session: session).run(.init(eventID: eventID, fileName: file.fileName ?? "", bytes: file.data,
                                                                          scope: scope))
            guard attached.communeCode == code else { throw WebError.notFound }  // (written for its own commune, whatever the URL said)
            return .redirect(to: "/communes/\(attached.communeCode)?done=attached", type: .normal)
        } catch let error as AppError where error.kind == .input {
            return try again(error.text(context.text.language), .unprocessableContent)
        }
    }

    /// The file, only for a scope that may see its commune: its checked type, a PDF as an attachment.
    @Sendable func evidence(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        guard let id = Int64(try context.parameters.require("id")) else { throw WebError.notFound }
        let found = try EvidenceQuery(session: session).run(id: id, scope: scope)
        return Self.attachment(found.bytes, mediaType: found.type.rawValue, fileName: "evidence-\(id).\(found.type.fileExtension)",
                               inline: found.type != .pdf)
    }

    // MARK: Audit

    /// `/audit?commune=&item=&actor=&kind=&from=&to=&page=`: the trail within the scope, a page at a time.
    @Sendable func audit(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let q = try request.query()
        let filter = try Self.auditFilter(q)
        let found = try AuditQuery(session: session).run(scope: scope, filter: filter, page: try AuditQuery.page(q.get("page")))
        let content = AuditPage(found, filter: filter, query: q, session: session, text: context.text)
        return pages.render("audit", title: context.text.pages.auditTitle, content: content, request: request, context: context)
    }

    /// The trail as the filter selects it, as CSV (at most `AuditQuery.downloadLimit` entries).
    @Sendable func auditDownload(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let report = try AuditQuery(session: session).download(scope: scope, filter: try Self.auditFilter(try request.query()))
        return Self.attachment(report.bytes, mediaType: report.mediaType, fileName: "audit-\(inventory.clock.today.iso).csv")
    }

    static func auditFilter(_ q: FormData) throws(AppError) -> AuditQuery.Filter {
        try AuditQuery.Filter.typed(commune: q.get("commune"), item: q.get("item"), actor: q.get("actor"), kind: q.get("kind"),
                                    from: q.get("from"), to: q.get("to"))
    }

    // MARK: Downloads

    /// `/downloads/KIND.FORMAT?as-of=…&commune=…&since=…&budget=…&budgets=…`
    @Sendable func download(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let file = try context.parameters.require("file")
        guard let dot = file.lastIndex(of: "."), let kind = ReportDownload.Kind(rawValue: String(file[..<dot])),
              let format = ReportFormat(fileName: file), format != .table else {
            throw WebError.notFound
        }
        let q = try request.query()
        let budget: Int? = if let typed = q.get("budget") { try PlanBudgets.budget(typed) } else { nil }
        var input = ReportDownload.Input(
            kind: kind, format: format, asOf: try inventory.day(request), since: try inventory.optionalDay(request, "since"),
            commune: q.get("commune"), budget: budget, budgets: try PlanBudgets.budgets(q.get("budgets")),
            language: context.language.language, scope: scope)
        // `official=1`: the HTML or PDF in the administrative form, for the province's signed documents.
        input.official = q.get("official") == "1" && (format == .html || format == .pdf) && kind != .commune
        let found = try ReportDownload(session: session).run(input)
        // (Every format as an attachment: the reports' HTML carries its own styles, which this site's CSP would block.)
        return Self.attachment(found.report.bytes, mediaType: found.report.mediaType, fileName: found.fileName)
    }

    /// A file response: its type, and `attachment` (or `inline` for a page) with the file's name.
    static func attachment(_ bytes: [UInt8], mediaType: String, fileName: String, inline: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.contentDisposition] = (inline ? "inline" : "attachment") + "; filename=\"\(fileName)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
