import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct CommunesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "The commune registry: load official lists and attributes, list communes.",
        subcommands: [Load.self, List.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load or update the registry from an official list or an attribute file.",
            discussion: """
                Official lists: code,name,type[,other columns as attributes] for one province, or \
                province_code,province_name,code,name,type for the whole country (filter it with --province). \
                A file with code and other columns but no name (code,officials,counters,…) sets attributes of \
                communes already in the registry. Known communes are updated, new ones added; all or nothing.

                Example: readiness communes load Inventory/communes/vietnam-2025.csv --province 01 --db hanoi.sqlite
                """)
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("Keep only this province's communes (national list), or the province of a one-province list.",
                                   valueName: "code"))
        var province: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let workspace = try Runtime.workspace()
            let text = try Workspace.read(URL(fileURLWithPath: file))
            let result = try LoadRegistry(workspace: workspace).run(text: text, file: file, province: province) { () throws(AppError) in
                try database.open(workspace)
            }
            switch result {
            case .communes(let count, let s, let path):
                Console.say("\(file): \(count, "commune") — \(s.added) added, \(s.updated) updated, \(s.unchanged) unchanged (\(path))")
            case .attributes(let count, let s, _):
                Console.say("\(file): attributes for \(count, "commune") — \(s.updated) updated, \(s.unchanged) unchanged")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the communes of the registry.")
        @Option(help: "Output format: table, json or csv.") var format: ReportFormat = .table
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if format == .html || format == .xlsx || format == .pdf { throw ValidationError(Runtime.text("--format \(format.rawValue) is for reports; use table, json or csv")) }
        }

        func run() async throws {
            let communes = try RegistryQuery(database: try database.open(try Runtime.workspace())).communes()
            switch format {
            case .json:
                Console.write(Array((JSONValue.array(communes.map { c in
                    ["code": .string(c.code), "name": .string(c.name), "type": .string(c.type.rawValue),
                     "province": .string(c.provinceName),
                     "attributes": .object(c.attributes.keys.sorted().map { ($0, .string(c.attributes[$0]!.description)) })]
                }).render() + "\n").utf8))
            case .csv:
                let keys = Set(communes.flatMap(\.attributes.keys)).sorted()
                let rows: [[CSVValue]] = [(["code", "name", "type", "province_code", "province_name"] + keys).map(CSVValue.text)]
                    + communes.map { c in
                        [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName].map(CSVValue.text) + keys.map { key in
                            switch c.attributes[key] {
                            case .int(let n)?: .int(n)
                            case let value?: .text(value.description)
                            case nil: .text("")
                            }
                        }
                    }
                Console.write(Array(SafeText.csv(rows, byteOrderMark: true).utf8))
            case .table, .md, .html, .xlsx, .pdf:
                for c in communes { Console.say(verbatim: "\(c.code)  \(c.name)\(c.provinceName.isEmpty ? "" : "  (\(c.provinceName))")") }
                Console.say("\(communes.count, "commune")")
            }
        }
    }
}
