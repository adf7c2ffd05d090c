import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import ReadinessApp
import ReadinessStore

/// How the web app runs.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Cookies marked `Secure` (and named `__Host-…`): for a server behind HTTPS.
    public var secureCookies: Bool
    /// A session ends after this long without a request.
    public var sessionIdleTimeout: Duration
    /// However much it is used, a session ends this long after sign-in.
    public var sessionMaximumAge: Duration
    public var passwordHasher: PasswordHasher
    public var loginThrottle: LoginThrottle.Policy
    public var logLevel: Logger.Level
    /// Where "today" comes from (a fixed day in tests).
    public var clock: ReadinessApp.Clock
    /// The largest upload accepted (an import's file).
    public var maxUploadBytes: Int
    /// Proxies, request log, metrics, stopping (Operations.swift).
    public var operations = OperationsConfiguration()

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
                sessionIdleTimeout: Duration = .seconds(8 * 60 * 60), sessionMaximumAge: Duration = .seconds(24 * 60 * 60),
                passwordHasher: PasswordHasher = PasswordHasher(),
                loginThrottle: LoginThrottle.Policy = LoginThrottle.Policy(), logLevel: Logger.Level = .info,
                clock: ReadinessApp.Clock = .system, maxUploadBytes: Int = 5 * 1024 * 1024) {
        self.clock = clock
        self.maxUploadBytes = maxUploadBytes
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionMaximumAge = sessionMaximumAge
        self.passwordHasher = passwordHasher
        self.loginThrottle = loginThrottle
        self.logLevel = logLevel
    }

    /// The session cookie's name (`__Host-` requires Secure, path / and no domain: no subdomain can set it).
    public var sessionCookieName: String { secureCookies ? "__Host-readiness_session" : "readiness_session" }
    /// The cookie of the CSRF token before signing in.
    public var csrfCookieName: String { secureCookies ? "__Host-readiness_csrf" : "readiness_csrf" }
}

/// The router of the web app: its middleware and every route (docs/web-app.md lists them).
///
/// Routes: public `GET/POST /login` and `/static/*` (from `staticDirectory`, default `templatesDirectory/../static`);
/// signed in: the inventory pages (`InventoryController`, `ImportController`), `POST /logout`, `GET/POST /password`;
/// admins and province staff: the accounts pages under `/admin/users` (`AdminController`); `/api/v1/*` (signed in, JSON errors): `APIController.routes`.
/// - Parameters:
///   - templatesDirectory: the folder of the mustache templates (`Web/templates`).
///   - onServerRunning: called with the port once the server listens (the port chosen when asked for 0).
func buildRouter(configuration: WebConfiguration, database: InventoryDatabase, templatesDirectory: URL,
                 staticDirectory: URL? = nil, workspace: Workspace? = nil) async throws -> Router<WebRequestContext> {
    var logger = Logger(label: "readiness-web")
    logger.logLevel = configuration.logLevel
    let staticDirectory = staticDirectory ?? templatesDirectory.deletingLastPathComponent().appendingPathComponent("static")
    guard FileManager.default.fileExists(atPath: staticDirectory.appendingPathComponent("app.css").path) else {
        throw WebSetupError("no app.css in \(staticDirectory.path)")
    }
    let pages = try await PageRenderer(templatesDirectory: templatesDirectory)
    let accounts = AccountService(database: database, hasher: configuration.passwordHasher,
                                  throttle: LoginThrottle(policy: configuration.loginThrottle))
    let sessionDriver = DatabaseSessionDriver(database: database, maximumAge: configuration.sessionMaximumAge)
    try await database.deleteExpiredSessions()

    // The shipped files: beside Web/ (templates in Web/templates) unless given.
    let workspace = workspace ?? Workspace(dataDirectory: templatesDirectory.deletingLastPathComponent().deletingLastPathComponent())
    let inventory = Inventory(workspace: workspace, database: database, clock: configuration.clock)

    // (A HEAD of any page is answered as its GET without the body.)
    let router = Router(context: WebRequestContext.self, options: .autoGenerateHeadEndpoints)
    addOperations(to: router, configuration: configuration.operations, database: database)
    router.addMiddleware {
        RequestShapeMiddleware<WebRequestContext>()
        SecurityHeadersMiddleware<WebRequestContext>()
        LanguageMiddleware(secureCookies: configuration.secureCookies)
        ErrorMiddleware(pages: pages)
        FileMiddleware<WebRequestContext, LocalFileSystem>(staticDirectory.path, urlBasePath: "/static",
                                                           cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(3600)])]),
                                                           logger: logger)
        SessionMiddleware<WebRequestContext>(
            storage: sessionDriver,
            configuration: SessionMiddlewareConfiguration(
                sessionCookieParameters: SessionCookieParameters(name: configuration.sessionCookieName, path: "/",
                                                                 secure: configuration.secureCookies, sameSite: .lax),
                keyPrefix: "",
                defaultSessionExpiration: configuration.sessionIdleTimeout))
        SessionIdleMiddleware<WebRequestContext>(idleTimeout: configuration.sessionIdleTimeout)
        SessionAuthenticator(context: WebRequestContext.self) { (session: WebSession, _) in
            try await accounts.activeAccount(id: session.accountID).map { SignedInAccount(account: $0, session: session) }
        }
        RequestNoteMiddleware()
        CSRFMiddleware(cookieName: configuration.csrfCookieName, secureCookies: configuration.secureCookies)
    }

    let signIn = SignInController(accounts: accounts, pages: pages, sessionDriver: sessionDriver,
                                  sessionCookieName: configuration.sessionCookieName, idleTimeout: configuration.sessionIdleTimeout)
    signIn.addPublicRoutes(to: router)

    let signedIn = router.group().add(middleware: RequireSignedInMiddleware())
    signIn.addSignedInRoutes(to: signedIn)
    let onceTokens = OnceTokens()
    InventoryController(inventory: inventory, pages: pages, onceTokens: onceTokens).addRoutes(to: signedIn)
    ImportController(inventory: inventory, pages: pages, maxUploadBytes: configuration.maxUploadBytes).addRoutes(to: signedIn)
    PlanController(inventory: inventory, pages: pages).addRoutes(to: signedIn)
    AdminController(accounts: accounts, pages: pages)
        .addRoutes(to: signedIn.group("admin").add(middleware: RequireRoleMiddleware(roles: [.admin, .province])))

    APIController(inventory: inventory, pages: pages, onceTokens: onceTokens)
        .addRoutes(to: router.group("api/v1").add(middleware: RequireSignedInMiddleware()))
    return router
}

/// The web app, as `readiness serve` runs it and as the tests drive it (see `buildRouter`).
public func buildApplication(configuration: WebConfiguration, database: InventoryDatabase, templatesDirectory: URL,
                             staticDirectory: URL? = nil, workspace: Workspace? = nil,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "readiness-web")
    logger.logLevel = configuration.logLevel
    let router = try await buildRouter(configuration: configuration, database: database, templatesDirectory: templatesDirectory,
                                       staticDirectory: staticDirectory, workspace: workspace)

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "readiness"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Runs the web app until SIGINT or SIGTERM.
public func runWebServer(configuration: WebConfiguration, database: InventoryDatabase, templatesDirectory: URL,
                         workspace: Workspace? = nil,
                         onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    let app = try await buildApplication(configuration: configuration, database: database, templatesDirectory: templatesDirectory,
                                         workspace: workspace, onServerRunning: onServerRunning)
    try await runUntilStopped(app, gracePeriod: configuration.operations.shutdownGracePeriod, logger: app.logger)
}
