import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// What `commune.mustache` shows: a commune's card, holdings, history, review and the forms to record and
/// to attach evidence, in the page's language. Built from `CommunePageQuery`'s result; the record form
/// keeps what was typed and each field's message beside it.
struct CommunePage: Sendable {
    typealias Option = Choice

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

    /// One attribute of an item as a field of its type: a checkbox for yes/no, a number with its unit, a date.
    struct AttributeField: Sendable {
        /// The form field's name: `attr.ITEM.NAME`.
        var name: String
        /// The element id.
        var id: String
        var label: String
        var isBool: Bool
        var isInt: Bool
        var isDate: Bool
        var isText: Bool
        var checked: Bool
        var value: String
        var unit: String?
        var maximum: Int
        var error: String?
        /// "number" or "date", or "text" when what was typed is not one (shown as typed, beside its message).
        var inputType: String
        /// The input is a number or a date and carries its limits (min, max, step), which HTML allows on no text input.
        var limitedFlag: Bool
    }

    /// The attributes of one item, shown while that item is chosen.
    struct AttributeGroup: Sendable {
        var item: String
        var legend: String
        var fields: [AttributeField]
        var selected: Bool
    }

    struct RecordForm: Sendable {
        /// Applied once: a second submission of the same rendered form records nothing.
        var formToken: String
        var items: [Option]
        var groups: [AttributeGroup]
        var working: String
        var broken: String
        var on: String
        var note: String
        var errorWorking: String?
        var errorBroken: String?
        var errorItem: String?
        var errorOn: String?
        var errorEvidence: String?
        var errorNote: String?
        var general: String?
        var maximumUnits: Int
        /// "number" and "date", or "text" to show back what was typed when it is not one.
        var workingType: String
        var brokenType: String
        var onType: String
        /// Each input carries its limits (min, max, step) only as a number or a date input: HTML allows them on no text input.
        var workingLimited: Bool
        var brokenLimited: Bool
        var onLimited: Bool
    }

    struct ReviewForm: Sendable {
        var period: String
        var status: String
        var canSubmit: Bool
        var canApprove: Bool
        var canReopen: Bool
        var error: String?
    }

    struct DownloadLink: Sendable {
        var label: String
        var href: String
    }

    var code: String
    var name: String
    var province: String
    var asOf: String
    var index: String
    var className: String?
    var outcomes: [OutcomeRow]
    var holdings: [HoldingRow]
    var history: [HistoryRow]
    /// The unit's administrative past, oldest first ("formerly …", "merged from …", with sources); empty when it never changed.
    var unitHistory: [String]
    var hasUnitHistory: Bool
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
    /// The longest note, in characters.
    var noteLimit: Int
    /// "A whole number from 0 to 100.000."
    var unitsHint: String
    /// Why the file to attach was refused, beside its field.
    var attachError: String?
    /// The largest file, in bytes (record.js refuses a larger one before it is sent).
    var maximumFileBytes: Int

    /// The record form as typed: every text field, and each item's attribute values by `ITEM.NAME`.
    struct Typed: Sendable {
        var item: String?
        var working = ""
        var broken = "0"
        var on = ""
        var note = ""
        var values: [String: String] = [:]

        init() {}

        init(_ form: PostedForm) {
            item = form.last("item")
            working = form.last("working") ?? ""
            broken = form.last("broken") ?? ""
            on = form.last("on") ?? ""
            note = form.last("note") ?? ""
            values = form.values(prefixed: "attr.")
        }

        /// The chosen item's attribute values, by attribute name.
        func values(of item: String) -> [String: String] {
            var found: [String: String] = [:]
            for (key, value) in values where key.hasPrefix(item + ".") { found[String(key.dropFirst(item.count + 1))] = value }
            return found
        }

        var form: RecordEvent.Form {
            let chosen = item ?? ""
            return RecordEvent.Form(item: chosen, working: working, broken: broken, on: on, note: note, values: values(of: chosen))
        }
    }

    /// `type` for an input showing `value`: a number or date input only holds a valid number or ISO date;
    /// anything else typed is shown back as text.
    static func inputType(_ type: String, _ value: String) -> String {
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.isEmpty { return type }
        switch type {
        case "number": return Numerals.whole(v).map { $0 >= 0 } == true ? type : "text"
        case "date": return Day(iso: v) != nil ? type : "text"
        default: return type
        }
    }

