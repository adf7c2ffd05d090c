import ArgumentParser
import ReadinessApp

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "The shipped Quảng Ngãi sample.",
        subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the shipped Quảng Ngãi registry and sample ledger into a database that has no events yet.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let workspace = try Runtime.workspace()
            let store = try database.open(workspace)
            switch try LoadSample(workspace: workspace, database: store, clock: Runtime.clock).run() {
            case .alreadyThere:
                Console.say("\(store.path) already holds the shipped sample; nothing loaded")
            case .loaded(let communes, let events):
                Console.say("loaded the shipped Quảng Ngãi sample into \(store.path): \(communes, "commune"), \(events, "event")")
            }
        }
    }
}
