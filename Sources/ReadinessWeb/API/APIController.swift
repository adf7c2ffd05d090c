import Foundation
import HTTPTypes
import Hummingbird
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The JSON API, version 1: the pages' operations with the same scope checks (the same use cases);
/// every error is `{"error": {"code", "message", "field"}}`; POSTs carry the session's `X-CSRF-Token`.
/// `GET /api/v1/openapi.json` describes every route, from the same table they are registered from.
struct APIController {
    let inventory: Inventory
    let pages: PageRenderer
    /// `Idempotency-Key`s of POSTs: a request sent again with the same key is applied once.
    let onceTokens: OnceTokens

    /// What a route does; the document describes each from it (parameters, body, responses).
    enum Operation: Hashable, Sendable {
        case me, dashboard, gaps, commune, record, review, audit, plan, download(ReportDownload.Kind), openAPI

        /// Values of a request's query or body, which may be refused with 422.
        var takesInput: Bool { ![.me, .audit, .openAPI].contains(self) }
    }

    struct Route: Sendable {
        var method: String
        /// OpenAPI's path template, which hummingbird reads too (`{code}`, `gaps.{format}`).
        var path: String
        var summary: String
        var operation: Operation
        var operationID: String
    }

    /// The formats a report is downloaded in.
    static let downloadFormats: [ReportFormat] = [.html, .xlsx, .md, .csv, .json]

    /// Every route. Registered and documented from here.
    static let routes: [Route] = [
        Route(method: "GET", path: "/api/v1/me", summary: "The signed-in account and the CSRF token of its session", operation: .me,
              operationID: "me"),
        Route(method: "GET", path: "/api/v1/dashboard",
              summary: "Coverage per rule, classes, deadlines and submissions of the scope's communes", operation: .dashboard,
              operationID: "dashboard"),
        Route(method: "GET", path: "/api/v1/gaps", summary: "The gap list, filtered by rule, commune type and commune attributes",
              operation: .gaps, operationID: "gaps"),
        Route(method: "GET", path: "/api/v1/communes/{code}", summary: "A commune's card, holdings, history and review status",
              operation: .commune, operationID: "commune"),
        Route(method: "POST", path: "/api/v1/communes/{code}/events", summary: "Record what the commune holds of one item",
              operation: .record, operationID: "recordEvent"),
        Route(method: "POST", path: "/api/v1/communes/{code}/review",
              summary: "A review step of a period: submit (the commune), approve, return or reopen (province staff)",
              operation: .review, operationID: "review"),
        Route(method: "GET", path: "/api/v1/audit", summary: "Ledger events, review steps, imports and evidence of the scope, newest first",
              operation: .audit, operationID: "audit"),
        Route(method: "GET", path: "/api/v1/plan", summary: "A procurement plan for the scope's communes (province staff, admins)",
              operation: .plan, operationID: "plan"),
    ] + ReportDownload.Kind.allCases.map { kind in
        Route(method: "GET", path: "/api/v1/downloads/\(kind.rawValue).{format}", summary: "The \(kind.rawValue) report as a file",
              operation: .download(kind), operationID: "download-\(kind.rawValue)")
    } + [
        Route(method: "GET", path: "/api/v1/openapi.json", summary: "This document", operation: .openAPI, operationID: "openAPI"),
    ]

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        for route in Self.routes {
            let path = RouterPath(String(route.path.dropFirst("/api/v1".count)))
            let operation = route.operation
            if route.method == "POST" {
                router.post(path) { request, context in try await self.handle(operation, request, context) }
            } else {
                router.get(path) { request, context in try await self.handle(operation, request, context) }
            }
        }
        // At each address, a method it does not take is 405 with those it does (Allow); any other address is not found.
        for path in Set(Self.routes.map(\.path)) {
            let taken = Set(Self.routes.filter { $0.path == path }.map(\.method))
            let allow = Self.methods(for: path).joined(separator: ", ")
            for method in Self.refusedMethods where !taken.contains(method.rawValue) {
                router.on(RouterPath(String(path.dropFirst("/api/v1".count))), method: method) { _, context -> Response in
                    var response = APIErrorBody.response(WebError(status: .methodNotAllowed, code: "method_not_allowed") {
                        APIText.of($0.language).methodNotAllowed.filled(["allowed": allow])
                    }, text: context.text)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
        router.get("/**") { _, _ -> Response in throw WebError.notFound }
    }

    /// The methods answered with 405 where a route does not take them (HEAD is every GET's; OPTIONS is left to the
    /// server), QUERY (the safe method with a body of the HTTP working group's draft) among them.
    static let refusedMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .trace] + [HTTPRequest.Method("QUERY")].compactMap { $0 }

    /// The methods the routes take at `path` (HEAD with every GET); none when no route has that address.
    static func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var found: [String] = []
        for route in routes {
            let template = route.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            let matches = zip(template, segments).allSatisfy { t, s in
                guard let open = t.firstIndex(of: "{") else { return t == s }
                return s.hasPrefix(t[..<open]) && s.count > t[..<open].count
            }
            if matches && !found.contains(route.method) { found.append(route.method) }
        }
        if found.contains("GET") { found.append("HEAD") }
        return found
    }

