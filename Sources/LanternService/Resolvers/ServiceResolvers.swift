import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// The incident service's implementation of the resolver protocols generated from
/// `Schema/*.graphql`, one extension per SDL file. Root fields call the domain services; entity
/// fields are read from the bound domain types by the generated dispatch; fields that name other
/// entities are batched per level of the query.
struct ServiceResolvers: SchemaResolvers {
    /// Users by id, in one query, for batched fields: one value per id asked, in order.
    static func users(_ ids: [UserID?], _ context: RequestContext) async throws -> [User?] {
        let wanted = Array(Set(ids.compactMap { $0 }))
        let found = wanted.isEmpty ? [:] : try await context.services.store.users(ids: wanted)
        return ids.map { $0.flatMap { found[$0] } }
    }

    static func tenants(_ ids: [TenantID?], _ context: RequestContext) async throws -> [Tenant?] {
        let wanted = Array(Set(ids.compactMap { $0 }))
        let found = wanted.isEmpty ? [:] : try await context.services.store.tenants(ids: wanted)
        return ids.map { $0.flatMap { found[$0] } }
    }
}

extension Connection {
    /// A domain page as a Relay connection.
    init(_ page: Page<Node>) {
        self.init(nodes: page.items, cursors: page.cursors, hasNextPage: page.hasNextPage,
                  hasPreviousPage: page.hasPreviousPage, totalCount: page.totalCount)
    }
}
