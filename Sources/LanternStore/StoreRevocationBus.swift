import LanternDomain
import SQLKit

/// Revocations across instances: on PostgreSQL `publish` sends a NOTIFY and every instance (this
/// one included) LISTENs and wakes its own watchers; on SQLite (one process) they are woken
/// directly.
public final class StoreRevocationBus: RevocationBus {
    public static let channel = "lantern_revocations"

    private let database: Database
    private let local = LocalRevocations()
    private let listener: Task<Void, Never>?

    public init(database: Database) {
        self.database = database
        if database.dialect == .postgres {
            let local = local
            listener = Task {
                await database.listen(channel: Self.channel) { payload in
                    if let revoked = Self.decode(payload) { local.deliver(revoked) }
                }
            }
        } else {
            listener = nil
        }
    }

    deinit { listener?.cancel() }

    public func publish(_ revoked: RevokedCredential) async {
        guard database.dialect == .postgres else { return local.deliver(revoked) }
        do {
            try await database.notify(channel: Self.channel, payload: Self.encode(revoked))
        } catch {
            database.logger.error("could not publish a revocation; ending local connections only", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            local.deliver(revoked)
        }
    }

    public func watch(_ credential: RevokedCredential) -> AsyncStream<Void> { local.watch(credential) }

    /// Stops listening.
    public func stop() { listener?.cancel() }

    /// `session <id>`, `apiKey <id>` or `memberships <user id>`.
    static func encode(_ revoked: RevokedCredential) -> String {
        switch revoked {
        case .session(let id): "session \(id.rawValue)"
        case .apiKey(let id): "apiKey \(id.rawValue)"
        case .memberships(let id): "memberships \(id.rawValue)"
        }
    }

    static func decode(_ payload: String) -> RevokedCredential? {
        let parts = payload.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "session": return .session(SessionID(parts[1]))
        case "apiKey": return .apiKey(APIKeyID(parts[1]))
        case "memberships": return .memberships(UserID(parts[1]))
        default: return nil
        }
    }
}
