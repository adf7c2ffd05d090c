import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// What `gaps.mustache` shows: the filters as chosen (attributes and their values in words), each rule's
/// gap line as the downloads word it and its communes (links only where the reader may open them).
struct GapsPage: Sendable {
    typealias Option = Choice

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

    var asOfISO: String
    var rules: [Option]
    var types: [Option]
    var attributes: [AttributeFilter]
    var gaps: [GapRule]
    var downloads: [InventoryController.DownloadLink]
    var error: String?
    /// "x/y communes approved for period P".
    var approvedLine: String

    init(_ found: GapListQuery.Result, filter: GapListQuery.Filter, session: Session, scope: Scope, day: Day, text: WebText) {
        let lang = text.language, t = text.pages
        asOfISO = day.iso
        rules = session.checklist.rules.map { Option(value: $0.id, label: $0.name[lang], selected: $0.id == filter.rule) }
        types = CommuneType.allCases.map { Option(value: $0.rawValue, label: t.communeType($0), selected: $0 == filter.type) }
        attributes = found.attributeValues.map { a in
            AttributeFilter(name: a.name, label: RegistryAttributes.label(a.name).text(lang), options: a.values.map { value in
                // A yes/no attribute's values in words.
                let label = value == "true" ? t.yes : value == "false" ? t.no : value
                return Option(value: value, label: label, selected: filter.attributes[a.name] == value)
            })
        }
        gaps = found.rules.map { r in
            GapRule(id: r.rule.id, line: r.gapLine(lang),
                    communes: r.shortfalls.map { GapCommune(code: $0.commune.code, name: $0.commune.name, missing: $0.missing,
                                                             approved: found.approved.contains($0.commune.code),
                                                             link: scope.canReadDetails($0.commune)) })
        }
        downloads = InventoryController.downloads("gaps", day: day, official: t.officialPDF)
        error = nil
        approvedLine = t.approvedSummary.filled(["approved": String(found.approval.approved.count), "total": String(found.approval.total),
                                                 "period": found.approval.period])
    }
}
