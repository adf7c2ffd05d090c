import Foundation
import Hummingbird
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// What the API's document names from the data it serves: the checklist's rules, the catalogue's items and
/// their attributes, the communes' attributes (the gap list's `attr.NAME` filters), a commune to show in
/// examples, and today (no event is dated after it, no period that has not started is reviewed).
struct APIVocabulary: Sendable {
    var rules: [String] = []
    var items: [(id: String, attributes: [AttributeSpec])] = []
    var communeAttributes: [String] = []
    var exampleCommune: String?
    var today: Day?

    init() {}

    init(session: Session, account: AccountSummary) {
        rules = session.checklist.rules.map(\.id)
        items = session.catalog.items.map { ($0.id, $0.attributes) }
        communeAttributes = session.registry.names.filter { $0 != "type" }
        exampleCommune = account.communeCode ?? session.communes.first { account.provinceCode == nil || $0.provinceCode == account.provinceCode }?.code
        today = session.today
    }
}

/// The patterns the API's values follow: the document states them and the handlers check them, from here.
/// (Each is an ECMA-262 and ICU regular expression, anchored.)
enum APIPatterns {
    /// A client's `Idempotency-Key`: 12 to 124 visible ASCII characters.
    static let idempotencyKey = "^[!-~]{12,124}$"
    /// A commune's code in the official list: five digits.
    static let communeCode = "^[0-9]{5}$"
    /// A whole number 0 to `upper` in plain decimal digits (no sign, no leading zeros, no exponent).
    static func whole(upTo upper: Int) -> String {
        let digits = String(upper).count
        if digits < 2 { return "^[0-\(upper)]$" }
        return "^(?:0|[1-9][0-9]{0,\(digits - 2)}|\(wholeUpTo(upper)))$"
    }

    /// The numbers with as many digits as `upper`, up to it.
    private static func wholeUpTo(_ upper: Int) -> String {
        // Digit by digit: a smaller digit anywhere, then any digits; or the same digits to the end.
        let digits = Array(String(upper))
        var parts: [String] = []
        for (i, d) in digits.enumerated() {
            guard let value = d.wholeNumberValue else { continue }
            let low = i == 0 ? 1 : 0
            if value > low {
                let prefix = String(digits[..<i])
                parts.append(prefix + "[\(low)-\(value - 1)]" + String(repeating: "[0-9]", count: digits.count - i - 1))
            }
        }
        parts.append(String(digits))
        return parts.joined(separator: "|")
    }

    /// ISO dates (YYYY-MM-DD) from 2000-01-01 through `last` (at most 2100-12-31): every real day, no other.
    static func isoDate(through last: Day = Limits.ledgerDays.upperBound) -> String {
        let first = Limits.ledgerDays.lowerBound.components.year
        let end = min(last, Limits.ledgerDays.upperBound).components
        var parts: [String] = []
        let fullYears = Array(first..<end.year)
        if !fullYears.isEmpty {
            parts.append(alternatives(fullYears.map(String.init)) + "-" + anyMonthDay)
            let leap = fullYears.filter(isLeap)
            if !leap.isEmpty { parts.append(alternatives(leap.map(String.init)) + "-02-29") }
        }
        for month in 1..<end.month {
            parts.append("\(end.year)-\(pad(month))-" + days(1...daysIn(month, of: end.year)))
        }
        parts.append("\(end.year)-\(pad(end.month))-" + days(1...end.day))
        return "^(?:" + parts.joined(separator: "|") + ")$"
    }

    /// A reporting period — a year (2025), a quarter (2025-Q4) or a month (2025-12) — of 2000 through
    /// the one holding `last`.
    static func period(through last: Day = Limits.ledgerDays.upperBound) -> String {
        let end = min(last, Limits.ledgerDays.upperBound).components
        let first = Limits.ledgerDays.lowerBound.components.year
        var parts: [String] = []
        let fullYears = Array(first..<end.year)
        if !fullYears.isEmpty {
            parts.append(alternatives(fullYears.map(String.init)) + "(?:-(?:0[1-9]|1[0-2])|-[Qq][1-4])?")
        }
        let quarter = (end.month - 1) / 3 + 1
        parts.append("\(end.year)(?:-" + alternatives((1...end.month).map(pad)) + "|-[Qq][1-\(quarter)])?")
        return "^(?:" + parts.joined(separator: "|") + ")$"
    }