    func handle(_ operation: Operation, _ request: Request, _ context: WebRequestContext) async throws -> Response {
        switch operation {
        case .me: try await me(request, context: context).response(from: request, context: context)
        case .dashboard: try await dashboard(request, context: context).response(from: request, context: context)
        case .gaps: try await gaps(request, context: context).response(from: request, context: context)
        case .commune: try await commune(request, context: context).response(from: request, context: context)
        case .record: try await record(request, context: context).response(from: request, context: context)
        case .review: try await review(request, context: context).response(from: request, context: context)
        case .audit: try await audit(request, context: context).response(from: request, context: context)
        case .plan: try await plan(request, context: context).response(from: request, context: context)
        case .download(let kind): try await download(kind, request, context: context)
        case .openAPI: try await openAPI(request, context: context)
        }
    }

    struct Me: ResponseEncodable {
        var name: String
        var role: String
        var communeCode: String?
        var provinceCode: String?
        /// The session's CSRF token: the `X-CSRF-Token` header of every POST.
        var csrfToken: String
    }

    @Sendable func me(_ request: Request, context: WebRequestContext) async throws -> Me {
        let account = try context.requireIdentity().account
        return Me(name: account.name, role: account.role.rawValue, communeCode: account.communeCode, provinceCode: account.provinceCode,
                  csrfToken: context.csrfToken)
    }

    struct Dashboard: ResponseEncodable {
        struct Rule: Codable { var id: String; var met: Int; var short: Int; var total: Int; var notJudged: Int; var percent: Int? }
        struct Deadline: Codable { var rule: String; var state: String; var short: Int; var daysLeft: Int }
        var asOf: String
        var communes: Int
        var rules: [Rule]
        var classes: [String: Int]
        var deadlines: [Deadline]
        var period: String
        var notSubmitted: [String]
        var submitted: Int
        var approved: Int
    }

    @Sendable func dashboard(_ request: Request, context: WebRequestContext) async throws -> Dashboard {
        let (session, scope) = try inventory.open(context)
        let d = try DashboardQuery(session: session).run(scope: scope, on: try day(request))
        return Dashboard(asOf: d.asOf.iso, communes: d.communes,
                         rules: d.coverage.map { .init(id: $0.rule.id, met: $0.met, short: $0.short, total: $0.total, notJudged: $0.notJudged,
                                                                  percent: $0.percent) },
                         classes: Dictionary(d.classes.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +),
                         deadlines: d.deadlines.rules.map { .init(rule: $0.rule.id, state: $0.state.rawValue, short: $0.short.count,
                                                                  daysLeft: $0.daysLeft) },
                         period: d.period.id, notSubmitted: d.notSubmitted.map(\.code), submitted: d.submitted, approved: d.approved)
    }

