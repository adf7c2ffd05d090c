import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore
import ReadinessApp

/// The language of the pages: Vietnamese unless the user chose English.
public enum WebLanguage: String, Sendable, CaseIterable, Codable {
    case vi, en

    public var text: WebText {
        switch self {
        case .vi: .vi
        case .en: .en
        }
    }
}

/// Who is signed in on this request (the account as it is now in the database).
public struct SignedInAccount: Sendable, Hashable {
    public var account: AccountSummary
    public var session: WebSession
}

/// The request context of every route: the session (`sessions`, hummingbird-auth's), the signed-in
/// account (`identity`, set by `SessionAuthenticator` from the session), the page language, the
/// client's address and the CSRF token the request's forms carry.
public struct WebRequestContext: AuthRequestContext, SessionRequestContext, RemoteAddressRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: SignedInAccount?
    public let sessions: SessionContext<WebSession>
    public let remoteAddress: SocketAddress?
    public var language: WebLanguage = .vi
    /// The token this request's forms must carry: the session's once signed in, before that the one of
    /// the `readiness_csrf` cookie (set by `CSRFMiddleware`).
    public var csrfToken: String = ""
    /// The body was larger than any upload and was not read (nor its CSRF token): the upload forms show
    /// themselves again with the limit, and write nothing (see `CSRFMiddleware`).
    public var uploadTooLarge = false
    /// The client's address as a trusted reverse proxy gave it (`ForwardedClientMiddleware`).
    public var forwardedClient: String?
    /// What the request log reports that inner middleware learns (the signed-in account).
    public let requestNote = RequestNote()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// The largest body read: an upload of up to 5 MB (spreadsheets, evidence) and its multipart framing;
    /// each upload route checks its own, smaller limit on the file itself.
    public var maxUploadSize: Int { 6 * 1024 * 1024 }

    public var text: WebText { language.text }

    /// The client's address as text for throttling ("" when unknown, as in router tests): the peer's, or
    /// behind a trusted reverse proxy the one it forwarded.
    public var clientAddress: String { forwardedClient ?? remoteAddress?.ipAddress ?? "" }
}
