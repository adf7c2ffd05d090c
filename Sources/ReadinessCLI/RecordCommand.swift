import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReports

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record what one commune holds of one item: appends one event and says which rules became met or unmet.",
        discussion: """
            The event is the whole state of that holding from its date on: working and broken units and the \
            item's attributes. Attributes not given with --set are carried over from the holding as it stood \
            on that date. Attribute values are checked against the item's types in Checklists/catalog.yaml \
            (bool: yes/no, có/không; int; date: YYYY-MM-DD or dd/MM/yyyy). Nothing is overwritten: a \
            correction is a new event.

            Examples:
              readiness record "Dak Plo" vcs-terminal --working 1 --set meets_hnth=yes --on 2025-12-20 --by "Nguyễn Văn A"
              readiness record 23344 photocopier --working 1 --broken 1 --note "máy cũ chờ thanh lý"
            """)

    @Argument(help: ArgumentHelp("The commune: code or name, with or without diacritics.", valueName: "commune"))
    var commune: String
    @Argument(help: ArgumentHelp("The item id from the catalogue (queue-machine, vcs-terminal, …).", valueName: "item"))
    var item: String
    @Option(help: ArgumentHelp("Units in working order.", valueName: "N")) var working: Int
    @Option(help: ArgumentHelp("Units held but broken (default 0).", valueName: "N")) var broken: Int = 0
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("An attribute of the item, ATTR=VALUE (repeatable): meets_hnth=yes, bandwidth_mbps=200.", valueName: "attr=value"))
    var assignments: [String] = []
    @Option(help: ArgumentHelp("The day the state holds from (YYYY-MM-DD or dd/MM/yyyy; default: today). Not in the future.", valueName: "date"))
    var on: Day?
    @Option(help: ArgumentHelp("A note kept with the event.", valueName: "text")) var note: String = ""
    @Option(help: ArgumentHelp("Who recorded it (default: $USER).", valueName: "name")) var by: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var database: DatabaseOptions

    var lang: Language { change.lang }

    func validate() throws {
        if working < 0 { throw ValidationError("--working \(working) is negative: counts are 0 or more") }
        if broken < 0 { throw ValidationError("--broken \(broken) is negative: counts are 0 or more") }
        try ChangeOptions.refuseFuture(on)
    }

    func run() throws {
        let context = try Context(database: database, report: change.report)
        let target = try CommuneDirectory(context.communes).resolve(commune)
        guard let kind = context.catalog.item(item) else {
            throw UserError("unknown item \"\(item)\"; the catalogue has: " + context.catalog.items.map(\.id).joined(separator: ", "))
        }
        let day = on ?? Today.day
        var attributes = try kind.parseAttributes(assignments)
        let previous = try context.store.state(asOf: day).holding(commune: target.code, item: kind.id)
        for (name, value) in previous?.attributes ?? [:] where attributes[name] == nil { attributes[name] = value }
        let event = NewEvent(communeCode: target.code, item: kind.id, effectiveOn: day, working: working, broken: broken,
                             attributes: attributes, source: "command", recordedBy: by ?? ProcessInfo.processInfo.environment["USER"] ?? "",
                             note: note)
        let today = Today.day
        let before = try context.store.state(asOf: today)
        let old = Evaluator.evaluate(context.checklist, communes: [target], state: before, domainOrder: context.catalog.domains.map(\.id))
        let new = Evaluator.evaluate(context.checklist, communes: [target], state: before.applying([event]),
                                     domainOrder: context.catalog.domains.map(\.id))
        try context.store.append([event])
        let attrs = attributes.keys.sorted().map { "\($0)=\(attributes[$0]!)" }.joined(separator: " ")
        print("\(lang == .vi ? "Đã ghi" : "Recorded"): \(target.label), \(kind.id) — \(working) working, \(broken) broken"
              + (attrs.isEmpty ? "" : ", \(attrs)") + " \(lang == .vi ? "từ ngày" : "from") \(Style.date(day, lang))")
        if let h = before.holding(commune: target.code, item: kind.id), h.since > day {
            print(lang == .vi ? "Lưu ý: sự kiện ngày \(Style.date(h.since, lang)) mới hơn vẫn quyết định tình trạng hiện nay."
                              : "Note: a later event (\(Style.date(h.since, lang))) still decides the state today.")
        }
        ChangeSummary(changes: new.changes(since: old), language: lang).lines().forEach { print($0) }
    }
}

/// Options of the commands that change the ledger and then say which rules became met or unmet.
struct ChangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The checklist whose rules are reported (default: \(Workspace.defaultChecklistID)).", valueName: "id|file"))
    var checklist: String?
    @Option(help: "Language of the summary: vi or en.") var lang: Language = .vi

    var report: ReportOptions {
        var options = ReportOptions()
        options.checklist = checklist
        options.lang = lang
        return options
    }

    /// `--on` may not be after today: the ledger records what is, not what is planned.
    static func refuseFuture(_ on: Day?) throws {
        if let on, on > Today.day {
            throw ValidationError("--on \(on.iso) is in the future (today is \(Today.day.iso)): the ledger records what is, not what is planned")
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A commune's ledger events, newest first: date, item, working/broken, attributes, who, when, source.",
        discussion: """
            Example: readiness history "Dak Plo" vcs-terminal
                     readiness history 23344 --format csv > dak-plo.csv
            """)

    @Argument(help: ArgumentHelp("The commune: code or name.", valueName: "commune")) var commune: String
    @Argument(help: ArgumentHelp("Only this item (an id from the catalogue).", valueName: "item")) var item: String?
    @OptionGroup var output: OutputOptions
    @Option(help: "Language of the table: vi or en.") var lang: Language = .vi
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let workspace = try Workspace.locate()
        let catalog = try workspace.catalog()
        let store = try database.open(workspace)
        let target = try CommuneDirectory(try store.communes()).resolve(commune)
        if let item, catalog.item(item) == nil {
            throw UserError("unknown item \"\(item)\"; the catalogue has: " + catalog.items.map(\.id).joined(separator: ", "))
        }
        let entries = try store.events(commune: target.code, item: item).map { e in
            HistoryReport.Entry(date: e.effectiveOn, item: e.item, working: e.working, broken: e.broken, attributes: e.attributes,
                                recordedBy: e.recordedBy, recordedAt: e.recordedAt, source: e.source, note: e.note)
        }
        let history = HistoryReport(commune: target, entries: entries, language: lang)
        try output.emit(history.document()) { try history.render($0, width: terminalWidth()) }
    }
}