    /// Every field the record form has a place for a message beside (an attribute's: `attribute.NAME`).
    static func recordFields(_ catalog: Catalog) -> Set<String> {
        Set(["item", "working", "broken", "on", "note", "evidence"] + catalog.items.flatMap { $0.attributes.map { "attribute." + $0.name } })
    }

    init(_ r: CommunePageQuery.Result, session: Session, scope: Scope, day: Day, typed: Typed, errors: FieldErrors, formToken: String,
         reviewError: String?, notice: String?, text: WebText) {
        let t = text.pages, lang = text.language
        let c = r.card.commune
        let words = AttributeWords(text: text)
        func itemName(_ id: String) -> String { session.catalog.item(id)?.name[lang] ?? id }
        func attributes(_ item: String, _ a: [String: AttributeValue]) -> String { words.describe(a, of: session.catalog.item(item)) }
        code = c.commune.code
        name = c.commune.name
        province = c.commune.provinceName
        asOf = day.vietnamese
        index = c.index.map { Style.decimal($0, places: 2, lang) } ?? "–"
        className = c.readinessClass?.name(lang)
        outcomes = c.outcomes.map { rule, outcome -> OutcomeRow in
            switch outcome {
            case .met: OutcomeRow(name: rule.name[lang], status: t.met, css: "met")
            case .short: OutcomeRow(name: rule.name[lang], status: t.shortBy.filled(["missing": String(outcome.missing)]), css: "short")
            case .notApplicable: OutcomeRow(name: rule.name[lang], status: t.notApplicable, css: "na")
            case .unknown: OutcomeRow(name: rule.name[lang], status: t.unknownOutcome, css: "na")
            }
        }
        holdings = r.card.holdings.map { HoldingRow(item: itemName($0.item), working: $0.working, broken: $0.broken,
                                                    attributes: attributes($0.item, $0.attributes), since: $0.since.vietnamese) }
        history = r.history.prefix(200).map { e in
            HistoryRow(id: e.id, evidence: (r.evidence[e.id] ?? []).map { EvidenceLink(id: $0.id, label: $0.fileName.isEmpty ? "#\($0.id)" : $0.fileName) },
                       date: e.effectiveOn.vietnamese, item: itemName(e.item), working: e.working, broken: e.broken,
                       attributes: attributes(e.item, e.attributes),
                       recordedBy: e.actor + (e.declaredBy.map { " (\(t.declaredBy): \($0))" } ?? ""),
                       source: SourceWords(text: text).describe(e.source), note: e.note)
        }
        unitHistory = RegistryHistoryText.lines(r.card.history, language: lang)
        hasUnitHistory = !unitHistory.isEmpty
        reviews = r.reviews.map { ReviewRow(at: VietnamTime.minute($0.at), period: $0.period,
                                            status: t.reviewStatus($0.action.rawValue), actor: $0.actor, comment: $0.comment) }
        canWrite = r.canWrite
        canReview = r.canReview

        let chosen = typed.item ?? session.catalog.items.first?.id
        let held = Dictionary(r.card.holdings.map { ($0.item, $0.attributes) }, uniquingKeysWith: { a, _ in a })
        let groups = session.catalog.items.filter { !$0.attributes.isEmpty }.map { item in
            AttributeGroup(item: item.id, legend: item.name[lang], fields: item.attributes.map { spec in
                let key = "\(item.id).\(spec.name)"
                let current = held[item.id]?[spec.name]
                let typedValue = typed.values[key]
                var value = typedValue ?? current.map { words.formValue($0) } ?? ""
                if spec.type == .bool { value = "" }
                let checked: Bool = if let typedValue { AttributeValue.parse(typedValue, as: .bool) == .bool(true) } else { current == .bool(true) }
                let inputType = switch spec.type {
                case .int: Self.inputType("number", value)
                case .date: Self.inputType("date", value)
                default: "text"
                }
                return AttributeField(name: "attr." + key, id: "attr-\(item.id)-\(spec.name)", label: spec.words(lang),
                                      isBool: spec.type == .bool, isInt: spec.type == .int, isDate: spec.type == .date, isText: spec.type == .text,
                                      checked: checked, value: value, unit: spec.unit?[lang], maximum: Limits.wholeAttribute.upperBound,
                                      error: item.id == chosen ? errors["attribute." + spec.name] : nil, inputType: inputType,
                                      limitedFlag: inputType != "text")
            }, selected: item.id == chosen)
        }
        form = RecordForm(
            formToken: formToken,
            items: session.catalog.items.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == chosen) },
            groups: groups, working: typed.working, broken: typed.broken, on: typed.on, note: typed.note,
            errorWorking: errors["working"], errorBroken: errors["broken"], errorItem: errors["item"], errorOn: errors["on"],
            errorEvidence: errors["evidence"], errorNote: errors["note"], general: errors.general, maximumUnits: Limits.units.upperBound,
            workingType: Self.inputType("number", typed.working), brokenType: Self.inputType("number", typed.broken),
            onType: Self.inputType("date", typed.on), workingLimited: Self.inputType("number", typed.working) != "text",
            brokenLimited: Self.inputType("number", typed.broken) != "text", onLimited: Self.inputType("date", typed.on) != "text")
        review = ReviewForm(period: r.period.id, status: t.reviewStatus(r.periodStatus?.action.rawValue),
                            canSubmit: r.allowedSteps.contains(.submit), canApprove: r.allowedSteps.contains(.approve),
                            canReopen: r.allowedSteps.contains(.reopen), error: reviewError)
        self.notice = notice
        downloads = InventoryController.downloads("commune", day: day, extra: "&commune=\(c.commune.code)")
            .map { DownloadLink(label: $0.label, href: $0.href) }
        attachable = r.history.sorted { $0.id > $1.id }.prefix(20).enumerated().map { i, e in
            Option(value: String(e.id), label: "\(e.effectiveOn.vietnamese) · \(itemName(e.item)) · \(e.working)/\(e.broken)", selected: i == 0)
        }
        evidenceLimit = t.importLimit.filled(["megabytes": String(AttachEvidence.maximumBytes / 1024 / 1024)])
        noteLimit = TextInput.noteLimit
        unitsHint = t.unitsHint.filled(["max": Style.integer(Limits.units.upperBound, lang)])
        attachError = nil
        maximumFileBytes = AttachEvidence.maximumBytes
    }
}

