import Foundation
import Synchronization

/// Hands events to this process's subscribers of one tenant. Each subscriber has a bounded
/// buffer: one that falls more than `bufferSize` events behind loses the oldest, and never slows
/// the others. Shared by the incident and document event buses.
public final class TenantFanout<Event: Sendable>: Sendable {
    private let subscribers = Mutex<[TenantID: [UUID: AsyncStream<Event>.Continuation]]>([:])
    private let bufferSize: Int

    public init(bufferSize: Int = 1_024) { self.bufferSize = bufferSize }

    /// Hands `event` to every current subscriber of `tenant`.
    public func deliver(_ event: Event, to tenant: TenantID) {
        let targets = subscribers.withLock { $0[tenant].map { Array($0.values) } ?? [] }
        for continuation in targets { continuation.yield(event) }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = UUID()
        subscribers.withLock { $0[tenant, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { subscribers in
                subscribers[tenant]?[id] = nil
                if subscribers[tenant]?.isEmpty == true { subscribers[tenant] = nil }
            }
        }
        return stream
    }

    /// Whether anyone on this instance listens to `tenant`'s events.
    public func hasSubscribers(tenant: TenantID) -> Bool {
        subscribers.withLock { $0[tenant]?.isEmpty == false }
    }
}
