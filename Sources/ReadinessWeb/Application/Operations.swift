import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ReadinessApp
import ReadinessCore
import ReadinessStore
import ServiceLifecycle

// What an administrator runs the server with: the client's address behind a reverse proxy, one log line per
// request, health checks and metrics without a session, and a stop that lets requests in flight finish.

/// How the server runs as a service (see docs/operations.md).
public struct OperationsConfiguration: Sendable {
    /// Reverse proxies (IP addresses as `IPAddressText.normalized` writes them) whose `X-Forwarded-For` is
    /// believed; a request from any other peer is taken to come from that peer.
    public var trustedProxies: Set<String>
    /// Where the request log goes (one entry per request); nil for none.
    public var requestLogger: Logger?
    /// The registry `/metrics` shows (the one `MetricsSystem` was bootstrapped with); nil for no `/metrics`.
    public var metrics: PrometheusCollectorRegistry?
    /// Peers that may read `/metrics` (directly, not through a proxy).
    public var metricsReaders: Set<String>
    /// On SIGTERM or SIGINT, how long requests in flight may take to finish before they are cancelled.
    public var shutdownGracePeriod: Duration

    public init(trustedProxies: Set<String> = [], requestLogger: Logger? = nil, metrics: PrometheusCollectorRegistry? = nil,
                metricsReaders: Set<String> = ["127.0.0.1", "::1"], shutdownGracePeriod: Duration = .seconds(30)) {
        self.trustedProxies = trustedProxies
        self.requestLogger = requestLogger
        self.metrics = metrics
        self.metricsReaders = metricsReaders
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}

/// The operations' middleware and routes, added before any other: `/healthz`, `/readyz` and `/metrics` go
/// through no session, language or CSRF middleware and set no cookie.
func addOperations(to router: Router<WebRequestContext>, configuration: OperationsConfiguration, database: InventoryDatabase) {
    router.add(middleware: ForwardedClientMiddleware(trustedProxies: configuration.trustedProxies))
    if let logger = configuration.requestLogger { router.add(middleware: RequestLogMiddleware(logger: logger)) }
    if configuration.metrics != nil { router.add(middleware: MetricsMiddleware<WebRequestContext>()) }

    router.get("healthz") { (_: Request, _: WebRequestContext) -> Response in plainText(.ok, "ok\n") }
    router.get("readyz") { (_: Request, _: WebRequestContext) -> Response in
        let result = await CheckServiceReady().run(database: database)
        return plainText(result.ready ? .ok : .serviceUnavailable, result.detail.text(.en) + "\n")
    }
    if let registry = configuration.metrics {
        let readers = configuration.metricsReaders
        router.get("metrics") { (request: Request, context: WebRequestContext) async -> Response in
            // Only a reader of its own: never through a proxy, which could be passing on anyone's request.
            guard let peer = context.remoteAddress?.ipAddress.flatMap(IPAddressText.normalized), readers.contains(peer),
                  request.headers[ForwardedClientMiddleware.header] == nil else {
                return plainText(.forbidden, "forbidden\n")
            }
            // What the database holds is read as it is scraped.
            if let figures = try? await ServiceFigures().run(database: database) {
                Gauge(label: "readiness_sessions_active").record(figures.activeSessions)
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}

private func plainText(_ status: HTTPResponse.Status, _ text: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/plain; charset=utf-8"
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// Behind a trusted reverse proxy, the client is the address that proxy saw: walking `X-Forwarded-For` from
/// the right (the proxy appends its peer), the first address that is not itself a trusted proxy. From any
/// other peer the header is ignored: a client cannot choose its own address, and so the per-address sign-in
/// limit holds. A header that is not a list of IP addresses leaves the peer as the client.
struct ForwardedClientMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    static let header = HTTPField.Name("X-Forwarded-For") ?? .via
    /// The most addresses read from the header (a proxy chain is short).
    static let maxHops = 16
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trustedProxies.isEmpty, let peer = context.remoteAddress?.ipAddress.flatMap(IPAddressText.normalized),
              trustedProxies.contains(peer) else {
            return try await next(request, context)
        }
        var context = context
        context.forwardedClient = Self.client(forwardedFor: request.headers[values: Self.header], trustedProxies: trustedProxies)
        return try await next(request, context)
    }

    static func client(forwardedFor values: [String], trustedProxies: Set<String>) -> String? {
        let joined = values.joined(separator: ",")
        guard joined.utf8.count <= maxHops * 48 else { return nil }
        var found: String?
        for entry in joined.split(separator: ",").reversed().prefix(maxHops) {
            guard let address = IPAddressText.normalized(entry.trimmingCharacters(in: .whitespaces)) else { return found }
            found = address
            if !trustedProxies.contains(address) { return address }
        }
        return found
    }
}

/// What inner middleware learns about a request that the request log reports: the signed-in account.
public final class RequestNote: @unchecked Sendable {
    private let lock = NSLock()
    private var _accountID: Int64?

    public init() {}

    public var accountID: Int64? {
        get { lock.withLock { _accountID } }
        set { lock.withLock { _accountID = newValue } }
    }
}

/// Notes the signed-in account for the request log (after `SessionAuthenticator`).
struct RequestNoteMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.requestNote.accountID = context.identity?.account.id
        return try await next(request, context)
    }
}

/// One log entry per request, once it is answered: method, the route's pattern (`/communes/{code}`, never the
/// path's values or the query), status, duration in milliseconds, the signed-in account's id and the client's
/// address. At `info` level; `notice` for server errors.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            log(request, context, status: status, since: start)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)",
            "route": "\(Self.route(request, context))",
            "status": "\(status)",
            "duration_ms": "\(String(format: "%.1f", milliseconds))",
            "client": "\(context.clientAddress)",
        ]
        if let account = context.requestNote.accountID { metadata["account"] = "\(account)" }
        logger.log(level: status >= 500 ? .notice : .info, "request", metadata: metadata)
    }

    /// The route's pattern; a static file's is `/static/*`, and a path no route matched is `unmatched`.
    static func route(_ request: Request, _ context: Context) -> String {
        if request.uri.path.hasPrefix("/static/") { return "/static/*" }  // FileMiddleware's, served under no route
        if let pattern = context.endpointPath, pattern != "NotFound" { return pattern }
        return "unmatched"
    }
}

/// Runs the app until SIGTERM or SIGINT; then it stops accepting connections, lets requests in flight finish
/// for up to `gracePeriod`, cancels what is left, and returns.
func runUntilStopped(_ app: some ApplicationProtocol, gracePeriod: Duration, logger: Logger) async throws {
    var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    configuration.maximumGracefulShutdownDuration = gracePeriod
    try await ServiceGroup(configuration: configuration).run()
}
