import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessStore
import ReadinessWeb

/// `readiness serve`: the web app on the chosen database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app: communes record their equipment, the province reviews, admins manage accounts.",
        discussion: """
            Serves http://HOST:PORT/ until Ctrl-C (SIGINT) or SIGTERM. The pages come from Web/ beside Checklists/; \
            sessions are kept in the database, so a restart signs nobody out. Behind an HTTPS proxy, add \
            --secure-cookies. Create the first admin with `readiness user add NAME --role admin`.

            Example: readiness serve --db .demo/web.sqlite --port 8080
            """)

    @Option(help: "The address to listen on (127.0.0.1: this machine only).") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8080
    @Flag(help: "Mark the cookies Secure (the site is served over HTTPS).") var secureCookies = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(Runtime.text("--port must be 0 to 65535")) }
    }

    func run() async throws {
        let workspace = try Runtime.workspace()
        let templates = workspace.webDirectory.appendingPathComponent("templates")
        guard FileManager.default.fileExists(atPath: templates.appendingPathComponent("layout.mustache").path) else {
            throw AppError.notFound("cannot find the web pages (\(Workspace.display(templates))/layout.mustache) beside Checklists/")
        }
        let store = try database.open(workspace)
        if try await store.accountCount() == 0 {
            printErr("readiness: \(store.path) has no accounts yet; create an admin with: readiness user add NAME --role admin --db \(store.path)")
        }
        let configuration = WebConfiguration(host: host, port: port, secureCookies: secureCookies)
        let host = self.host
        try await runWebServer(configuration: configuration, database: store, templatesDirectory: templates, workspace: workspace) { port in
            printErr("readiness: serving http://\(host):\(port)/ (Ctrl-C stops)")
        }
        try store.close()
    }
}

extension Workspace {
    /// The web app's templates (`templates/`) and static files (`static/`).
    public var webDirectory: URL { dataDirectory.appendingPathComponent("Web") }
}
