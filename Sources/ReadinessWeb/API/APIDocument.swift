import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// The OpenAPI 3.0 document of the API, built from `APIController.routes` and the data's vocabulary: every
/// parameter with its type, pattern and range, every body with its required fields and ranges, every
/// response with its status, media type and schema (the error object included), the session cookie under
/// both its names and the CSRF header as security schemes.
enum APIDocument {
    typealias JSON = [String: Any]

    // MARK: Schemas

    static var string: JSON { ["type": "string"] }
    static var integer: JSON { ["type": "integer"] }
    static var boolean: JSON { ["type": "boolean"] }
    static var number: JSON { ["type": "number"] }
    static func nullable(_ schema: JSON) -> JSON { schema.merging(["nullable": true]) { _, new in new } }
    static func array(_ items: JSON) -> JSON { ["type": "array", "items": items] }
    static func object(_ properties: [String: JSON], optional: Set<String> = []) -> JSON {
        var schema: JSON = ["type": "object", "properties": properties]
        let required = properties.keys.filter { !optional.contains($0) }.sorted()
        if !required.isEmpty { schema["required"] = required }
        return schema
    }
    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static func pattern(_ pattern: String) -> JSON { ["type": "string", "pattern": pattern] }
    static func range(_ range: ClosedRange<Int>) -> JSON { ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound] }
    static var isoDate: JSON { pattern(APIPatterns.isoDate()) }

    /// The response bodies, named as the handlers' types are.
    static func schemas() -> [String: JSON] {
        let tally = object(["rulesMet": integer, "rulesApplicable": integer, "communesFullyReady": integer, "communes": integer])
        let planLine = object(["commune": string, "name": string, "rule": string, "item": string, "buy": integer, "repair": integer,
                               "unitPrice": integer, "repairPrice": integer, "cost": integer])
        let attributes: JSON = ["type": "object", "additionalProperties": string]
        return [
            "Error": object(["error": object(["code": string, "message": string, "field": nullable(string)])]),
            "Me": object(["name": string, "role": ["type": "string", "enum": AccountRole.allCases.map(\.rawValue)],
                          "communeCode": string, "provinceCode": string,
                          "csrfToken": ["type": "string", "description": "The value of the X-CSRF-Token header of this session's POSTs"]],
                         optional: ["communeCode", "provinceCode"]),
            "Dashboard": object([
                "asOf": string, "communes": integer,
                "rules": array(object(["id": string, "met": integer, "short": integer, "total": integer, "notJudged": integer,
                                       "percent": integer], optional: ["percent"])),
                "classes": ["type": "object", "additionalProperties": integer],
                "deadlines": array(object(["rule": string, "state": string, "short": integer, "daysLeft": integer])),
                "period": string, "notSubmitted": array(string), "submitted": integer, "approved": integer,
            ]),
            "Gaps": object([
                "asOf": string, "communes": integer,
                "rules": array(object(["id": string, "short": integer, "total": integer,
                                       "communes": array(object(["code": string, "name": string, "missing": integer, "approved": boolean]))])),
                "approval": object(["period": string, "approved": integer, "total": integer]),
            ]),
            "Commune": object([
                "code": string, "name": string, "index": number, "readinessClass": string,
                "outcomes": array(object(["rule": string, "met": boolean, "missing": integer, "applies": boolean])),
                "holdings": array(object(["item": string, "working": integer, "broken": integer, "attributes": attributes, "since": string])),
                "history": array(object(["id": integer, "item": string, "on": string, "working": integer, "broken": integer,
                                         "attributes": attributes, "recordedBy": string, "declaredBy": string, "source": string,
                                         "note": string], optional: ["declaredBy"])),
                "period": string, "reviewStatus": string,
            ], optional: ["index", "readinessClass", "reviewStatus"]),
            "Recorded": object(["commune": string, "item": string, "on": string, "working": integer, "broken": integer,
                                "recordedBy": string, "changes": array(string)]),
            "Reviewed": object(["commune": string, "period": string, "action": string, "actor": string, "at": string]),
            "Audit": object(["entries": array(object(["at": string, "who": string, "declaredBy": string, "commune": string,
                                                      "kind": ["type": "string", "enum": ["event", "review", "import", "evidence"]],
                                                      "detail": string, "source": string], optional: ["declaredBy"]))]),
            "Plan": object([
                "asOf": string, "budget": integer, "spent": integer, "closeAllCost": integer, "before": tally, "after": tally,
                "items": array(object(["item": string, "buy": integer, "repair": integer, "amount": integer])),
                "lines": array(planLine), "unfunded": array(planLine),
                "curve": array(object(["budget": integer, "spent": integer, "after": tally])),
                "prices": string, "policy": string,
            ], optional: ["curve"]),
        ]
    }

    // MARK: Parameters

    static func query(_ name: String, _ schema: JSON, required: Bool = false, _ description: String) -> JSON {
        ["name": name, "in": "query", "required": required, "schema": schema, "description": description]
    }

    static var asOf: JSON { query("as-of", isoDate, "The day to judge on (YYYY-MM-DD, 2000-01-01 to 2100-12-31); today in Vietnam when absent") }
    static func commune(_ vocabulary: APIVocabulary) -> JSON {
        var p: JSON = ["name": "code", "in": "path", "required": true, "schema": pattern(APIPatterns.communeCode),
                       "description": "The commune's code in the official list"]
        if let example = vocabulary.exampleCommune { p["example"] = example }
        return p
    }
    static var budget: JSON { query("budget", range(Limits.money), required: true, "The money available, in VND (0 to 10^15)") }
    static var budgets: JSON { ["name": "budgets", "in": "query", "required": false, "style": "form", "explode": false,
                                "schema": ["type": "array", "items": range(Limits.money), "minItems": 1, "maxItems": Limits.budgetCount] as JSON,
                                "description": "Budgets to compare, in VND, separated by commas (at most \(Limits.budgetCount))"] }

    /// The parameters of an operation besides the path's.
    static func parameters(_ operation: APIController.Operation, _ vocabulary: APIVocabulary) -> [JSON] {
        switch operation {
        case .me, .audit, .openAPI, .record, .review: return []
        case .dashboard, .commune: return [asOf]
        case .gaps:
            var p = [asOf,
                     query("rule", vocabulary.rules.isEmpty ? string : ["type": "string", "enum": vocabulary.rules], "Only this rule of the checklist"),
                     query("type", ["type": "string", "enum": CommuneType.allCases.map(\.rawValue)], "Only communes of this type")]
            for name in vocabulary.communeAttributes {
                p.append(query("attr.\(name)", string, "Only communes whose attribute \(name) has this value"))
            }
            return p
        case .plan: return [asOf, budget, budgets]
        case .download(let kind):
            var p = [asOf]
            switch kind {
            case .report, .progress:
                p.append(query("since", isoDate, "The earlier day the changes are counted from (before as-of); 90 days before as-of when absent"))
            case .commune:
                p.append(query("commune", pattern(APIPatterns.communeCode), required: true, "The commune's code"))
            case .plan:
                p += [budget, budgets]
            case .gaps, .deadlines: break
            }
            return p
        }
    }

    // MARK: Bodies

    /// A value of an item's attribute, as its type is written (unanchored).
    static func value(_ spec: AttributeSpec) -> String {
        switch spec.type {
        case .bool: "(?:yes|no|true|false)"
        case .int: String(APIPatterns.whole(upTo: Limits.wholeAttribute.upperBound).dropFirst().dropLast())
        case .date: String(APIPatterns.isoDate().dropFirst().dropLast())
        case .text: "[^\\s\\x00-\\x1f\\x7f-\\x9f](?:.*[^\\s\\x00-\\x1f\\x7f-\\x9f])?"
        }
    }

    /// One `NAME=VALUE` of an item's attribute.
    static func assignment(_ spec: AttributeSpec) -> String {
        "^\(NSRegularExpression.escapedPattern(for: spec.name))=\(value(spec))$"
    }

    /// A text a person types: at most the limit, in Unicode code points.
    static var note: JSON { ["type": "string", "maxLength": TextInput.noteLimit, "nullable": true] }

    static func recordBody(_ vocabulary: APIVocabulary) -> JSON {
        let today = vocabulary.today ?? Limits.ledgerDays.upperBound
        func body(item: JSON, attributes: JSON, values: JSON) -> JSON {
            object(["item": item, "working": range(Limits.units), "broken": nullable(range(Limits.units)),
                    "attributes": attributes, "values": values,
                    "on": nullable(pattern(APIPatterns.isoDate(through: today)))
                        .merging(["description": "The day the state holds from (YYYY-MM-DD, not after today); today when absent"]) { _, n in n },
                    "note": note],
                   optional: ["broken", "attributes", "values", "on", "note"])
        }
        guard !vocabulary.items.isEmpty else {
            return body(item: string, attributes: nullable(array(string)),
                        values: ["type": "object", "nullable": true, "additionalProperties": string])
        }
        // One shape per item: its attributes as NAME=VALUE, each at most once.
        return ["oneOf": vocabulary.items.map { item -> JSON in
            var attributes: JSON = ["type": "array", "nullable": true, "uniqueItems": true, "maxItems": item.attributes.count]
            attributes["items"] = item.attributes.isEmpty ? string : ["oneOf": item.attributes.map { pattern(assignment($0)) }]
            // The same attributes one by one, as a form's fields give them ("" for one not given); a value here wins.
            var properties: JSON = [:]
            for spec in item.attributes { properties[spec.name] = pattern("^(?:\(value(spec)))?$") }
            let values: JSON = ["type": "object", "nullable": true, "properties": properties, "additionalProperties": false]
            return body(item: ["type": "string", "enum": [item.id]], attributes: attributes, values: values)
        }]
    }

    static func reviewBody(_ vocabulary: APIVocabulary) -> JSON {
        let period = pattern(APIPatterns.period(through: vocabulary.today ?? Limits.ledgerDays.upperBound))
            .merging(["description": "A month (2025-12), a quarter (2025-Q4) or a year (2025) that has started"]) { _, n in n }
        let printable = "[^\\s\\x00-\\x1f\\x7f-\\x9f\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]"
        return ["oneOf": [
            object(["period": period, "action": ["type": "string", "enum": ["submit", "approve", "reopen"]], "comment": note],
                   optional: ["comment"]),
            object(["period": period, "action": ["type": "string", "enum": ["return"]],
                    "comment": ["type": "string", "maxLength": TextInput.noteLimit, "pattern": printable,
                                "description": "Why the figures are returned (required)"]]),
        ] as [JSON]]
    }

    // MARK: Responses

    static func json(_ schema: String) -> JSON { ["application/json": ["schema": ref(schema)] as JSON] }

    static func responses(_ operation: APIController.Operation, post: Bool) -> JSON {
        func error(_ description: String) -> JSON { ["description": description, "content": json("Error")] }
        var r: JSON = [
            "401": error("Not signed in"),
            "403": error("Outside the account's scope or role, without the CSRF token, or a one-time password still to replace"),
            "404": error("No such commune or route"),
        ]
        switch operation {
        case .me: r["200"] = ["description": "The signed-in account and its CSRF token", "content": json("Me")]
        case .dashboard: r["200"] = ["description": "The dashboard", "content": json("Dashboard")]
        case .gaps: r["200"] = ["description": "The gap list", "content": json("Gaps")]
        case .commune: r["200"] = ["description": "The commune", "content": json("Commune")]
        case .record: r["201"] = ["description": "Recorded", "content": json("Recorded")]
        case .review: r["201"] = ["description": "The review step, done", "content": json("Reviewed")]
        case .audit: r["200"] = ["description": "The audit trail", "content": json("Audit")]
        case .plan: r["200"] = ["description": "The plan", "content": json("Plan")]
        case .openAPI: r["200"] = ["description": "This document", "content": ["application/json": ["schema": ["type": "object"]] as JSON] as JSON]
        case .download:
            var content: JSON = [:]
            for format in APIController.downloadFormats {
                let schema: JSON = switch format {
                case .json: ["type": "object", "description": "The report as the command's --format json writes it"]
                case .xlsx: ["type": "string", "format": "binary"]
                default: string
                }
                content[format.mediaType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)] = ["schema": schema] as JSON
            }
            r["200"] = ["description": "The report file, as an attachment", "content": content,
                        "headers": ["Content-Disposition": ["schema": string, "description": "attachment; filename=\"…\""] as JSON] as JSON]
        }
        if operation.takesInput { r["422"] = error("A value out of its form or range; the error's field names it") }
        if post { r["409"] = error("A locked period, or a review step out of order") }
        return r
    }

    // MARK: The document

    static func document(_ vocabulary: APIVocabulary) -> JSON {
        var paths: [String: JSON] = [:]
        for route in APIController.routes {
            let path = APIController.openAPIPath(route.path)
            let post = route.method == "POST"
            var parameters: [JSON] = []
            for segment in path.split(separator: "/") {
                guard let open = segment.firstIndex(of: "{"), let close = segment.firstIndex(of: "}") else { continue }
                let name = String(segment[segment.index(after: open)..<close])
                if name == "code" {
                    parameters.append(commune(vocabulary))
                } else if name == "format" {
                    parameters.append(["name": "format", "in": "path", "required": true,
                                       "schema": ["type": "string", "enum": APIController.downloadFormats.map(\.rawValue)] as JSON])
                }
            }
            parameters += Self.parameters(route.operation, vocabulary)
            var operation: JSON = ["summary": route.summary, "operationId": route.operationID,
                                   "responses": responses(route.operation, post: post)]
            if route.operation == .record {
                parameters.append(["name": "Idempotency-Key", "in": "header", "required": false, "schema": pattern(APIPatterns.idempotencyKey),
                                   "description": "A key of the client's own for this one request: sent again, it is refused (409) and nothing is written"])
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if post {
                let body = route.operation == .review ? reviewBody(vocabulary) : recordBody(vocabulary)
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body] as JSON] as JSON] as JSON
                operation["security"] = [["session": [String](), "csrf": [String]()], ["hostSession": [String](), "csrf": [String]()]]
            }
            paths[path, default: [:]][route.method.lowercased()] = operation
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": "readiness", "version": "1",
                     "description": "The readiness inventory's JSON API. Sign in on /login; the session cookie is readiness_session "
                         + "(__Host-readiness_session behind HTTPS). Every POST carries the session's CSRF token, given by GET /api/v1/me, "
                         + "in the X-CSRF-Token header. Every error is {\"error\": {\"code\", \"message\", \"field\"}}."] as JSON,
            "paths": paths,
            "components": [
                "schemas": schemas(),
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": "readiness_session",
                                "description": "The session cookie of a server on plain HTTP"] as JSON,
                    "hostSession": ["type": "apiKey", "in": "cookie", "name": "__Host-readiness_session",
                                    "description": "The session cookie of a server behind HTTPS"] as JSON,
                    "csrf": ["type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                             "description": "The session's CSRF token (csrfToken of GET /api/v1/me), on every POST"] as JSON,
                ] as JSON,
            ] as JSON,
            "security": [["session": [String]()], ["hostSession": [String]()]],
        ]
    }

    static func bytes(_ vocabulary: APIVocabulary) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: document(vocabulary), options: [.sortedKeys, .prettyPrinted]))
            ?? Data("{}".utf8)
        return Array(data)
    }
}
