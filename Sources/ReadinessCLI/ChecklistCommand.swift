import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore

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
        @Option(name: .long, help: ArgumentHelp("Also check the commune attributes the rules name against this database's registry (default: $READINESS_DB, else the default database when it exists).", valueName: "path"))
        var db: String?
        @OptionGroup var language: LanguageOption

        /// The database whose registry is checked against: --db, else $READINESS_DB, else the default one if it exists.
        var databasePath: String? {
            if let db { return db }
            if let env = Runtime.environment["READINESS_DB"], !env.isEmpty { return env }
            let standard = Workspace.defaultDatabasePath(environment: Runtime.environment)
            return FileManager.default.fileExists(atPath: standard) ? standard : nil
        }

        func run() async throws {
            var registry: (path: String, found: (attributes: RegistryAttributes, communes: Int))?
            if let path = databasePath { registry = (path, try Checklists.registry(ofDatabaseAt: path)) }
            let checklist = try Checklists(workspace: try Runtime.workspace()).check(path: file, registry: registry?.found.attributes)
            var line: Phrase = "\(file): ok — checklist \(checklist.id), \(checklist.rules.count, "rule"), deadline \(checklist.deadline.iso)"
            if let registry {
                let (path, found) = registry
                line = line + (found.attributes.isBare
                    ? "; the registry of \(path) (\(found.communes, "commune")) has no commune attributes to check against"
                    : "; its commune attributes checked against the registry of \(path) (\(found.communes, "commune"))")
            }
            Console.say(line)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shipped checklists.")
        @OptionGroup var language: LanguageOption
        func run() async throws {
            for listed in try Checklists(workspace: try Runtime.workspace()).list() {
                if let c = listed.checklist {
                    Console.say(columns: [listed.id, Runtime.text("\(c.rules.count, "rule")"), Runtime.text("deadline \(c.deadline.iso)"),
                                          c.title[Runtime.language]])
                } else {
                    Console.say(columns: [listed.id, Runtime.text("INVALID (run `readiness checklist check \(listed.file)`)")])
                }
            }
        }
    }
}