    struct Gaps: ResponseEncodable {
        struct Short: Codable { var code: String; var name: String; var missing: Int; var approved: Bool }
        struct Rule: Codable { var id: String; var short: Int; var total: Int; var communes: [Short] }
        struct Approval: Codable { var period: String; var approved: Int; var total: Int }
        var asOf: String
        var communes: Int
        var rules: [Rule]
        var approval: Approval
    }

    @Sendable func gaps(_ request: Request, context: WebRequestContext) async throws -> Gaps {
        let (session, scope) = try inventory.open(context)
        let q = try APIQuery(request)
        var attributes: [String: String] = [:]
        for (key, value) in q.form.pairs where key.hasPrefix("attr.") && !value.isEmpty { attributes[String(key.dropFirst(5))] = String(value) }
        let type = try q.choice("type", of: CommuneType.allCases.map(\.rawValue)).flatMap(CommuneType.init(rawValue:))
        let found = try GapListQuery(session: session).run(scope: scope, on: try day(request),
                                                           filter: .init(rule: try q.choice("rule", of: session.checklist.rules.map(\.id)),
                                                                         type: type, attributes: attributes))
        return Gaps(asOf: found.evaluation.asOf.iso, communes: found.evaluation.communes.count, rules: found.rules.map { r in
            .init(id: r.rule.id, short: r.shortCount, total: r.metCount + r.shortCount,
                  communes: r.shortfalls.map { .init(code: $0.commune.code, name: $0.commune.name, missing: $0.missing,
                                                      approved: found.approved.contains($0.commune.code)) })
        }, approval: .init(period: found.approval.period, approved: found.approval.approved.count, total: found.approval.total))
    }

    struct CommuneBody: ResponseEncodable {
        struct Outcome: Codable { var rule: String; var met: Bool; var missing: Int; var applies: Bool }
        struct HoldingBody: Codable { var item: String; var working: Int; var broken: Int; var attributes: [String: String]; var since: String }
        struct Event: Codable {
            var id: Int64; var item: String; var on: String; var working: Int; var broken: Int
            var attributes: [String: String]
            /// The account that wrote the event (the signed-in one, or the one that imported its file).
            var recordedBy: String
            /// The recorder its file named, when not that account.
            var declaredBy: String?
            var source: String; var note: String
        }
        var code: String
        var name: String
        var index: Double?
        var readinessClass: String?
        var outcomes: [Outcome]
        var holdings: [HoldingBody]
        var history: [Event]
        var period: String
        var reviewStatus: String?
    }

    @Sendable func commune(_ request: Request, context: WebRequestContext) async throws -> CommuneBody {
        let (session, scope) = try inventory.open(context)
        let r = try CommunePageQuery(session: session).run(scope: scope, commune: try code(context), on: try day(request))
        let c = r.card.commune
        func attrs(_ a: [String: AttributeValue]) -> [String: String] { a.mapValues(\.description) }
        return CommuneBody(code: c.commune.code, name: c.commune.name, index: c.index, readinessClass: c.readinessClass?.rawValue,
                           outcomes: c.outcomes.map { .init(rule: $0.rule.id, met: $0.outcome.isMet, missing: $0.outcome.missing,
                                                            applies: $0.outcome.isApplicable) },
                           holdings: r.card.holdings.map { .init(item: $0.item, working: $0.working, broken: $0.broken,
                                                                 attributes: attrs($0.attributes), since: $0.since.iso) },
                           history: r.history.map { .init(id: $0.id, item: $0.item, on: $0.effectiveOn.iso, working: $0.working,
                                                          broken: $0.broken, attributes: attrs($0.attributes), recordedBy: $0.actor,
                                                          declaredBy: $0.declaredBy,
                                                          source: $0.source, note: $0.note) },
                           period: r.period.id, reviewStatus: r.periodStatus?.action.rawValue)
    }

    struct RecordBody {
        var item: String
        var working: Int
        var broken: Int?
        /// `NAME=VALUE` lines.
        var attributes: [String]?
        /// Attribute values by name, as a form's fields give them.
        var values: [String: String]?
        var on: String?
        var note: String?

