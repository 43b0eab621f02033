import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/escalation.graphql`: escalation policies, routing, incidents' escalation state and
/// the signed-in user's notifications.
extension ServiceResolvers {
    func escalationPolicies(context: RequestContext, selection: FieldSelection) async throws -> [EscalationPolicy] {
        try await context.services.escalations.policies(try await context.tenantAccess())
    }

    func escalationPolicy(_ arguments: QueryEscalationPolicyArguments, context: RequestContext,
                          selection: FieldSelection) async throws -> EscalationPolicy? {
        try await context.services.escalations.policy(try await context.tenantAccess(), id: arguments.id)
    }

    func escalationRouting(context: RequestContext, selection: FieldSelection) async throws -> EscalationRouting {
        try await context.services.escalations.routing(try await context.tenantAccess())
    }

    func notifications(_ arguments: QueryNotificationsArguments, context: RequestContext,
                       selection: FieldSelection) async throws -> Connection<UserNotification> {
        Connection(try await context.services.escalations.notifications(try await context.tenantAccess(), unreadOnly: arguments.unreadOnly ?? false,
                                                                        first: arguments.first, after: arguments.after))
    }

    func createEscalationPolicy(_ arguments: MutationCreateEscalationPolicyArguments, context: RequestContext,
                                selection: FieldSelection) async throws -> EscalationPolicy {
        let input = arguments.input
        return try await context.services.escalations.create(try await context.tenantAccess(), name: input.name, levels: Self.levels(input),
                                                             repeatCount: input.repeatCount ?? 0)
    }

    func updateEscalationPolicy(_ arguments: MutationUpdateEscalationPolicyArguments, context: RequestContext,
                                selection: FieldSelection) async throws -> EscalationPolicy {
        let input = arguments.input
        return try await context.services.escalations.update(try await context.tenantAccess(), id: arguments.id, name: input.name,
                                                             levels: Self.levels(input), repeatCount: input.repeatCount ?? 0)
    }

    func deleteEscalationPolicy(_ arguments: MutationDeleteEscalationPolicyArguments, context: RequestContext,
                                selection: FieldSelection) async throws -> Bool {
        try await context.services.escalations.delete(try await context.tenantAccess(), id: arguments.id)
    }

    func setEscalationRouting(_ arguments: MutationSetEscalationRoutingArguments, context: RequestContext,
                              selection: FieldSelection) async throws -> EscalationRouting {
        let input = arguments.input
        return try await context.services.escalations.setRouting(try await context.tenantAccess(), defaultPolicy: input.defaultPolicyId,
                                                                 bySeverity: (input.bySeverity ?? []).map { ($0.severity, $0.policyId) })
    }

    func markNotificationsRead(_ arguments: MutationMarkNotificationsReadArguments, context: RequestContext,
                               selection: FieldSelection) async throws -> [UserNotification] {
        try await context.services.escalations.markRead(try await context.tenantAccess(), ids: arguments.ids)
    }

    func myNotifications(context: RequestContext, selection: FieldSelection) async throws -> AsyncThrowingStream<UserNotification, any Error> {
        Self.relay(try await context.services.escalations.liveNotifications(try await context.tenantAccess()))
    }

    private static func levels(_ input: EscalationPolicyInput) -> [(delaySeconds: Int, targets: [UserID])] {
        input.levels.map { ($0.delaySeconds, $0.targetUserIds) }
    }

    // MARK: Incident, IncidentEscalation, EscalationTarget, Notification

    func escalation(of parents: [Incident], context: RequestContext, selection: FieldSelection) async throws -> [IncidentEscalation?] {
        let escalations = try await context.services.escalations.escalations(try await context.tenantAccess(), incidents: parents.map(\.id))
        return parents.map { escalations[$0.id] }
    }

    func policy(of parents: [IncidentEscalation], context: RequestContext, selection: FieldSelection) async throws -> [EscalationPolicy?] {
        let ids = Array(Set(parents.compactMap(\.policyID)))
        let policies = ids.isEmpty ? [:] : try await context.services.escalations.policies(try await context.tenantAccess(), ids: ids)
        return parents.map { $0.policyID.flatMap { policies[$0] } }
    }

    /// Null for a target who has left the tenant: members only see the tenant's own members.
    func user(of parents: [EscalationTarget], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        let access = try await context.tenantAccess()
        let members = Set(try await context.services.store.members(of: access.tenant.id).map(\.userID))
        return try await Self.users(parents.map { members.contains($0.userID) ? $0.userID : nil }, context)
    }

    func incident(of parents: [UserNotification], context: RequestContext, selection: FieldSelection) async throws -> [Incident] {
        let access = try await context.tenantAccess()
        let incidents = try await context.services.store.incidents(tenant: access.tenant.id, ids: parents.map(\.incidentID))
        return try parents.map { notification in
            guard let incident = incidents[notification.incidentID] else { throw DomainError.notFound("Incident") }
            return incident
        }
    }
}
