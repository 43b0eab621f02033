/// Escalation policies and routing (ADMIN edits, VIEWER reads) and the signed-in user's
/// notifications. Firing levels is the background worker's (`EscalationWorker`); this service
/// only writes the rules it follows.
public struct EscalationService: Sendable {
    public let store: any EscalationStore
    let members: any DomainStore
    let events: any IncidentEventBus
    public static let maximumPolicies = 100

    public init(store: any EscalationStore, members: any DomainStore, events: any IncidentEventBus) {
        self.store = store
        self.members = members
        self.events = events
    }

    // MARK: Policies

    public func policies(_ access: TenantAccess) async throws -> [EscalationPolicy] {
        try access.require(.viewer, to: "read escalation policies")
        return try await store.escalationPolicies(tenant: access.tenant.id)
    }

    /// NOT_FOUND for a policy of another tenant, as for one that does not exist.
    public func policy(_ access: TenantAccess, id: EscalationPolicyID) async throws -> EscalationPolicy {
        try access.require(.viewer, to: "read escalation policies")
        guard let policy = try await store.escalationPolicies(tenant: access.tenant.id, ids: [id])[id] else {
            throw DomainError.notFound("Escalation policy")
        }
        return policy
    }

    /// Policies by id for batched fields (of the caller's tenant only).
    public func policies(_ access: TenantAccess, ids: [EscalationPolicyID]) async throws -> [EscalationPolicyID: EscalationPolicy] {
        try access.require(.viewer, to: "read escalation policies")
        return try await store.escalationPolicies(tenant: access.tenant.id, ids: ids)
    }

    public func create(_ access: TenantAccess, name: String, levels: [(delaySeconds: Int, targets: [UserID])],
                       repeatCount: Int) async throws -> EscalationPolicy {
        try access.require(.admin, to: "manage escalation policies")
        guard try await store.escalationPolicies(tenant: access.tenant.id).count < Self.maximumPolicies else {
            throw DomainError.badInput("A tenant has at most \(Self.maximumPolicies) escalation policies; delete one first.")
        }
        let now = Timestamp.now()
        let policy = EscalationPolicy(id: .generate(), tenantID: access.tenant.id, name: try InputRules.text(name, field: "name", maximum: 100),
                                      levels: try await validLevels(access, levels), repeatCount: try Self.validRepeat(repeatCount),
                                      createdAt: now, updatedAt: now)
        try await store.insertEscalationPolicy(policy, audit: access.audit("escalationPolicy.create", "EscalationPolicy", policy.id.rawValue, at: now))
        return policy
    }

    public func update(_ access: TenantAccess, id: EscalationPolicyID, name: String, levels: [(delaySeconds: Int, targets: [UserID])],
                       repeatCount: Int) async throws -> EscalationPolicy {
        try access.require(.admin, to: "manage escalation policies")
        var policy = try await policy(access, id: id)
        policy.name = try InputRules.text(name, field: "name", maximum: 100)
        policy.levels = try await validLevels(access, levels)
        policy.repeatCount = try Self.validRepeat(repeatCount)
        policy.updatedAt = .now()
        guard let updated = try await store.updateEscalationPolicy(
            policy, audit: access.audit("escalationPolicy.update", "EscalationPolicy", id.rawValue, at: policy.updatedAt)) else {
            throw DomainError.notFound("Escalation policy")
        }
        return updated
    }

    public func delete(_ access: TenantAccess, id: EscalationPolicyID) async throws -> Bool {
        try access.require(.admin, to: "manage escalation policies")
        let now = Timestamp.now()
        guard try await store.deleteEscalationPolicy(tenant: access.tenant.id, id: id, at: now,
                                                     audit: access.audit("escalationPolicy.delete", "EscalationPolicy", id.rawValue, at: now)) else {
            throw DomainError.notFound("Escalation policy")
        }
        return true
    }

    // MARK: Routing

    public func routing(_ access: TenantAccess) async throws -> EscalationRouting {
        try access.require(.viewer, to: "read escalation routing")
        let routes = try await store.escalationRoutes(tenant: access.tenant.id)
        let policies = try await store.escalationPolicies(tenant: access.tenant.id, ids: Array(routes.values))
        return EscalationRouting(
            defaultPolicy: routes["*"].flatMap { policies[$0] },
            bySeverity: Severity.allCases.compactMap { severity in
                routes[severity.rawValue].flatMap { policies[$0] }.map { SeverityRoute(severity: severity, policy: $0) }
            })
    }

    public func setRouting(_ access: TenantAccess, defaultPolicy: EscalationPolicyID?,
                           bySeverity: [(severity: Severity, policy: EscalationPolicyID)]) async throws -> EscalationRouting {
        try access.require(.admin, to: "manage escalation routing")
        var routes: [String: EscalationPolicyID] = [:]
        if let defaultPolicy { routes["*"] = defaultPolicy }
        for route in bySeverity {
            guard routes[route.severity.rawValue] == nil else {
                throw DomainError.badInput("`bySeverity` names \(route.severity.rawValue) twice; give each severity at most one route.")
            }
            routes[route.severity.rawValue] = route.policy
        }
        let known = try await store.escalationPolicies(tenant: access.tenant.id, ids: Array(routes.values))
        if routes.values.contains(where: { known[$0] == nil }) { throw DomainError.notFound("Escalation policy") }
        try await store.replaceEscalationRoutes(tenant: access.tenant.id, routes: routes,
                                                audit: access.audit("escalationRouting.set", "Tenant", access.tenant.id.rawValue, at: .now()))
        return try await routing(access)
    }