        init(_ body: APIBody) throws(WebError) {
            item = try body.requiredString("item")
            working = try body.requiredWhole("working")
            broken = try body.whole("broken")
            attributes = try body.strings("attributes")
            values = try body.stringMap("values")
            on = try body.string("on")
            note = try body.string("note")
        }
    }

    struct Recorded: ResponseEncodable {
        var commune: String
        var item: String
        var on: String
        var working: Int
        var broken: Int
        var recordedBy: String
        var changes: [String]
    }

    @Sendable func record(_ request: Request, context: WebRequestContext) async throws -> EditedResponse<Recorded> {
        let (session, scope) = try inventory.open(context)
        let account = try context.requireIdentity().account
        let code = try code(context)
        let body = try RecordBody(try await APIBody(request, context: context))
        if let text = body.on {
            _ = try DateInput.parse(text, field: "on")  // its own words for a date that is none, or out of range
            try Self.check(text, field: "on", pattern: APIPatterns.isoDate())
        }
        try Self.check(length: body.note, field: "note")
        var form = RecordEvent.Form(item: body.item, working: String(body.working), broken: body.broken.map(String.init) ?? "",
                                    on: body.on ?? "", note: body.note ?? "", values: body.values ?? [:])
        form.assignments = body.attributes ?? []
        let input = try form.input(commune: code, scope: scope, source: "web: api")
        if let key = request.headers[Self.idempotencyKey] { try Self.check(key, field: "Idempotency-Key", pattern: APIPatterns.idempotencyKey) }
        if let key = request.headers[Self.idempotencyKey], !(await onceTokens.claim("api:" + key, account: account.id)) {
            throw WebError(status: .conflict, code: "duplicate", field: nil) { $0.pages.alreadyDone }
        }
        let done = try RecordEvent(session: session).run(input)
        let lang = context.language.language
        return EditedResponse(status: .created, response: Recorded(
            commune: done.commune.code, item: done.item.id, on: done.event.effectiveOn.iso, working: done.event.working,
            broken: done.event.broken, recordedBy: done.event.recordedBy,
            changes: ChangeSummary(changes: done.changes, language: lang).lines()))
    }

    /// A client's key for one POST: the same key again is refused as a duplicate (409), nothing written.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key") ?? .authorization

    struct ReviewBody {
        var period: String
        var action: String
        var comment: String?

        init(_ body: APIBody) throws(WebError) {
            period = try body.requiredString("period")
            action = try body.requiredString("action")
            comment = try body.string("comment")
        }
    }

    struct Reviewed: ResponseEncodable {
        var commune: String
        var period: String
        var action: String
        var actor: String
        var at: String
    }

    @Sendable func review(_ request: Request, context: WebRequestContext) async throws -> EditedResponse<Reviewed> {
        let (session, scope) = try inventory.open(context)
        let code = try code(context)
        let body = try ReviewBody(try await APIBody(request, context: context))
        guard let action = ReviewAction(rawValue: body.action) else {
            throw WebError.apiInput(field: "action") { $0.badForm.filled(["field": "action", "value": Echo.short(body.action)]) }
        }
        _ = try ReportingPeriod.parse(body.period)  // its own words for a period that is none
        try Self.check(body.period, field: "period", pattern: APIPatterns.period())
        try Self.check(length: body.comment, field: "comment")
        let entry = try ReviewCommune(session: session).run(.init(commune: code, period: body.period,
                                                                   action: action, comment: body.comment ?? "", scope: scope,
                                                                   source: "web: api"))
        return EditedResponse(status: .created, response: Reviewed(commune: entry.communeCode, period: entry.period,
                                                                  action: entry.action.rawValue, actor: entry.actor, at: entry.at))
    }

    struct Audit: ResponseEncodable {
        struct Entry: Codable {
            var at: String; var who: String; var declaredBy: String?; var commune: String; var kind: String; var detail: String; var source: String
        }
        var entries: [Entry]
        var total: Int
        var page: Int
        var pages: Int
    }

