import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/audit.graphql` and `Schema/cost.graphql`: the audit log and the cost budget.
extension ServiceResolvers {
    func auditLog(_ arguments: QueryAuditLogArguments, context: RequestContext,
                  selection: FieldSelection) async throws -> Connection<AuditEntry> {
        Connection(try await context.services.accounts.auditLog(try await context.tenantAccess(), first: arguments.first,
                                                                after: arguments.after))
    }

    func rateLimit(context: RequestContext, selection: FieldSelection) async throws -> CostBudgets.Standing {
        await context.budgetStanding()
    }

    func actor(of parents: [AuditEntry], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map { $0.actor?.userID }, context)
    }

    func tenant(of parents: [AuditEntry], context: RequestContext, selection: FieldSelection) async throws -> [Tenant?] {
        try await Self.tenants(parents.map(\.tenantID), context)
    }
}

/// The entry's fields under the names the schema gives them.
extension AuditEntry {
    var actorApiKeyId: APIKeyID? { actor?.apiKeyID }
    var targetId: String? { targetID }
    var requestId: String? { requestID }
}