    /// Where each incident's escalation stands (for batched `Incident.escalation`).
    public func escalations(_ access: TenantAccess, incidents: [IncidentID]) async throws -> [IncidentID: IncidentEscalation] {
        try access.require(.viewer, to: "read incidents")
        return try await store.incidentEscalations(tenant: access.tenant.id, incidents: incidents)
    }

    // MARK: Notifications

    public func notifications(_ access: TenantAccess, unreadOnly: Bool, first: Int?, after: String?) async throws -> Page<UserNotification> {
        let user = try Self.signedInUser(access)
        return try await store.notifications(tenant: access.tenant.id, user: user, unreadOnly: unreadOnly,
                                             first: try Paging.size(first), after: after)
    }

    /// NOT_FOUND unless every id is one of the caller's notifications in this tenant.
    public func markRead(_ access: TenantAccess, ids: [NotificationID]) async throws -> [UserNotification] {
        let user = try Self.signedInUser(access)
        guard ids.count <= Paging.maximumSize else { throw DomainError.badInput("Mark at most \(Paging.maximumSize) notifications at once.") }
        return try await store.markNotificationsRead(tenant: access.tenant.id, user: user, ids: ids, at: .now())
    }

    /// The caller's notifications as escalations create them, on any instance: each ESCALATED
    /// event of the tenant prompts a read of the caller's notifications after the last event
    /// sequence seen, so a missed or late event delays a notification but never loses it.
    public func liveNotifications(_ access: TenantAccess) async throws -> some AsyncSequence<UserNotification, any Error> & Sendable {
        let user = try Self.signedInUser(access)
        let live = events.subscribe(tenant: access.tenant.id)
        let start = try await members.eventLogBounds(tenant: access.tenant.id).head
        return LiveNotifications(store: store, tenant: access.tenant.id, user: user, live: live, start: start)
    }

    private static func signedInUser(_ access: TenantAccess) throws -> UserID {
        guard let user = access.actor.userID else {
            throw DomainError.forbidden("Notifications belong to users; API keys have none.")
        }
        return user
    }

    private func validLevels(_ access: TenantAccess, _ levels: [(delaySeconds: Int, targets: [UserID])]) async throws -> [EscalationLevel] {
        guard (1...EscalationPolicy.maximumLevels).contains(levels.count) else {
            throw DomainError.badInput("`levels` must have 1 to \(EscalationPolicy.maximumLevels) levels; it has \(levels.count).")
        }
        let memberIDs = Set(try await members.members(of: access.tenant.id).map(\.userID))
        return try levels.enumerated().map { index, level in
            let position = index + 1
            guard EscalationPolicy.delayRange.contains(level.delaySeconds) else {
                throw DomainError.badInput("Level \(position): `delaySeconds` must be between 1 and 86400; it is \(level.delaySeconds).")
            }
            guard (1...EscalationPolicy.maximumTargets).contains(level.targets.count) else {
                throw DomainError.badInput("Level \(position): `targetUserIds` must name 1 to \(EscalationPolicy.maximumTargets) users; it names \(level.targets.count).")
            }
            guard Set(level.targets).count == level.targets.count else {
                throw DomainError.badInput("Level \(position): `targetUserIds` names a user twice.")
            }
            if let stranger = level.targets.first(where: { !memberIDs.contains($0) }) {
                throw DomainError.badInput("Level \(position): user \(stranger.rawValue) is not a member of tenant '\(access.tenant.slug)'.")
            }
            return EscalationLevel(position: position, delaySeconds: level.delaySeconds, targets: level.targets.map(EscalationTarget.init))
        }
    }

    private static func validRepeat(_ count: Int) throws -> Int {
        guard EscalationPolicy.repeatRange.contains(count) else {
            throw DomainError.badInput("`repeatCount` must be between 0 and 9; it is \(count).")
        }
        return count
    }
}

/// One user's new notifications, read from the store whenever the tenant's event stream shows
/// an escalation (pulled as the subscriber asks).
struct LiveNotifications: AsyncSequence, Sendable {
    typealias Element = UserNotification

    let store: any EscalationStore
    let tenant: TenantID
    let user: UserID
    let live: AsyncStream<IncidentEvent>
    let start: Int

    func makeAsyncIterator() -> Iterator { Iterator(source: self, live: live.makeAsyncIterator(), last: start) }

    struct Iterator: AsyncIteratorProtocol {
        let source: LiveNotifications
        var live: AsyncStream<IncidentEvent>.Iterator
        var last: Int
        var ready: [UserNotification] = []

        mutating func next() async throws -> UserNotification? {
            while ready.isEmpty {
                guard let event = await live.next() else { return nil }
                guard event.entry.kind == .escalated, event.sequence > last else { continue }
                ready = try await source.store.notifications(tenant: source.tenant, user: source.user, afterSequence: last, limit: 100)
                if let newest = ready.last?.eventSequence { last = newest }
            }
            return ready.removeFirst()
        }
    }
}
