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
        try await lookUp(ids, context.services.store.users(ids:))
    }

    static func tenants(_ ids: [TenantID?], _ context: RequestContext) async throws -> [Tenant?] {
        try await lookUp(ids, context.services.store.tenants(ids:))
    }

    /// Each id's entity (nil for a nil or unknown id), loading the distinct ids in one call.
    private static func lookUp<Key: Hashable & Sendable, Value>(
        _ ids: [Key?], _ load: ([Key]) async throws -> [Key: Value]
    ) async throws -> [Value?] {
        let wanted = Array(Set(ids.compactMap { $0 }))
        let found = wanted.isEmpty ? [:] : try await load(wanted)
        return ids.map { $0.flatMap { found[$0] } }
    }

    /// A domain event stream as a subscription's stream: it ends when the domain's does, stops
    /// the domain's when the subscriber leaves, and is pulled an event at a time.
    static func relay<Events: AsyncSequence & Sendable>(_ events: Events) -> AsyncThrowingStream<Events.Element, any Error>
        where Events.Element: Sendable {
        let iterator = PulledEvents(events.makeAsyncIterator())
        return AsyncThrowingStream { try await iterator.next() }
    }
}

extension Connection {
    /// A domain page as a Relay connection.
    init(_ page: Page<Node>) {
        self.init(nodes: page.items, cursors: page.cursors, hasNextPage: page.hasNextPage,
                  hasPreviousPage: page.hasPreviousPage, totalCount: page.totalCount)
    }
}