    /// Month and day of any year but the 29th of February.
    private static let anyMonthDay = "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"

    private static func days(_ range: ClosedRange<Int>) -> String { alternatives(range.map(pad)) }
    private static func alternatives(_ values: [String]) -> String { "(?:" + values.joined(separator: "|") + ")" }
    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether `value` matches `pattern` as a whole.
    static func matches(_ value: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        let range = NSRange(value.startIndex..., in: value)
        return regex.firstMatch(in: value, options: [], range: range) != nil
    }
}

/// The texts of the API's own refusals (those of its JSON and its query's forms), one table per language.
struct APIText: Sendable {
    /// "{field}" is replaced.
    var missing: String
    /// "{field}" and "{expected}" are replaced.
    var wrongType: String
    var notJSON: String
    /// "{field}" and "{value}" are replaced.
    var badForm: String
    /// "{field}" and "{limit}" are replaced.
    var tooLong: String
    /// "{allowed}" is replaced.
    var methodNotAllowed: String
    var expectedText: String
    var expectedWhole: String
    var expectedList: String
    var expectedObject: String

    static let vi = APIText(
        missing: "Thiếu trường {field}.",
        wrongType: "Trường {field} sai kiểu: cần {expected}.",
        notJSON: "Nội dung yêu cầu không phải đối tượng JSON mà đường dẫn này nhận (xem /api/v1/openapi.json).",
        badForm: "Giá trị \"{value}\" của {field} không đúng dạng mà /api/v1/openapi.json quy định.",
        tooLong: "Trường {field} dài quá {limit} ký tự.",
        methodNotAllowed: "Địa chỉ này chỉ nhận {allowed}.",
        expectedText: "một chuỗi", expectedWhole: "một số nguyên", expectedList: "một danh sách chuỗi", expectedObject: "một đối tượng")

    static let en = APIText(
        missing: "{field} is missing.",
        wrongType: "{field} has the wrong type: give {expected}.",
        notJSON: "The body is not the JSON object this route takes (see /api/v1/openapi.json).",
        badForm: "The value \"{value}\" of {field} is not of the form /api/v1/openapi.json states.",
        tooLong: "{field} is longer than {limit} characters.",
        methodNotAllowed: "This address takes only {allowed}.",
        expectedText: "a string", expectedWhole: "a whole number", expectedList: "a list of strings", expectedObject: "an object")

    static func of(_ language: Language) -> APIText { language == .en ? .en : .vi }
}

extension WebError {
    /// 422 naming `field`, worded from the API's table.
    static func apiInput(field: String?, _ message: @escaping @Sendable (APIText) -> String) -> WebError {
        WebError(status: .unprocessableContent, code: "invalid", field: field) { message(APIText.of($0.language)) }
    }
}

/// The query of an API request, read as its document states: each value checked against its pattern.
struct APIQuery {
    let form: FormData

    init(_ request: Request) throws(WebError) { form = try request.query() }

    /// The value of `name`, nil when absent; refused (422) when it is not of `pattern`.
    func value(_ name: String, pattern: String) throws(WebError) -> String? {
        guard let value = form.get(name) else { return nil }
        guard APIPatterns.matches(value, pattern) else {
            throw WebError.apiInput(field: name) { $0.badForm.filled(["field": name, "value": Echo.short(value)]) }
        }
        return value
    }

    /// A date of the query in ISO form (YYYY-MM-DD, 2000-01-01 to 2100-12-31), nil when absent.
    func day(_ name: String) throws -> Day? {
        guard let text = form.get(name) else { return nil }
        let day = try DateInput.parse(text, field: name)  // its own words for a date that is none, or out of range
        _ = try value(name, pattern: APIPatterns.isoDate())
        return day
    }

