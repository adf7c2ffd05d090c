import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessReports

struct CommunesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "The commune registry: load official lists and attributes, apply dated changes, list communes and their history.",
        subcommands: [Load.self, Changes.self, ExportChanges.self, List.self, History.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load or update the registry from an official list or an attribute file.",
            discussion: """
                Official lists: code,name,type[,other columns as attributes] for one province, or \
                province_code,province_name,code,name,type for the whole country (filter it with --province). \
                A file with code and other columns but no name (code,officials,counters,…) sets attributes of \
                communes already in the registry. All or nothing.

                A list is compared with the registry first. With --effective DATE --source TEXT every difference (new, \
                renamed, reclassified, moved) becomes a dated change with that source, and reports before DATE stay as \
                they were; --dry-run lists the differences and writes nothing. Without --effective a list may only add \
                communes. A list lacking communes the registry has in its provinces is refused until a change file says \
                what became of them (readiness communes changes FILE). Loading the same list again changes nothing.

                Example: readiness communes load Inventory/communes/vietnam-2025.csv --province 01 --db hanoi.sqlite
                """)
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("Keep only this province's communes (national list), or the province of a one-province list.",
                                   valueName: "code"))
        var province: String?
        @Option(help: ArgumentHelp("The day the list takes effect (YYYY-MM-DD or dd/MM/yyyy): its differences become changes from that day.",
                                   valueName: "date"))
        var effective: Day?
        @Option(help: ArgumentHelp("The resolution that makes the list take effect, with --effective: \"Nghị quyết 237/NQ-UBTVQH16 ngày 14/04/2026\".",
                                   valueName: "text"))
        var source: String?
        @Flag(help: "List the differences and write nothing.") var dryRun = false
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let workspace = try Runtime.workspace()
            let text = try Workspace.read(URL(fileURLWithPath: file))
            let result = try LoadRegistry(workspace: workspace).run(text: text, file: file, province: province, effective: effective,
                                                                   source: source, dryRun: dryRun) { () throws(AppError) in
                try database.open(workspace)
            }
            switch result {
            case .communes(let count, let s, let path):
                Console.say("\(file): \(count, "commune") — \(s.added) added, \(s.updated) updated, \(s.unchanged) unchanged (\(path))")
            case .attributes(let count, let s, _):
                Console.say("\(file): attributes for \(count, "commune") — \(s.updated) updated, \(s.unchanged) unchanged")
            case .dated(let count, let d, let written, let path):
                Console.say("\(file): \(count, "commune") as of \(Style.date(d.day, Runtime.language)) — \(d.added.count) new, \(d.renamed.count) renamed, \(d.reclassified.count) reclassified, \(d.moved.count) moved, \(d.unchanged) unchanged")
                for c in d.added { Console.say("  new: \(c.label), \(c.type.rawValue)\(c.provinceName.isEmpty ? "" : ", \(c.provinceName)")") }
                for (b, a) in d.renamed { Console.say("  renamed: \(b.label) → \(a.name)") }
                for (b, a) in d.reclassified { Console.say("  reclassified: \(b.label) \(b.type.rawValue) → \(a.name), \(a.type.rawValue)") }
                for (b, a) in d.moved { Console.say("  moved: \(b.label) \(b.provinceName) → \(a.provinceName)") }
                if d.isEmpty { Console.say("nothing to change") }
                else if written { Console.say("written to \(path)") }
                else { Console.say("nothing written (dry run)") }
            }
        }
    }

    struct Changes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a change file: communes renamed, reclassified, moved, merged, split, dissolved or established, by date.",
            discussion: """
                CSV with the header effective,change,code,to_code,name,type,province_code,source; change is one of \
                rename, reclassify, move, merge, split, dissolve, establish. A merge is one row per predecessor (code) \
                with the successor in to_code (a new code, or one of them); a split one row per successor (to_code; \
                the unit's own code when it goes on). A rename whose code is a two-digit province code renames the \
                province. Every row needs its source (the resolution's number and date).

                Each row is checked against the registry as it stands on its date; every problem is reported with its \
                row and column, and nothing is written if there is one. On a merge's date the predecessors' holdings pass \
                to the successor as ledger events whose source is the resolution. A split's successors hold nothing \
                recorded and are not judged until the province imports a transfer file for them.

                Example: readiness communes changes Inventory/communes/changes-2025-2026.csv --dry-run
                """)
        @Argument(help: ArgumentHelp("The change file (CSV).", valueName: "file")) var file: String
        @Flag(help: "Check the file and say what it would change; write nothing.") var dryRun = false
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let workspace = try Runtime.workspace()
            let text = try Workspace.read(URL(fileURLWithPath: file))
            let r = try ApplyRegistryChanges(workspace: workspace).run(text: text, file: file, dryRun: dryRun) { () throws(AppError) in
                try database.open(workspace)
            }
            let lang = Runtime.language
            let counts = Phrase.joined(RegistryChangeKind.allCases.compactMap { kind -> Phrase? in
                let n = r.changes.filter { $0.kind == kind }.count
                return n == 0 ? nil : "\(kind.phrase) \(n)"
            }, separator: ", ")
            Console.say("\(file): \(r.changes.count, "change") (\(counts)), \(r.transfers, "ledger event") carrying holdings")
            func totals(_ t: RegistryTotals) -> String { "\(t.total) = \(t.xa) xã + \(t.phuong) phường + \(t.dacKhu) đặc khu" }
            Console.say("Registry on \(Style.date(r.before.day, lang)): \(totals(r.before))")
            Console.say("Registry on \(Style.date(r.after.day, lang)): \(totals(r.after))")
            if !r.awaitingTransfer.isEmpty {
                Console.say("Waiting for a transfer file (not judged until then): \(r.awaitingTransfer.map(\.label).joined(separator: ", "))")
            }
            if !r.flaggedAccounts.isEmpty {
                Console.say("Accounts whose commune no longer exists, for an admin to move or disable: \(r.flaggedAccounts.joined(separator: ", "))")
            }
            if r.alreadyApplied > 0 { Console.say("\(r.alreadyApplied, "change") already recorded: left as they are") }
            if r.written { Console.say("written to \(r.database)") }
            else if dryRun { Console.say("nothing written (dry run)") }
            else { Console.say("nothing to change") }
        }
    }

    struct ExportChanges: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-changes",
            abstract: "Write the registry's recorded changes as a change file, for a ministry to apply before importing this database's export.",
            discussion: """
                A ministry gathering provinces loads the national list, applies each province's change file \
                (readiness communes changes FILE), then imports each province's ledger export (readiness export): \
                both databases then count the same units, with the same names and types, on every date.

                Example: readiness communes export-changes --province 75 --out dong-nai-changes.csv
                """)
        @Option(help: ArgumentHelp("Only the changes of this province.", valueName: "code")) var province: String?
        @Option(help: ArgumentHelp("The file to write (default: standard output).", valueName: "file")) var out: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let result = try ExportRegistryChanges(database: try database.open(try Runtime.workspace())).run(province: province)
            guard let out else { Console.write(Array(result.csv.utf8)); return }
            try OutputFile.write(Array(result.csv.utf8), to: out)
            printErr("\(result.changes, "change") written to \(out)")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One commune's history: its versions and the changes that made them, with their sources.")
        @Argument(help: ArgumentHelp("The commune's code.", valueName: "code")) var code: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let history = try RegistryHistoryQuery(database: try database.open(try Runtime.workspace())).unit(code)
            let lang = Runtime.language
            for v in history.versions {
                let from = v.from.map { Style.date($0, lang) } ?? "…"
                let until = v.until.map { Style.date($0.adding(days: -1), lang) } ?? "…"
                Console.say(verbatim: "\(from) – \(until)  \(v.commune.name), \(v.commune.type.rawValue)\(v.commune.provinceName.isEmpty ? "" : ", \(v.commune.provinceName)")")
            }
            let lines = RegistryHistoryText.lines(history, language: lang)
            if lines.isEmpty { Console.say("no change recorded") }
            for line in lines { Console.say(verbatim: line) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the communes of the registry, as it stood on a date.")
        @Option(help: "Output format: table, json or csv.") var format: ReportFormat = .table
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The registry as it stood on this date (default: today).", valueName: "date"))
        var asOf: Day?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if format == .html || format == .xlsx || format == .pdf { throw ValidationError(Runtime.text("--format \(format.rawValue) is for reports; use table, json or csv")) }
        }

        func run() async throws {
            let communes = try RegistryHistoryQuery(database: try database.open(try Runtime.workspace())).communes(on: asOf ?? Runtime.today)
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
