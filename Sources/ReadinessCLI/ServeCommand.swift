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
            Serves http://HOST:PORT/ until Ctrl-C (SIGINT) or SIGTERM, which let requests in flight finish (for up \
            to 30 seconds) before the database is closed. The pages come from Web/ beside Checklists/; sessions are \
            kept in the database, so a restart signs nobody out. Behind an HTTPS proxy, add --secure-cookies and \
            --trusted-proxy. Create the first admin with `readiness user add NAME --role admin`.

            Settings come from /etc/readiness/readiness.conf when it exists (or the file of --config): one \
            `key = value` a line, with the keys host, port, database, secure-cookies, trusted-proxy, log-format \
            and metrics-from; a flag wins over the file. /healthz and /readyz answer without a session; /metrics \
            (Prometheus) answers this machine and the --metrics-from addresses only.

            Example: readiness serve --db .demo/web.sqlite --port 8080
            """)

    @Option(help: ArgumentHelp("The configuration file (default: \(ServerSettings.defaultPath), when it exists).", valueName: "file"))
    var config: String?
    @Option(help: "The address to listen on (default 127.0.0.1: this machine only).") var host: String?
    @Option(help: "The port to listen on (default 8080; 0: any free port).") var port: Int?
    @Flag(inversion: .prefixedNo, help: "Mark the cookies Secure (the site is served over HTTPS).") var secureCookies: Bool?
    @Option(name: .customLong("trusted-proxy"),
            help: ArgumentHelp("A reverse proxy whose X-Forwarded-For names the client (repeatable).", valueName: "address"))
    var trustedProxies: [String] = []
    @Option(help: "The log on standard error: text or json (default text).") var logFormat: ServerSettings.LogFormat?
    @Option(name: .customLong("metrics-from"),
            help: ArgumentHelp("An address besides this machine that may read /metrics (repeatable).", valueName: "address"))
    var metricsReaders: [String] = []
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError(Runtime.text("--port must be 0 to 65535")) }
        for address in trustedProxies + metricsReaders where IPAddressText.normalized(address) == nil {
            throw ValidationError(Runtime.text("\(address) is not an IP address"))
        }
    }

    func run() async throws {
        let file = try ServerSettings.load(path: config ?? ServerSettings.defaultPath, required: config != nil)
        let settings = file.overridden(by: ServerSettings(
            host: host, port: port, database: database.db, secureCookies: secureCookies,
            trustedProxies: trustedProxies.compactMap(IPAddressText.normalized), logFormat: logFormat,
            metricsReaders: metricsReaders.compactMap(IPAddressText.normalized)))

        let workspace = try Runtime.workspace()
        let templates = workspace.webDirectory.appendingPathComponent("templates")
        guard FileManager.default.fileExists(atPath: templates.appendingPathComponent("layout.mustache").path) else {
            throw AppError.notFound("cannot find the web pages (\(Workspace.display(templates))/layout.mustache) beside Checklists/")
        }
        let store = try workspace.openDatabase(explicit: settings.database, environment: Runtime.environment, clock: Runtime.clock,
                                               notice: { printErr($0) })
        // A database this version cannot serve as it is (written by a newer version): stay down, not half-serve.
        let ready = await CheckServiceReady().run(database: store)
        guard ready.ready else { throw AppError.conflict("cannot serve \(store.path): \(ready.detail)") }
        if try await store.accountCount() == 0 {
            printErr("readiness: \(store.path) has no accounts yet; create an admin with: readiness user add NAME --role admin --db \(store.path)")
        }
        let host = settings.host ?? "127.0.0.1"
        var configuration = WebConfiguration(host: host, port: settings.port ?? 8080, secureCookies: settings.secureCookies ?? false)
        let observability = bootstrapServerObservability(logFormat: settings.logFormat ?? .text, level: configuration.logLevel)
        configuration.operations = OperationsConfiguration(
            trustedProxies: Set(settings.trustedProxies), requestLogger: observability.requestLogger, metrics: observability.metrics,
            metricsReaders: Set(["127.0.0.1", "::1"] + settings.metricsReaders))
        try await runWebServer(configuration: configuration, database: store, templatesDirectory: templates, workspace: workspace) { port in
            printErr("readiness: serving http://\(host):\(port)/ (Ctrl-C stops)")
        }
        try store.close()
        printErr("readiness: stopped; \(store.path) closed")
    }
}

extension ServerSettings.LogFormat: ExpressibleByArgument {}

extension Workspace {
    /// The web app's templates (`templates/`) and static files (`static/`).
    public var webDirectory: URL { dataDirectory.appendingPathComponent("Web") }
}
