/// Incidents: reporting, the lifecycle OPEN → ACKNOWLEDGED → RESOLVED (and reopening),
/// assignment, comments, lists, and live events.
public struct IncidentService: Sendable {
    public let store: any DomainStore
    public let events: any IncidentEventBus
    /// Called after a change that may have added background work (an escalation due, webhook
    /// messages), so this instance's worker looks at once.
    let workAdded: @Sendable () -> Void

    public init(store: any DomainStore, events: any IncidentEventBus, workAdded: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.events = events
        self.workAdded = workAdded
    }

    // MARK: Reads

    /// Throws NOT_FOUND for an incident of another tenant exactly as for one that does not exist.
    public func incident(_ access: TenantAccess, id: IncidentID) async throws -> Incident {
        try access.require(.viewer, to: "read incidents")
        guard let incident = try await store.incident(tenant: access.tenant.id, id: id) else {
            throw DomainError.notFound("Incident")
        }
        return incident
    }

    public func incidents(_ access: TenantAccess, filter: IncidentFilter, first: Int?, after: String?) async throws -> Page<Incident> {
        try access.require(.viewer, to: "read incidents")
        return try await store.incidents(tenant: access.tenant.id, filter: filter, first: try Paging.size(first), after: after)
    }

    public func timeline(_ access: TenantAccess, incident: IncidentID, first: Int?, after: String?) async throws -> Page<TimelineEntry> {
        try access.require(.viewer, to: "read incidents")
        return try await store.timeline(tenant: access.tenant.id, incident: incident, first: try Paging.size(first), after: after)
    }

    /// The first page of several incidents' timelines at once (for lists of incidents).
    public func firstTimelinePages(_ access: TenantAccess, incidents: [IncidentID], first: Int?) async throws -> [IncidentID: Page<TimelineEntry>] {
        try access.require(.viewer, to: "read incidents")
        return try await store.firstTimelinePages(tenant: access.tenant.id, incidents: incidents, first: try Paging.size(first))
    }

    /// Events of the caller's tenant that match the filter, in log order, each once: with
    /// `after` (a cursor), first every logged event after it, then live ones with no gap or
    /// repeat at the seam (`ResumableEvents`). An `incidentID` of another tenant is refused as
    /// NOT_FOUND, like any read; a cursor of another tenant as BAD_USER_INPUT; one older than
    /// the log keeps as CURSOR_EXPIRED.
    public func events(_ access: TenantAccess, filter: EventFilter, after: String?) async throws
        -> some AsyncSequence<IncidentEvent, any Error> & Sendable {
        try access.require(.viewer, to: "subscribe to incident events")
        if let incidentID = filter.incidentID { _ = try await incident(access, id: incidentID) }
        let live = events.subscribe(tenant: access.tenant.id)
        // Without a cursor, the subscription starts at the log's head as it is now (read after
        // subscribing, so nothing after it can be missed).
        let start = if let after { try await resumePoint(access, cursor: after) } else { try await store.eventLogBounds(tenant: access.tenant.id).head }
        return ResumableEvents(store: store, tenant: access.tenant.id, filter: filter, live: live, start: start, replay: after != nil)
    }

    /// The tenant's event log as a list, oldest first, after `after` (from the start without).
    public func eventHistory(_ access: TenantAccess, filter: EventFilter, first: Int?, after: String?) async throws -> Page<IncidentEvent> {
        try access.require(.viewer, to: "read incident events")
        if let incidentID = filter.incidentID { _ = try await incident(access, id: incidentID) }
        let size = min(max(first ?? 100, 0), ResumableEvents.pageSize)
        if let first, first < 0 || first > ResumableEvents.pageSize {
            throw DomainError.badInput("`first` must be between 0 and \(ResumableEvents.pageSize).")
        }
        var start = 0
        if let after { start = try await resumePoint(access, cursor: after) }
        let events = try await store.loggedEvents(tenant: access.tenant.id, after: start, before: nil, filter: filter, limit: size + 1)
        let shown = Array(events.prefix(size))
        let total = try await store.countLoggedEvents(tenant: access.tenant.id, after: start, filter: filter)
        return Page(items: shown, cursors: shown.map { $0.cursor }, hasNextPage: events.count > size, hasPreviousPage: after != nil,
                    totalCount: total)
    }

    /// The sequence a cursor names, checked against the tenant and the log's bounds.
    private func resumePoint(_ access: TenantAccess, cursor: String) async throws -> Int {
        guard let (tenant, sequence) = EventCursor.decode(cursor) else {
            throw DomainError.badInput("`after` is not an event cursor this server gave out.")
        }
        guard tenant == access.tenant.id else {
            throw DomainError.badInput("`after` is a cursor of another tenant's events.")
        }
        let bounds = try await store.eventLogBounds(tenant: tenant)
        guard sequence <= bounds.head else { throw DomainError.badInput("`after` is not an event cursor this server gave out.") }
        guard sequence >= bounds.floor else {
            throw DomainError(.cursorExpired, "The events after this cursor are no longer kept (the log keeps them for a limited time); refetch the state by query and subscribe again without `after`.")
        }
        return sequence
    }

