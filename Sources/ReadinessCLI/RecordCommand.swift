import ArgumentParser
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct RecordCommand: AsyncParsableCommand {
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

    var input: RecordEvent.Input {
        RecordEvent.Input(commune: commune, item: item, working: working, broken: broken, assignments: assignments, on: on,
                          note: note, recordedBy: by ?? Runtime.user)
    }

    func validate() throws {
        do { try RecordEvent.check(input, today: Runtime.today) } catch { throw ValidationError(Readiness.worded(error).text(Runtime.language)) }
    }

    func run() async throws {
        let session = try database.session(checklist: change.checklist)
        let recorded = try RecordEvent(session: session).run(input)
        let lang = change.lang, e = recorded.event
        let attrs = e.attributes.keys.sorted().map { "\($0)=\(e.attributes[$0]!)" }.joined(separator: " ")
        let attrsText = attrs.isEmpty ? "" : ", " + attrs
        Console.say("Recorded: \(recorded.commune.label), \(recorded.item.id) — \(e.working) working, \(e.broken) broken\(attrsText) from \(Style.date(e.effectiveOn, lang))")
        if let later = recorded.laterEventOn {
            Console.say("Note: a later event (\(Style.date(later, lang))) still decides the state today.")
        }
        ChangeSummary(changes: recorded.changes, language: lang).lines().forEach { Console.say(verbatim: $0) }
    }
}
