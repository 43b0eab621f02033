import Foundation
import Synchronization

/// Fans events out to this process's subscribers, grouped by tenant so an event only touches
/// the subscribers of its own tenant. Each subscriber has a bounded buffer: a subscriber that
/// falls more than `bufferSize` events behind loses the oldest, never slows the others.
public final class LocalEventBroadcaster: IncidentEventBus {
    private let subscribers = Mutex<[TenantID: [UUID: AsyncStream<IncidentEvent>.Continuation]]>([:])
    private let bufferSize: Int

    public init(bufferSize: Int = 1_024) { self.bufferSize = bufferSize }

    public func publish(_ event: IncidentEvent) async { deliver(event) }

    /// Hands `event` to every current subscriber of its tenant.
    public func deliver(_ event: IncidentEvent) {
        let targets = subscribers.withLock { $0[event.incident.tenantID].map { Array($0.values) } ?? [] }
        for continuation in targets { continuation.yield(event) }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> {
        let (stream, continuation) = AsyncStream<IncidentEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
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