    // MARK: Changes

    /// Without `escalationPolicy`, the tenant's routing chooses one; LOW urgency never escalates.
    /// A policy of another tenant is NOT_FOUND.
    public func report(_ access: TenantAccess, title: String, description: String?, severity: Severity,
                       tags: [String]?, urgency: Urgency = .high, escalationPolicy: EscalationPolicyID? = nil) async throws -> Incident {
        try access.require(.responder, to: "report incidents")
        let now = Timestamp.now()
        let draft = Incident(
            id: .generate(), tenantID: access.tenant.id, number: 0,
            title: try InputRules.text(title, field: "title", maximum: 200),
            description: try InputRules.text(description ?? "", field: "description", maximum: 10_000, allowEmpty: true),
            severity: severity, status: .open, reporterID: access.actor.userID, assigneeID: nil,
            tags: try InputRules.tags(tags ?? []), createdAt: now, updatedAt: now, urgency: urgency)
        let entry = TimelineEntry(id: .generate(), tenantID: access.tenant.id, incidentID: draft.id, kind: .reported,
                                  actor: access.actor, at: now)
        let stored = try await store.insertIncident(draft, entry: entry,
                                                    audit: access.audit("incident.report", "Incident", draft.id.rawValue, at: now),
                                                    escalationPolicy: escalationPolicy)
        workAdded()
        for event in stored { await events.publish(event) }
        return stored[0].incident
    }

    public func acknowledge(_ access: TenantAccess, id: IncidentID) async throws -> Incident {
        try await change(access, id: id, kind: .acknowledged, action: "incident.acknowledge") { incident, now in
            guard incident.status == .open else {
                throw DomainError.conflict("Only an OPEN incident can be acknowledged; this one is \(incident.status.rawValue).")
            }
            incident.status = .acknowledged
            incident.acknowledgedAt = now
            if incident.firstAcknowledgedAt == nil { incident.firstAcknowledgedAt = now }
            return (nil, nil)
        }
    }

    /// Assigns the incident to a member of the tenant (a user of another tenant is NOT_FOUND).
    public func assign(_ access: TenantAccess, id: IncidentID, assigneeID: UserID) async throws -> Incident {
        try access.require(.responder, to: "assign incidents")
        guard try await store.membership(tenant: access.tenant.id, user: assigneeID) != nil else {
            throw DomainError.notFound("User")
        }
        return try await change(access, id: id, kind: .assigned, action: "incident.assign") { incident, _ in
            incident.assigneeID = assigneeID
            return (nil, assigneeID)
        }
    }

    public func comment(_ access: TenantAccess, id: IncidentID, body: String) async throws -> Incident {
        let body = try InputRules.text(body, field: "body", maximum: 10_000)
        return try await change(access, id: id, kind: .commented, action: "incident.comment") { _, _ in (body, nil) }
    }

    public func resolve(_ access: TenantAccess, id: IncidentID, resolution: String) async throws -> Incident {
        let resolution = try InputRules.text(resolution, field: "resolution", maximum: 10_000)
        return try await change(access, id: id, kind: .resolved, action: "incident.resolve") { incident, now in
            guard incident.status != .resolved else { throw DomainError.conflict("The incident is already RESOLVED.") }
            incident.status = .resolved
            incident.resolvedAt = now
            incident.resolution = resolution
            return (resolution, nil)
        }
    }

    public func reopen(_ access: TenantAccess, id: IncidentID) async throws -> Incident {
        try await change(access, id: id, kind: .reopened, action: "incident.reopen") { incident, _ in
            guard incident.status == .resolved else {
                throw DomainError.conflict("Only a RESOLVED incident can be reopened; this one is \(incident.status.rawValue).")
            }
            incident.status = .open
            incident.acknowledgedAt = nil
            incident.resolvedAt = nil
            incident.resolution = nil
            return (nil, nil)
        }
    }

    /// Reads the incident, applies `transition`, and writes the new state with its timeline and
    /// audit entries only if no one changed it meanwhile (retrying on a lost race, so the
    /// transition is always judged against the latest state). Then publishes the event.
    private func change(_ access: TenantAccess, id: IncidentID, kind: IncidentEventKind, action: String,
                        transition: (inout Incident, Timestamp) throws -> (message: String?, assignee: UserID?)) async throws -> Incident {
        try access.require(.responder, to: "change incidents")
        for _ in 0..<5 {
            let current = try await incident(access, id: id)
            let now = Timestamp.now()
            var next = current
            let details = try transition(&next, now)
            next.updatedAt = now
            next.version = current.version + 1
            let entry = TimelineEntry(id: .generate(), tenantID: access.tenant.id, incidentID: id, kind: kind,
                                      actor: access.actor, at: now, message: details.message, assigneeID: details.assignee)
            if let stored = try await store.updateIncident(next, expectedVersion: current.version, entry: entry,
                                                           audit: access.audit(action, "Incident", id.rawValue, at: now)) {
                workAdded()
                for event in stored { await events.publish(event) }
                return next
            }
        }
        throw DomainError.conflict("The incident is being changed by someone else; try again.")
    }
}