    /// A whole number 0 to `upper` in plain digits, nil when absent.
    func whole(_ name: String, upTo upper: Int) throws(WebError) -> Int? {
        try value(name, pattern: APIPatterns.whole(upTo: upper)).flatMap { Int($0) }
    }

    /// One of `values`, nil when absent.
    func choice(_ name: String, of values: [String]) throws(WebError) -> String? {
        guard let value = form.get(name) else { return nil }
        guard values.contains(value) else {
            throw WebError.apiInput(field: name) { $0.badForm.filled(["field": name, "value": Echo.short(value)]) }
        }
        return value
    }
}

/// A JSON body read as the document states it: an object whose fields have exactly their types — a whole
/// number written as one (not `1.0`, `1e2` or `true`), a string, a list of strings — and `null` read as
/// absent. A body that is no JSON object, a field of another type or a required one missing is refused with
/// 422 naming the field.
struct APIBody {
    /// The body's fields (JSONSerialization's values: NSNumber, String, [Any], [String: Any], NSNull).
    private let fields: [String: Any]

    /// The largest body read: a few fields and a note.
    static let maximumBytes = 64 * 1024

    init(_ request: Request, context: WebRequestContext) async throws {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBytes)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw WebError.apiInput(field: nil) { $0.notJSON }
        }
        fields = object
    }

    private func present(_ name: String) -> Any? {
        guard let value = fields[name], !(value is NSNull) else { return nil }
        return value
    }

    private static func wrongType(_ name: String, _ expected: @escaping @Sendable (APIText) -> String) -> WebError {
        WebError.apiInput(field: name) { $0.wrongType.filled(["field": name, "expected": expected($0)]) }
    }

    private static func missing(_ name: String) -> WebError {
        WebError.apiInput(field: name) { $0.missing.filled(["field": name]) }
    }

    /// A string field; nil when absent or null.
    func string(_ name: String) throws(WebError) -> String? {
        guard let value = present(name) else { return nil }
        guard let text = value as? String, !(value is NSNumber) else { throw Self.wrongType(name) { $0.expectedText } }
        return text
    }

    func requiredString(_ name: String) throws(WebError) -> String {
        guard let text = try string(name) else { throw Self.missing(name) }
        return text
    }

    /// A whole-number field written as one; nil when absent or null.
    func whole(_ name: String) throws(WebError) -> Int? {
        guard let value = present(name) else { return nil }
        // JSONSerialization keeps how a number was written: "i"/"l"/"q" for integers, "d" for `1.0`, `1e2` and
        // numbers beyond Int64, "c" for true and false.
        guard let number = value as? NSNumber, ["i", "l", "q"].contains(String(cString: number.objCType)) else {
            throw Self.wrongType(name) { $0.expectedWhole }
        }
        return number.intValue
    }

    func requiredWhole(_ name: String) throws(WebError) -> Int {
        guard let number = try whole(name) else { throw Self.missing(name) }
        return number
    }

    /// An object of strings (by name); nil when absent or null.
    func stringMap(_ name: String) throws(WebError) -> [String: String]? {
        guard let value = present(name) else { return nil }
        guard let object = value as? [String: Any] else { throw Self.wrongType(name) { $0.expectedObject } }
        var out: [String: String] = [:]
        for (key, element) in object {
            guard let text = element as? String, !(element is NSNumber) else { throw Self.wrongType(name) { $0.expectedObject } }
            out[key] = text
        }
        return out
    }

    /// A list of strings; nil when absent or null.
    func strings(_ name: String) throws(WebError) -> [String]? {
        guard let value = present(name) else { return nil }
        guard let list = value as? [Any] else { throw Self.wrongType(name) { $0.expectedList } }
        var out: [String] = []
        for element in list {
            guard let text = element as? String, !(element is NSNumber) else { throw Self.wrongType(name) { $0.expectedList } }
            out.append(text)
        }
        return out
    }
}
