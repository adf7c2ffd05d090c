import Foundation
import HTTPTypes
import Hummingbird
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

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/", use: dashboard)
        router.get("/gaps", use: gaps)
        router.get("/communes/:code", use: commune)
        router.post("/communes/:code/record", use: record)
        router.post("/communes/:code/review", use: review)
        router.post("/communes/:code/evidence", use: attach)
        router.get("/evidence/:id", use: evidence)
        router.get("/audit", use: audit)
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
    }

    struct DownloadLink: Sendable {
        var label: String
        var href: String
    }

    /// Spreadsheet and print first (codes stay text in a workbook; a CSV's 00070 becomes 70 in a spreadsheet),
    /// then the page and the formats for programs.
    static let formats: [ReportFormat] = [.xlsx, .pdf, .html, .md, .csv, .json]

    static func downloads(_ kind: String, day: Day, extra: String = "") -> [DownloadLink] {
        formats.map { DownloadLink(label: $0.fileExtension, href: "/downloads/\(kind).\($0.fileExtension)?as-of=\(day.iso)\(extra)") }
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
                CoverageRow(ruleID: c.rule.id, name: c.rule.name[lang], met: c.met, short: c.short, applicable: c.met + c.short, percent: c.percent,
                            gapLine: c.rule.gapLine(short: c.short, total: c.met + c.short, language: lang))
            },
            classes: classes, overdue: overdue, atRisk: atRisk, hasDeadlineIssues: !(overdue.isEmpty && atRisk.isEmpty),
            notSubmittedTitle: p.notSubmittedTitle.filled(["period": d.period.id]),
            submittedSummary: p.submittedSummary.filled(["submitted": String(d.submitted), "approved": String(d.approved),
                                                         "total": String(d.communes)]),
            notSubmitted: d.notSubmitted.map { CommuneLink(code: $0.code, name: $0.name) },
            downloads: Self.downloads("gaps", day: day) + Self.downloads("report", day: day).map {
                DownloadLink(label: "report." + $0.label, href: $0.href)
            })
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
        let q = request.uri.queryParameters
        let rule = q.get("rule").flatMap { $0.isEmpty ? nil : $0 }
        let typeText = q.get("type").flatMap { $0.isEmpty ? nil : $0 }
        var attributes: [String: String] = [:]
        for (key, value) in q where key.hasPrefix("attr.") && !value.isEmpty { attributes[String(key.dropFirst(5))] = String(value) }
        let type = typeText.flatMap { CommuneType(rawValue: $0) }
        let found = try GapListQuery(session: session).run(scope: scope, on: day,
                                                           filter: .init(rule: rule, type: type, attributes: attributes))
        let lang = context.language.language
        let content = GapsContent(
            asOfISO: day.iso,
            rules: session.checklist.rules.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == rule) },
            types: CommuneType.allCases.map { Option(value: $0.rawValue, label: context.text.pages.communeType($0), selected: $0 == type) },
            attributes: found.attributeValues.map { a in
                AttributeFilter(name: a.name, label: RegistryAttributes.label(a.name).text(lang),
                                options: a.values.map { Option(value: $0, label: $0, selected: attributes[a.name] == $0) })
            },
            gaps: found.rules.map { r in
                GapRule(id: r.rule.id, line: r.rule.gapLine(short: r.shortCount, total: r.metCount + r.shortCount, language: lang),
                        communes: r.shortfalls.map { GapCommune(code: $0.commune.code, name: $0.commune.name, missing: $0.missing,
                                                                 approved: found.approved.contains($0.commune.code)) })
            },
            downloads: Self.downloads("gaps", day: day), error: nil,
            approvedLine: context.text.pages.approvedSummary.filled(["approved": String(found.approval.approved.count),
                                                                     "total": String(found.approval.total), "period": found.approval.period]))
        return pages.render("gaps", title: context.text.pages.gapsTitle, content: content, request: request, context: context,
                            stamp: session.dataStamp, key: day.iso)
    }

    // MARK: Commune

    struct OutcomeRow: Sendable {
        var name: String
        var status: String
        var css: String
    }

    struct HoldingRow: Sendable {
        var item: String
        var working: Int
        var broken: Int
        var attributes: String
        var since: String
    }

    struct EvidenceLink: Sendable {
        var id: Int64
        var label: String
    }

    struct HistoryRow: Sendable {
        var id: Int64
        var evidence: [EvidenceLink]
        var date: String
        var item: String
        var working: Int
        var broken: Int
        var attributes: String
        var recordedBy: String
        var source: String
        var note: String
    }

    struct ReviewRow: Sendable {
        var at: String
        var period: String
        var status: String
        var actor: String
        var comment: String
    }

    struct RecordForm: Sendable {
        var items: [Option]
        var working: String
        var broken: String
        var attributes: String
        var on: String
        var note: String
        var errors: [String: String]
        var errorWorking: String?
        var errorBroken: String?
        var errorItem: String?
        var errorAttributes: String?
        var errorOn: String?
        var errorEvidence: String?
        var general: String?
        var attributesHelp: [String]
    }

    struct ReviewForm: Sendable {
        var period: String
        var status: String
        var canSubmit: Bool
        var canApprove: Bool
        var canReopen: Bool
        var error: String?
    }

    struct CommuneContent: Sendable {
        var code: String
        var name: String
        var province: String
        var asOfISO: String
        var index: String
        var className: String?
        var outcomes: [OutcomeRow]
        var holdings: [HoldingRow]
        var history: [HistoryRow]
        var reviews: [ReviewRow]
        var canWrite: Bool
        var canReview: Bool
        var form: RecordForm
        var review: ReviewForm
        var notice: String?
        var downloads: [DownloadLink]
        /// The latest events, to attach a file to.
        var attachable: [Option]
        var evidenceLimit: String
    }

    struct RecordFields: Decodable {
        var item: String?
        var working: String?
        var broken: String?
        var attributes: String?
        var on: String?
        var note: String?
    }

    struct ReviewFields: Decodable {
        var period: String?
        var action: String?
        var comment: String?
    }

    @Sendable func commune(_ request: Request, context: WebRequestContext) async throws -> Response {
        let notice: String? = switch request.uri.queryParameters.get("done") {
        case "recorded": context.text.pages.recorded
        case "recorded-with-evidence": context.text.pages.recordedWithEvidence
        case "reviewed": context.text.pages.reviewDone
        case "attached": context.text.pages.attached
        default: nil
        }
        return try communePage(request, context: context, fields: RecordFields(), errors: FieldErrors(), reviewError: nil,
                               notice: notice, status: .ok)
    }

    func communePage(_ request: Request, context: WebRequestContext, fields: RecordFields, errors: FieldErrors, reviewError: String?,
                     notice: String?, status: HTTPResponse.Status) throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        let day = try inventory.day(request)
        let r = try CommunePageQuery(session: session).run(scope: scope, commune: code, on: day)
        let t = context.text.pages, lang = context.language.language
        let c = r.card.commune
        func attrs(_ a: [String: AttributeValue]) -> String { a.keys.sorted().map { "\($0)=\(a[$0]!)" }.joined(separator: ", ") }
        func itemName(_ id: String) -> String { session.catalog.item(id)?.name[lang] ?? id }
        let outcomes = c.outcomes.map { rule, outcome -> OutcomeRow in
            switch outcome {
            case .met: OutcomeRow(name: rule.name[lang], status: t.met, css: "met")
            case .short: OutcomeRow(name: rule.name[lang], status: t.shortBy.replacingOccurrences(of: "{missing}", with: String(outcome.missing)),
                                    css: "short")
            case .notApplicable: OutcomeRow(name: rule.name[lang], status: t.notApplicable, css: "na")
            case .unknown: OutcomeRow(name: rule.name[lang], status: t.unknownOutcome, css: "na")
            }
        }
        let selectedItem = fields.item ?? session.catalog.items.first?.id
        let form = RecordForm(
            items: session.catalog.items.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == selectedItem) },
            working: fields.working ?? "", broken: fields.broken ?? "0", attributes: fields.attributes ?? "", on: fields.on ?? "",
            note: fields.note ?? "", errors: errors.messages, errorWorking: errors["working"], errorBroken: errors["broken"],
            errorItem: errors["item"], errorAttributes: errors["attributes"], errorOn: errors["on"], errorEvidence: errors["evidence"],
            general: errors.general,
            attributesHelp: session.catalog.items.filter { !$0.attributes.isEmpty }.map { item in
                "\(item.id): " + item.attributes.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")
            })
        let last = r.periodStatus?.action
        let review = ReviewForm(period: r.period.id, status: t.reviewStatus(last?.rawValue),
                                canSubmit: r.canWrite && (last == nil || last == .return || last == .reopen),
                                canApprove: r.canReview && last == .submit, canReopen: r.canReview && last == .approve,
                                error: reviewError)
        let content = CommuneContent(
            code: c.commune.code, name: c.commune.name, province: c.commune.provinceName, asOfISO: day.iso,
            index: c.index.map { String(format: "%.2f", $0) } ?? "–", className: c.readinessClass?.name(lang),
            outcomes: outcomes,
            holdings: r.card.holdings.map { HoldingRow(item: itemName($0.item), working: $0.working, broken: $0.broken,
                                                       attributes: attrs($0.attributes), since: $0.since.vietnamese) },
            history: r.history.prefix(200).map { e in
                HistoryRow(id: e.id, evidence: (r.evidence[e.id] ?? []).map { EvidenceLink(id: $0.id, label: $0.fileName.isEmpty ? "#\($0.id)" : $0.fileName) },
                           date: e.effectiveOn.vietnamese, item: itemName(e.item), working: e.working, broken: e.broken,
                           attributes: attrs(e.attributes), recordedBy: e.recordedBy, source: e.source, note: e.note)
            },
            reviews: r.reviews.map { ReviewRow(at: String($0.at.prefix(16)).replacingOccurrences(of: "T", with: " "), period: $0.period,
                                               status: t.reviewStatus($0.action.rawValue), actor: $0.actor, comment: $0.comment) },
            canWrite: r.canWrite, canReview: r.canReview, form: form, review: review, notice: notice,
            downloads: Self.downloads("commune", day: day, extra: "&commune=\(c.commune.code)"),
            attachable: r.history.sorted { $0.id > $1.id }.prefix(20).enumerated().map { i, e in
                Option(value: String(e.id), label: "\(e.effectiveOn.vietnamese) · \(itemName(e.item)) · \(e.working)/\(e.broken)", selected: i == 0)
            },
            evidenceLimit: t.importLimit.replacingOccurrences(of: "{megabytes}", with: String(AttachEvidence.maximumBytes / 1024 / 1024)))
        return pages.render("commune", title: c.commune.name, content: content, request: request, context: context, status: status)
    }

    static let recordFields: Set<String> = ["item", "working", "broken", "attributes", "on", "note", "evidence"]

    /// The record form, url-encoded or (with its optional file `evidence`, the handover minutes) multipart;
    /// the event and its file are stored together or not at all.
    @Sendable func record(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        var fields = RecordFields()
        var file: EvidenceFile?
        if let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard let form = MultipartForm(body, boundary: boundary) else {
                throw AppError.input("send the form as a multipart/form-data upload", field: "evidence")
            }
            fields = RecordFields(item: form.field("item"), working: form.field("working"), broken: form.field("broken"),
                                  attributes: form.field("attributes"), on: form.field("on"), note: form.field("note"))
            file = form.files("evidence").first.map { EvidenceFile(fileName: $0.fileName ?? "", bytes: $0.data) }
        } else {
            fields = try await URLEncodedFormDecoder().decode(RecordFields.self, from: request, context: context)
        }
        do {
            var input = try Self.recordInput(fields, commune: code, scope: scope)
            input.evidence = file
            let done = try RecordEvent(session: session).run(input)
            return .redirect(to: "/communes/\(code)?done=" + (done.evidence == nil ? "recorded" : "recorded-with-evidence"), type: .normal)
        } catch {
            // (A plain catch: the do holds only typed AppError throws, and `catch … as … where` there crashed swift 6.3.1's SILGen.)
            guard error.kind == .input || (error.kind == .conflict && error.field == "on") else { throw error }
            return try communePage(request, context: context, fields: fields, errors: FieldErrors(error, fields: Self.recordFields, language: context.text.language),
                                   reviewError: nil, notice: nil, status: error.kind == .input ? .unprocessableContent : .conflict)
        }
    }

    /// The form as RecordEvent's input: counts as whole numbers, the date as typed, attributes split at commas.
    static func recordInput(_ f: RecordFields, commune: String, scope: Scope) throws(AppError) -> RecordEvent.Input {
        func count(_ text: String?, _ field: String, default value: Int?) throws(AppError) -> Int {
            let t = (text ?? "").trimmingCharacters(in: .whitespaces)
            if t.isEmpty, let value { return value }
            guard let n = Int(t) else { throw .input("\(field) \"\(t)\": give a whole number, 0 or more", field: field) }
            return n
        }
        let working = try count(f.working, "working", default: nil)
        let broken = try count(f.broken, "broken", default: 0)
        var on: Day?
        if let text = f.on?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let day = Day(lenient: text) else { throw .input("date \"\(text)\": give YYYY-MM-DD or dd/MM/yyyy", field: "on") }
            on = day
        }
        let assignments = (f.attributes ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return RecordEvent.Input(commune: commune, item: f.item ?? "", working: working, broken: broken, assignments: assignments, on: on,
                                 note: f.note ?? "", recordedBy: scope.name, source: "web: commune page", scope: scope)
    }

    @Sendable func review(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        let fields = try await URLEncodedFormDecoder().decode(ReviewFields.self, from: request, context: context)
        guard let action = fields.action.flatMap(ReviewAction.init(rawValue:)) else {
            throw AppError.input("action: submit, approve, return or reopen", field: "action")
        }
        do {
            _ = try ReviewCommune(session: session).run(.init(commune: code, period: fields.period ?? "", action: action,
                                                               comment: fields.comment ?? "", scope: scope, source: "web: commune page"))
            return .redirect(to: "/communes/\(code)?done=reviewed", type: .normal)
        } catch {
            guard error.kind == .input || error.kind == .conflict else { throw error }
            return try communePage(request, context: context, fields: RecordFields(), errors: FieldErrors(), reviewError: error.text(context.text.language),
                                   notice: nil, status: error.kind == .input ? .unprocessableContent : .conflict)
        }
    }

    // MARK: Evidence

    /// A multipart form: `event` (a ledger event id of this commune) and the file `evidence`.
    @Sendable func attach(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let code = try context.parameters.require("code")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let boundary = MultipartForm.boundary(of: request.headers[.contentType]), let form = MultipartForm(body, boundary: boundary) else {
            throw AppError.input("send the file as a multipart/form-data upload", field: "evidence")
        }
        guard let file = form.files("evidence").first else { throw AppError.input(Phrase(verbatim: context.text.pages.noFile), field: "evidence") }
        guard let eventID = form.field("event").flatMap({ Int64($0) }) else { throw AppError.input("choose the event", field: "event") }
        let attached = try AttachEvidence(session: session).run(.init(eventID: eventID, fileName: file.fileName ?? "", bytes: file.data,
                                                                      scope: scope))
        guard attached.communeCode == code else { throw WebError.notFound }  // (written for its own commune, whatever the URL said)
        return .redirect(to: "/communes/\(attached.communeCode)?done=attached", type: .normal)
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

    struct AuditRow: Sendable {
        var at: String
        var who: String
        var commune: String
        var code: String
        var what: String
        var source: String
    }

    struct AuditContent: Sendable {
        var rows: [AuditRow]
    }

    @Sendable func audit(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let entries = try AuditQuery(session: session).run(scope: scope)
        let t = context.text.pages, lang = context.language.language
        let names = Dictionary(session.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = entries.map { entry -> AuditRow in
            let at = String(entry.at.prefix(16)).replacingOccurrences(of: "T", with: " ")
            switch entry {
            case .event(let e):
                let item = session.catalog.item(e.item)?.name[lang] ?? e.item
                let attrs = e.attributes.keys.sorted().map { "\($0)=\(e.attributes[$0]!)" }.joined(separator: ", ")
                return AuditRow(at: at, who: e.recordedBy, commune: names[e.communeCode] ?? e.communeCode, code: e.communeCode,
                                what: "\(item): \(e.working)/\(e.broken) (\(e.effectiveOn.vietnamese))" + (attrs.isEmpty ? "" : " " + attrs),
                                source: e.source)
            case .review(let r):
                return AuditRow(at: at, who: r.actor, commune: names[r.communeCode] ?? r.communeCode, code: r.communeCode,
                                what: "\(t.reviewTitle) \(r.period): \(t.reviewStatus(r.action.rawValue))" + (r.comment.isEmpty ? "" : " — \(r.comment)"),
                                source: r.source)
            }
        }
        return pages.render("audit", title: t.auditTitle, content: AuditContent(rows: rows), request: request, context: context)
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
        let q = request.uri.queryParameters
        let budget: Int? = if let typed = q.get("budget") { try PlanBudgets.budget(typed) } else { nil }
        let found = try ReportDownload(session: session).run(.init(
            kind: kind, format: format, asOf: try inventory.day(request), since: q.get("since").flatMap { Day(lenient: $0) },
            commune: q.get("commune"), budget: budget, budgets: try PlanBudgets.budgets(q.get("budgets")),
            language: context.language.language, scope: scope))
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
