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

    /// Every route: method, path (hummingbird's `:name` captures), summary. Registered and documented from here.
    static let routes: [(method: String, path: String, summary: String)] = [
        ("GET", "/api/v1/me", "The signed-in account"),
        ("GET", "/api/v1/dashboard", "Coverage per rule, classes, deadlines and submissions of the scope's communes (as-of)"),
        ("GET", "/api/v1/gaps", "The gap list (as-of, rule, type, attr.NAME)"),
        ("GET", "/api/v1/communes/:code", "A commune's card, holdings, history and review status (as-of)"),
        ("POST", "/api/v1/communes/:code/events", "Record one event: {item, working, broken, attributes: [NAME=VALUE], on, note}"),
        ("POST", "/api/v1/communes/:code/review", "A review step: {period, action: submit|approve|return|reopen, comment}"),
        ("GET", "/api/v1/audit", "Ledger events and review steps of the scope, newest first"),
        ("GET", "/api/v1/plan", "A procurement plan for the scope's province (province staff, admins): budget, budgets (to compare), as-of"),
        ("GET", "/api/v1/downloads/:file", "A report file: gaps|commune|report|progress|deadlines|plan . html|xlsx|md|csv|json"),
        ("GET", "/api/v1/openapi.json", "This document"),
    ]

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/me", use: me)
        router.get("/dashboard", use: dashboard)
        router.get("/gaps", use: gaps)
        router.get("/communes/:code", use: commune)
        router.post("/communes/:code/events", use: record)
        router.post("/communes/:code/review", use: review)
        router.get("/audit", use: audit)
        router.get("/plan", use: plan)
        router.get("/downloads/:file", use: download)
        router.get("/openapi.json", use: openAPI)
        router.get("/**") { _, _ -> Response in throw WebError.notFound }
    }

    struct Me: ResponseEncodable {
        var name: String
        var role: String
        var communeCode: String?
        var provinceCode: String?
    }

    @Sendable func me(_ request: Request, context: WebRequestContext) async throws -> Me {
        let account = try context.requireIdentity().account
        return Me(name: account.name, role: account.role.rawValue, communeCode: account.communeCode, provinceCode: account.provinceCode)
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
        let d = try DashboardQuery(session: session).run(scope: scope, on: try inventory.day(request))
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
        let q = try request.query()
        var attributes: [String: String] = [:]
        for (key, value) in q.pairs where key.hasPrefix("attr.") && !value.isEmpty { attributes[String(key.dropFirst(5))] = String(value) }
        let type = try CommuneType.filter(q.get("type"))
        let found = try GapListQuery(session: session).run(scope: scope, on: try inventory.day(request),
                                                           filter: .init(rule: q.get("rule").flatMap { $0.isEmpty ? nil : $0 }, type: type,
                                                                         attributes: attributes))
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
        let r = try CommunePageQuery(session: session).run(scope: scope, commune: try context.parameters.require("code"),
                                                           on: try inventory.day(request))
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

    struct RecordBody: Decodable {
        var item: String
        var working: Int
        var broken: Int?
        /// `NAME=VALUE` lines.
        var attributes: [String]?
        /// Attribute values by name, as a form's fields give them.
        var values: [String: String]?
        var on: String?
        var note: String?
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
        let code = try context.parameters.require("code")
        let body = try await decode(RecordBody.self, request, context)
        var form = RecordEvent.Form(item: body.item, working: String(body.working), broken: body.broken.map(String.init) ?? "",
                                    on: body.on ?? "", note: body.note ?? "", values: body.values ?? [:])
        form.assignments = body.attributes ?? []
        let input = try form.input(commune: code, scope: scope, source: "web: api")
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

    struct ReviewBody: Decodable {
        var period: String
        var action: String
        var comment: String?
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
        let body = try await decode(ReviewBody.self, request, context)
        guard let action = ReviewAction(rawValue: body.action) else {
            throw AppError.input("action \(body.action): submit, approve, return or reopen", field: "action")
        }
        let entry = try ReviewCommune(session: session).run(.init(commune: try context.parameters.require("code"), period: body.period,
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
        let q = try request.query()
        let r = try PlanPageQuery(session: session).run(.init(scope: scope, asOf: try inventory.day(request), budget: q.get("budget") ?? "",
                                                               budgets: q.get("budgets")))
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
                        prices: r.pricesSource, policy: r.policySource)
    }

    @Sendable func download(_ request: Request, context: WebRequestContext) async throws -> Response {
        try await InventoryController(inventory: inventory, pages: pages, onceTokens: onceTokens).download(request, context: context)
    }

    /// A JSON body, its mistakes as input errors (422) naming the field when the decoder says.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: WebRequestContext) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw AppError.input("\(key.stringValue) is missing", field: key.stringValue)
        } catch let DecodingError.typeMismatch(_, c) {
            let field = c.codingPath.first?.stringValue
            throw AppError.input("\(field ?? "a value") has the wrong type", field: field)
        } catch {
            throw AppError.input("the body is not the JSON object this route takes")
        }
    }

    /// OpenAPI 3.0, built from `routes`.
    @Sendable func openAPI(_ request: Request, context: WebRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Self.openAPIDocument())))
    }

    /// `/api/v1/communes/:code` as OpenAPI writes it: `/api/v1/communes/{code}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    static func openAPIDocument() -> [UInt8] {
        func json(_ schema: String) -> [String: Any] {
            ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"] as [String: Any]] as [String: Any]]
        }
        func response(_ description: String, error: Bool = true) -> [String: Any] {
            error ? ["description": description, "content": json("Error")] : ["description": description]
        }
        let errorSchema: [String: Any] = [
            "type": "object",
            "properties": ["error": ["type": "object", "properties": [
                "code": ["type": "string"], "message": ["type": "string"],
                "field": ["type": "string", "nullable": true] as [String: Any],
            ] as [String: Any]] as [String: Any]] as [String: Any],
        ]
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            let path = openAPIPath(route.path)
            var parameters: [[String: Any]] = path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            var responses: [String: Any] = [
                route.method == "POST" ? "201" : "200": response("OK", error: false),
                "401": response("Not signed in"),
                "403": response("Outside the account's scope, or without the CSRF token"),
                "404": response("No such commune, event or route"),
            ]
            var operation: [String: Any] = ["summary": route.summary]
            if route.method == "POST" {
                responses["409"] = response("A locked period, or a review step out of order")
                responses["422"] = response("Invalid input (field names the input)")
                operation["requestBody"] = ["required": true,
                                            "content": ["application/json": ["schema": ["type": "object"]] as [String: Any]]] as [String: Any]
                parameters.append(["name": "X-CSRF-Token", "in": "header", "required": true, "schema": ["type": "string"]])
            }
            operation["parameters"] = parameters
            operation["responses"] = responses
            paths[path, default: [:]][route.method.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.0.3",
            "info": ["title": "readiness", "version": "1"],
            "paths": paths,
            "components": ["schemas": ["Error": errorSchema],
                           "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": "readiness_session"]]] as [String: Any],
            "security": [["session": [String]()]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
        return Array(data)
    }
}