    /// The same filters and pages as the audit page (`commune`, `item`, `actor`, `kind`, `from`, `to`, `page`).
    @Sendable func audit(_ request: Request, context: WebRequestContext) async throws -> Audit {
        let (session, scope) = try inventory.open(context)
        let q = try request.query()
        let found = try AuditQuery(session: session).run(scope: scope, filter: try InventoryController.auditFilter(q),
                                                         page: try AuditQuery.page(q.get("page")))
        return Audit(entries: found.entries.map { e in
            let detail = switch e.kind {
            case .event: "\(e.item) \(e.working)/\(e.broken) on \(e.effectiveOn?.iso ?? "")"
            case .review: "\(e.period) \(e.action?.rawValue ?? "")" + (e.comment.isEmpty ? "" : ": \(e.comment)")
            case .import: "\(e.fileName): \(e.events) events"
            case .evidence: "\(e.fileName) for event \(e.id)"
            }
            return Audit.Entry(at: e.at, who: e.actor, declaredBy: e.declaredBy, commune: e.communeCode, kind: e.kind.rawValue, detail: detail,
                               source: e.source)
        }, total: found.total, page: found.page, pages: found.pages)
    }

    struct PlanBody: ResponseEncodable {
        struct Tally: Codable { var rulesMet: Int; var rulesApplicable: Int; var communesFullyReady: Int; var communes: Int }
        struct Item: Codable { var item: String; var buy: Int; var repair: Int; var amount: Int }
        struct Line: Codable {
            var commune: String; var name: String; var rule: String; var item: String
            var buy: Int; var repair: Int; var unitPrice: Int; var repairPrice: Int; var cost: Int
        }
        struct Point: Codable { var budget: Int; var spent: Int; var after: Tally }
        var asOf: String
        var budget: Int
        var spent: Int
        var closeAllCost: Int
        var before: Tally
        var after: Tally
        var items: [Item]
        var lines: [Line]
        var unfunded: [Line]
        var curve: [Point]?
        var prices: String
        var policy: String
    }

    @Sendable func plan(_ request: Request, context: WebRequestContext) async throws -> PlanBody {
        let (session, scope) = try inventory.open(context)
        try scope.requirePlan()  // an account that may not plan learns that first, whatever it asked
        let (budget, budgets) = try Self.budgets(try APIQuery(request), required: true)
        let r = try PlanPageQuery(session: session).run(.init(scope: scope, asOf: try day(request), budget: budget.map(String.init) ?? "",
                                                               budgets: budgets.map(String.init).joined(separator: ",")))
        guard let plan = r.plan else { throw AppError.input("give the budget in VND", field: "budget") }
        func tally(_ t: ReadinessTally) -> PlanBody.Tally {
            .init(rulesMet: t.rulesMet, rulesApplicable: t.rulesApplicable, communesFullyReady: t.communesFullyReady, communes: t.communes)
        }
        func lines(_ c: [Candidate]) -> [PlanBody.Line] {
            c.map { .init(commune: $0.commune.code, name: $0.commune.name, rule: $0.rule.id, item: $0.item, buy: $0.buy, repair: $0.repair,
                          unitPrice: $0.unitPrice, repairPrice: $0.repairPrice, cost: $0.cost) }
        }
        return PlanBody(asOf: r.asOf.iso, budget: plan.budget, spent: plan.spent, closeAllCost: plan.closeAllCost, before: tally(plan.before),
                        after: tally(plan.after), items: r.byItem.map { .init(item: $0.item, buy: $0.buy, repair: $0.repair, amount: $0.amount) },
                        lines: lines(plan.lines), unfunded: lines(plan.unfunded),
                        curve: r.curve.map { $0.points.map { .init(budget: $0.budget, spent: $0.spent, after: tally($0.after)) } },
                        prices: r.prices.text(context.language.language), policy: r.policy.text(context.language.language))
    }

