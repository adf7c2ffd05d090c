import HummingbirdBcrypt
import NIOPosix
import ReadinessApp

/// bcrypt (hummingbird-auth's), run on NIO's blocking thread pool: a hash takes a quarter of a second at
/// cost 12, which must not stall an event loop or a cooperative thread. The account use cases reach it
/// through `PasswordHashing`.
public struct PasswordHasher: PasswordHashing {
    /// bcrypt's cost (log2 of its rounds): 12 in service, 4 (the least) in tests.
    public var cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
