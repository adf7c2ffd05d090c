import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessReports
import ReadinessStore

/// What `communes.mustache` shows: the search as typed, and the province's communes found, grouped by
/// where their review stands for the period (each group a list of links, its count in its heading).
struct CommuneListPage: Sendable {
    struct Item: Sendable {
        var code: String
        var name: String
        var key: String
        var link: Bool
        var comment: String
        var at: String
    }

    struct Group: Sendable {
        var id: String
        var title: String
        var items: [Item]
        var empty: Bool
    }

    var search: String
    var period: String
    var found: String
    var groups: [Group]

    init(_ r: CommuneListQuery.Result, search: String, text: WebText) {
        let t = text.pages
        self.search = search
        period = r.period.id
        found = t.communesFound.filled(["found": Style.integer(r.rows.count, text.language), "total": Style.integer(r.total, text.language)])
        groups = CommuneListQuery.State.allCases.map { state in
            let items = r.rows.filter { $0.state == state }.map { row in
                Item(code: row.commune.code, name: row.commune.name, key: row.key, link: row.readable,
                     comment: row.last?.comment ?? "", at: row.last.map { VietnamTime.minute($0.at) } ?? "")
            }
            let title = switch state {
            case .submitted: t.queueSubmitted
            case .returned: t.queueReturned
            case .notSubmitted: t.queueNotSubmitted
            case .approved: t.queueApproved
            }
            return Group(id: state.rawValue, title: "\(title) (\(Style.integer(items.count, text.language)))", items: items, empty: items.isEmpty)
        }
    }
}