    /// A report file: the use case the pages' downloads call, with the query read as the document states it.
    @Sendable func download(_ kind: ReportDownload.Kind, _ request: Request, context: WebRequestContext) async throws -> Response {
        let (session, scope) = try inventory.open(context)
        let name = try context.parameters.require("format")
        guard let format = ReportFormat(rawValue: name), Self.downloadFormats.contains(format) else {
            throw WebError.apiInput(field: "format") { $0.badForm.filled(["field": "format", "value": Echo.short(name)]) }
        }
        let q = try APIQuery(request)
        var since: Day?, commune: String?, budget: Int?, budgets: [Int] = []
        switch kind {
        case .report, .progress: since = try q.day("since")
        case .commune:
            commune = try q.value("commune", pattern: APIPatterns.communeCode)
            if commune == nil { throw WebError.apiInput(field: "commune") { $0.missing.filled(["field": "commune"]) } }
        case .plan:
            try scope.requirePlan()
            (budget, budgets) = try Self.budgets(q, required: true)
        case .gaps, .deadlines: break
        }
        let found = try ReportDownload(session: session).run(.init(
            kind: kind, format: format, asOf: try day(request), since: since, commune: commune, budget: budget, budgets: budgets,
            language: context.language.language, scope: scope))
        return InventoryController.attachment(found.report.bytes, mediaType: found.report.mediaType, fileName: found.fileName)
    }

    // MARK: Reading requests as the document states them

    /// `?as-of=` (YYYY-MM-DD, 2000-01-01 to 2100-12-31), else today in Vietnam.
    func day(_ request: Request) throws -> Day {
        try APIQuery(request).day("as-of") ?? inventory.clock.today
    }

    /// The path's commune code.
    func code(_ context: WebRequestContext) throws -> String {
        let code = try context.parameters.require("code")
        try Self.check(code, field: "code", pattern: APIPatterns.communeCode)
        return code
    }

    /// `budget` (0 to 10^15 VND, plain digits) and `budgets` (such numbers separated by commas, at most `Limits.budgetCount`).
    static func budgets(_ q: APIQuery, required: Bool) throws(WebError) -> (Int?, [Int]) {
        let budget = try q.whole("budget", upTo: Limits.money.upperBound)
        if required && budget == nil { throw WebError.apiInput(field: "budget") { $0.missing.filled(["field": "budget"]) } }
        guard let list = q.form.get("budgets") else { return (budget, []) }
        let pieces = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let whole = APIPatterns.whole(upTo: Limits.money.upperBound)
        guard (1...Limits.budgetCount).contains(pieces.count), pieces.allSatisfy({ APIPatterns.matches($0, whole) }) else {
            throw WebError.apiInput(field: "budgets") { $0.badForm.filled(["field": "budgets", "value": Echo.short(list)]) }
        }
        return (budget, pieces.compactMap { Int($0) })
    }

    /// Refuses (422) a value not of `pattern`.
    static func check(_ value: String, field: String, pattern: String) throws(WebError) {
        guard APIPatterns.matches(value, pattern) else {
            throw WebError.apiInput(field: field) { $0.badForm.filled(["field": field, "value": Echo.short(value)]) }
        }
    }

    /// Refuses (422) a text longer than a note may be, counted as the document counts (Unicode code points).
    static func check(length text: String?, field: String) throws(WebError) {
        guard let text, text.unicodeScalars.count > TextInput.noteLimit else { return }
        throw WebError.apiInput(field: field) { $0.tooLong.filled(["field": field, "limit": String(TextInput.noteLimit)]) }
    }

    /// The OpenAPI document, with the rules, items and attributes of the data served and the account's commune as example.
    @Sendable func openAPI(_ request: Request, context: WebRequestContext) async throws -> Response {
        let account = try context.requireIdentity().account
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let vocabulary = APIVocabulary(session: try inventory.session(), account: account)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: APIDocument.bytes(vocabulary))))
    }

    /// `/api/v1/communes/:code` as OpenAPI writes it: `/api/v1/communes/{code}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// The document without the data's vocabulary (rules, items and attributes as plain strings).
    static func openAPIDocument() -> [UInt8] { APIDocument.bytes(APIVocabulary()) }
}
