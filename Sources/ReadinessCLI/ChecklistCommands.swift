import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Check and list checklists.",
        subcommands: [Check.self, List.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a checklist file against the item catalogue.",
            discussion: """
                Every mistake (unknown item or attribute, wrong type, bad date, duplicate id, unknown key) is \
                reported as file:line:column: reason. Exit code 1 when there is any; a checklist with a mistake \
                is never used by the other commands either.
                """)
        @Argument(help: ArgumentHelp("The checklist file (YAML).", valueName: "file")) var file: String

        func run() throws {
            let workspace = try Workspace.locate()
            let catalog = try workspace.catalog()
            let url = URL(fileURLWithPath: file)
            let checklist = try ChecklistFile.parse(Workspace.read(url), file: file, catalog: catalog)
            print("\(file): ok — checklist \(checklist.id), \(checklist.rules.count) rules, deadline \(checklist.deadline.iso)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shipped checklists.")
        func run() throws {
            let workspace = try Workspace.locate()
            let catalog = try workspace.catalog()
            for (id, url) in workspace.availableChecklists() {
                do {
                    let c = try ChecklistFile.parse(Workspace.read(url), file: Workspace.display(url), catalog: catalog)
                    print("\(id)\t\(c.rules.count) rules\tdeadline \(c.deadline.iso)\t\(c.title.vi)")
                } catch {
                    print("\(id)\tINVALID (run `readiness checklist check \(Workspace.display(url))`)")
                }
            }
        }
    }
}

struct CommunesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "The commune registry: load official lists and attributes, list communes.",
        subcommands: [Load.self, List.self])

    struct Load: ParsableCommand {
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

        func run() throws {
            let workspace = try Workspace.locate()
            let text = try Workspace.read(URL(fileURLWithPath: file))
            let parsed = try CommuneListFile.parse(text, file: file, province: province, provinceNames: workspace.provinceNames())
            let store = try database.open(workspace)
            switch parsed {
            case .communes(let communes):
                let s = try store.upsertCommunes(communes)
                print("\(file): \(communes.count) communes — \(s.added) added, \(s.updated) updated, \(s.unchanged) unchanged (\(store.path))")
            case .attributes(let byCode):
                let known = try store.communes()
                let directory = CommuneDirectory(known)
                let unknown = byCode.keys.filter { directory.commune(code: $0) == nil }.sorted()
                if !unknown.isEmpty {
                    throw UserError("\(file): \(unknown.count) codes are not in the registry (\(unknown.prefix(5).joined(separator: ", "))…): load the commune list first")
                }
                let updated = byCode.keys.sorted().compactMap { code -> Commune? in
                    guard var c = directory.commune(code: code) else { return nil }
                    c.attributes.merge(byCode[code]!) { _, new in new }
                    return c
                }
                let s = try store.upsertCommunes(updated)
                print("\(file): attributes for \(byCode.count) communes — \(s.updated) updated, \(s.unchanged) unchanged")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the communes of the registry.")
        @Option(help: "Output format: table, json or csv.") var format: ReportFormat = .table
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if format == .html || format == .xlsx { throw ValidationError("--format \(format.rawValue) is for reports; use table, json or csv") }
        }

        func run() throws {
            let store = try database.open(try Workspace.locate())
            let communes = try store.communes()
            switch format {
            case .json:
                print(JSONValue.array(communes.map { c in
                    ["code": .string(c.code), "name": .string(c.name), "type": .string(c.type.rawValue),
                     "province": .string(c.provinceName),
                     "attributes": .object(c.attributes.keys.sorted().map { ($0, .string(c.attributes[$0]!.description)) })]
                }).render())
            case .csv:
                let keys = Set(communes.flatMap(\.attributes.keys)).sorted()
                let rows = [["code", "name", "type", "province_code", "province_name"] + keys]
                    + communes.map { c in [c.code, c.name, c.type.rawValue, c.provinceCode, c.provinceName] + keys.map { c.attributes[$0]?.description ?? "" } }
                print(CSV.write(rows, byteOrderMark: true), terminator: "")
            case .table, .md, .html, .xlsx:
                for c in communes { print("\(c.code)  \(c.name)\(c.provinceName.isEmpty ? "" : "  (\(c.provinceName))")") }
                print("\(communes.count) communes")
            }
        }
    }
}

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "The shipped Quảng Ngãi sample.",
        subcommands: [Load.self])

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the shipped Quảng Ngãi registry and sample ledger into a database that has no events yet.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let workspace = try Workspace.locate()
            let store = try database.open(workspace)
            if try store.meta("sample") != nil {
                print("\(store.path) already holds the shipped sample; nothing loaded")
                return
            }
            if try store.eventCount() > 0 {
                throw UserError("\(store.path) already has ledger events: the sample goes into an empty database only")
            }
            let loaded = try workspace.loadSample(into: store)
            print("loaded the shipped Quảng Ngãi sample into \(store.path): \(loaded.communes) communes, \(loaded.events) events")
        }
    }
}