/// Attribute values in words, in the page's language: "Đáp ứng yêu cầu …: có", "Băng thông: 100 Mbps",
/// "Ngày hết hạn chứng thư số: 31/12/2026".
struct AttributeWords: Sendable {
    let text: WebText

    func value(_ v: AttributeValue, unit: String?) -> String {
        switch v {
        case .bool(let b): b ? text.pages.yes : text.pages.no
        case .int(let n): Style.integer(n, text.language) + (unit.map { " " + $0 } ?? "")
        case .date(let d): d.vietnamese
        case .text(let s): s
        }
    }

    /// What a field of the form holds for a value: a date as the date input takes it (YYYY-MM-DD).
    func formValue(_ v: AttributeValue) -> String {
        switch v {
        case .bool(let b): b ? "yes" : "no"
        case .int(let n): String(n)
        case .date(let d): d.iso
        case .text(let s): s
        }
    }

    func describe(_ attributes: [String: AttributeValue], of item: ItemKind?) -> String {
        attributes.sorted { $0.key < $1.key }.map { name, v in
            let spec = item?.attribute(name)
            return (spec?.words(text.language) ?? name) + ": " + value(v, unit: spec?.unit?[text.language])
        }.joined(separator: "; ")
    }
}

/// Where an event came from, as the page's reader words it: "web: commune page" is the commune's page,
/// "web: import FILE" a file imported on the import page, "command" the command line; any other source
/// (a file's own, a handover record) is shown as it is.
struct SourceWords: Sendable {
    let text: WebText

    func describe(_ source: String) -> String {
        let t = text.pages
        switch source {
        case "web: commune page": return t.sourceCommunePage
        case "web: api": return t.sourceAPI
        case "command": return t.sourceCommand
        default:
            if source.hasPrefix("web: import ") { return t.sourceImport + " " + source.dropFirst("web: import ".count) }
            return source
        }
    }
}
