import LanternDomain
import LanternExecution
import Synchronization

/// Everything one request (or one WebSocket connection) acts with: the checked credential, the
/// requested tenant, and per-request loaders that batch entity reads across a level of the query.
public final class RequestContext: Sendable {
    public let services: Services
    public let principal: Principal?
    /// Why the credential sent was refused, if one was sent and refused.
    public let authenticationFailure: DomainError?
    public let tenantSlug: String?
    public let origin: RequestOrigin
    let users: BatchLoader<UserID, User>
    let tenants: BatchLoader<TenantID, Tenant>
    private let access = Mutex<Task<TenantAccess, any Error>?>(nil)

    init(services: Services, principal: Principal?, authenticationFailure: DomainError?, tenantSlug: String?,
         origin: RequestOrigin) {
        self.services = services
        self.principal = principal
        self.authenticationFailure = authenticationFailure
        self.tenantSlug = tenantSlug
        self.origin = origin
        let store = services.store
        users = BatchLoader { ids in try await store.users(ids: ids) }
        tenants = BatchLoader { ids in try await store.tenants(ids: ids) }
    }

    /// The principal, or the reason there is none.
    func requirePrincipal() throws -> Principal {
        if let principal { return principal }
        throw authenticationFailure ?? DomainError.unauthenticated()
    }

    /// The tenant this request acts in and the caller's role there, worked out once per request.
    func tenantAccess() async throws -> TenantAccess {
        let principal = try requirePrincipal()
        let task = access.withLock { access in
            if let access { return access }
            let services = services, slug = tenantSlug, origin = origin
            let task = Task { try await services.accounts.access(principal, tenantSlug: slug, origin: origin) }
            access = task
            return task
        }
        return try await task.value
    }

    /// The user with `id` as a resolution: synchronous once loaded, batched otherwise.
    func user(_ id: UserID?) -> Resolution<APIValue> {
        guard let id else { return .value(.null) }
        if let cached = users.cached(id) { return .value(cached.map(APIValue.user) ?? .null) }
        let load = users.enqueue(id)
        return .pending { try await load().map(APIValue.user) ?? .null }
    }

    func tenant(_ id: TenantID?) -> Resolution<APIValue> {
        guard let id else { return .value(.null) }
        if let cached = tenants.cached(id) { return .value(cached.map(APIValue.tenant) ?? .null) }
        let load = tenants.enqueue(id)
        return .pending { try await load().map(APIValue.tenant) ?? .null }
    }
}

/// The services a context reaches.
public struct Services: Sendable {
    public let store: any DomainStore
    public let accounts: AccountService
    public let incidents: IncidentService

    public init(store: any DomainStore, accounts: AccountService, incidents: IncidentService) {
        self.store = store
        self.accounts = accounts
        self.incidents = incidents
    }
}
