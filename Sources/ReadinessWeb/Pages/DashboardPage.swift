import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// What `dashboard.mustache` shows: coverage per rule (no share where nobody is judged), the classes as a
/// bar, deadlines overdue and at risk, who has not submitted, an officer's own submission, the downloads.
struct DashboardPage: Sendable {
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
    var downloads: [InventoryController.DownloadLink]
    /// A commune officer's own submission: where it stands, and the province's comment when returned.
    var ownStatus: String?
    var ownComment: String?
    var ownCSS: String?
    /// Splits waiting for a transfer file and accounts whose commune no longer exists, in words.
    var registryFlags: [String]
    var hasRegistryFlags: Bool

    init(_ d: DashboardQuery.Result, scope: Scope, day: Day, text: WebText) {
        let p = text.pages, lang = text.language
        let total = max(1, d.communes)
        var x = 0
        classes = ReadinessClass.allCases.map { c in
            let count = d.classes[c] ?? 0
            let width = count * 100 / total
            defer { x += width }
            return ClassRow(name: c.name(lang), count: count, css: c.rawValue, x: x, width: width)
        }
        func row(_ s: DeadlineStatus) -> DeadlineRow {
            DeadlineRow(name: s.rule.name[lang], short: s.short.count, total: s.total,
                        when: s.daysLeft >= 0 ? p.closesIn.filled(["days": String(s.daysLeft)]) : p.closedAgo.filled(["days": String(-s.daysLeft)]))
        }
        overdue = d.deadlines.rules.filter { $0.state == .overdue }.map(row)
        atRisk = d.deadlines.rules.filter { $0.state == .atRisk }.map(row)
        hasDeadlineIssues = !(overdue.isEmpty && atRisk.isEmpty)
        asOf = day.vietnamese
        asOfISO = day.iso
        communes = d.communes
        coverage = d.coverage.map { c in
            CoverageRow(ruleID: c.rule.id, name: c.rule.name[lang], met: c.met, short: c.short, applicable: c.met + c.short,
                        percent: c.percent ?? 0, judged: c.percent != nil, gapLine: c.result.gapLine(lang))
        }
        notSubmittedTitle = p.notSubmittedTitle.filled(["period": d.period.id])
        submittedSummary = p.submittedSummary.filled(["submitted": String(d.submitted), "approved": String(d.approved), "total": String(d.communes)])
        notSubmitted = d.notSubmitted.map { CommuneLink(code: $0.code, name: $0.name, link: scope.canReadDetails($0)) }
        downloads = InventoryController.downloads("gaps", day: day, official: p.officialPDF)
            + InventoryController.downloads("report", day: day, official: p.officialPDF).map {
                InventoryController.DownloadLink(label: "report." + $0.label, href: $0.href)
            }
        ownStatus = d.own.map { p.ownStatus.filled(["period": d.period.id, "status": p.reviewStatus($0.last?.action.rawValue)]) }
        ownComment = d.own?.last.flatMap { $0.comment.isEmpty ? nil : $0.comment }
        ownCSS = d.own.map { $0.last?.action.rawValue ?? "none" }
        registryFlags = d.awaitingTransfer.map { p.awaitingTransfer.filled(["commune": $0.label]) }
            + d.accountsWithoutUnit.map { p.accountWithoutUnit.filled(["account": $0.name, "commune": $0.commune?.label ?? ""]) }
        hasRegistryFlags = !registryFlags.isEmpty
    }
}
