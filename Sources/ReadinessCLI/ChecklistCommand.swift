import ArgumentParser
import ReadinessApp

struct ChecklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Check and list checklists.",
        subcommands: [Check.self, List.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a checklist file against the item catalogue.",
            discussion: """
                Every mistake (unknown item or attribute, wrong type, bad date, duplicate id, unknown key) is \
                reported as file:line:column: reason. Exit code 1 when there is any; a checklist with a mistake \
                is never used by the other commands either.
                """)
        @Argument(help: ArgumentHelp("The checklist file (YAML).", valueName: "file")) var file: String

        func run() async throws {
            let checklist = try Checklists(workspace: try Runtime.workspace()).check(path: file)
            Console.say("\(file): ok — checklist \(checklist.id), \(checklist.rules.count) rules, deadline \(checklist.deadline.iso)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shipped checklists.")
        func run() async throws {
            for listed in try Checklists(workspace: try Runtime.workspace()).list() {
                if let c = listed.checklist {
                    Console.say(columns: [listed.id, "\(c.rules.count) rules", "deadline \(c.deadline.iso)", c.title.vi])
                } else {
                    Console.say(columns: [listed.id, "INVALID (run `readiness checklist check \(listed.file)`)"])
                }
            }
        }
    }
}
