import Foundation
import Synchronization

/// A credential that stopped being valid while connections may still hold it: a session ended
/// (`signOut`, a replayed refresh token, a password change), an API key revoked, or a user's
/// memberships changed (removed, or left a tenant), which ends that user's connections so that
/// they re-authenticate with what they may now do.
public enum RevokedCredential: Sendable, Hashable {
    case session(SessionID)
    case apiKey(APIKeyID)
    case memberships(UserID)
}

/// Tells every instance's open connections that a credential was revoked, so a WebSocket or an
/// event stream authenticated with it ends at once instead of at its next request.
public protocol RevocationBus: Sendable {
    /// Called after the revocation is committed.
    func publish(_ revoked: RevokedCredential) async
    /// Yields once `credential` is revoked (from now on), until the stream is dropped.
    func watch(_ credential: RevokedCredential) -> AsyncStream<Void>
}

/// Delivers revocations to this process's watchers, keyed by credential so a revocation wakes
/// only the connections that hold it.
public final class LocalRevocations: RevocationBus {
    private let watchers = Mutex<[RevokedCredential: [UUID: AsyncStream<Void>.Continuation]]>([:])

    public init() {}

    public func publish(_ revoked: RevokedCredential) async { deliver(revoked) }

    public func deliver(_ revoked: RevokedCredential) {
        for continuation in watchers.withLock({ $0[revoked].map { Array($0.values) } ?? [] }) { continuation.yield() }
    }

    public func watch(_ credential: RevokedCredential) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        watchers.withLock { $0[credential, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.watchers.withLock { watchers in
                watchers[credential]?[id] = nil
                if watchers[credential]?.isEmpty == true { watchers[credential] = nil }
            }
        }
        return stream
    }
}
