/// Incident events for this process's subscribers, grouped by tenant (see `TenantFanout`).
public final class LocalEventBroadcaster: IncidentEventBus {
    private let fanout: TenantFanout<IncidentEvent>

    public init(bufferSize: Int = 1_024) { fanout = TenantFanout(bufferSize: bufferSize) }

    public func publish(_ event: IncidentEvent) async { deliver(event) }

    /// Hands `event` to every current subscriber of its tenant.
    public func deliver(_ event: IncidentEvent) { fanout.deliver(event, to: event.incident.tenantID) }

    public func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> { fanout.subscribe(tenant: tenant) }

    /// Whether anyone on this instance listens to `tenant`'s events.
    public func hasSubscribers(tenant: TenantID) -> Bool { fanout.hasSubscribers(tenant: tenant) }
}
