import LanternDomain
import LanternExecution
import LanternHTTP
import Synchronization

/// Everything one request (or one WebSocket connection) acts with: the checked credential and
/// the requested tenant, worked out once and shared by every resolver.
public final class RequestContext: Sendable {
    public let services: Services
    public let principal: Principal?
    /// Why the credential sent was refused, if one was sent and refused.
    public let authenticationFailure: DomainError?
    public let tenantSlug: String?
    public let origin: RequestOrigin
    /// The scheme and authority the client reached this server at (for links it is given).
    public let baseURL: String
    /// The `Last-Event-ID` a reconnecting Server-Sent Events client sent (the cursor it resumes after).
    public let lastEventID: String?
    /// The files of a GraphQL multipart request, by the token its variables hold.
    public let uploads: [String: UploadedFile]
    /// When the access token this context was built from expires (nil for API keys and anonymous).
    public let credentialExpiresAt: Timestamp?
    private let access: AccessMemo
    /// The budget this request was charged to, after the charge (for `RateLimit-*` headers).
    private let charged = Mutex<CostBudgets.Standing?>(nil)

    init(services: Services, principal: Principal?, authenticationFailure: DomainError?, tenantSlug: String?,
         origin: RequestOrigin, credentialExpiresAt: Timestamp? = nil, uploads: [String: UploadedFile] = [:],
         baseURL: String = "http://127.0.0.1", lastEventID: String? = nil) {
        self.services = services
        self.baseURL = baseURL
        self.lastEventID = lastEventID
        self.uploads = uploads
        self.credentialExpiresAt = credentialExpiresAt
        self.principal = principal
        self.authenticationFailure = authenticationFailure
        self.tenantSlug = tenantSlug
        self.origin = origin
        let access = AccessMemo(services: services, principal: principal, failure: authenticationFailure,
                                tenantSlug: tenantSlug, origin: origin)
        self.access = access
    }

    /// The principal, or the reason there is none.
    func requirePrincipal() throws -> Principal {
        if let principal { return principal }
        throw authenticationFailure ?? DomainError.unauthenticated()
    }

    /// The budgets this request's operations are charged to: the tenant's (and the API key's
    /// own), else the signed-in user's when no tenant is selected, else the client address's.
    private func budgetOwners() async -> [(CostBudgets.Owner, Int?)] {
        switch principal {
        case nil:
            return [(.address(origin.clientAddress ?? "unknown"), nil)]
        case .apiKey(let key)?:
            let tenantBudget = (try? await tenantAccess())?.tenant.costBudget
            return [(.tenant(key.tenantID), tenantBudget), (.apiKey(key.id), nil)]
        case .user(let user, _)?:
            if let access = try? await tenantAccess() { return [(.tenant(access.tenant.id), access.tenant.costBudget)] }
            return [(.user(user.id), nil)]
        }
    }

    /// Charges an operation's cost before it runs; RATE_LIMITED (with `retryAfterSeconds`) when
    /// the budget cannot cover it.
    /// Refuses a document the tenant's mode (with the server's) does not allow. The server's own
    /// mode binds everyone (the HTTP layer refuses before parsing, too); an OWNER's API key may
    /// send any document its tenant's stricter mode would refuse, when the server says so (an
    /// exemption from the server's mode would be anyone's: anyone may create a tenant and own it).
    func admitDocument(_ origin: DocumentOrigin, ownerKeysExempt: Bool) async throws {
        let arrival: DocumentMode.Arrival = switch origin {
        case .text: .text
        case .persisted: .persisted
        case .trusted: .trusted
        }
        if arrival == .trusted { return }
        let policy = services.documentPolicy
        if let refusal = policy.serverMode.refusal(of: arrival, scope: "server") { throw refusal }
        var tenant: TenantID?
        if case .apiKey(let key)? = principal {
            if ownerKeysExempt && key.role == .owner { return }
            tenant = key.tenantID
        } else if principal != nil, !policy.modes.isEmpty {
            // Only when some tenant has a mode of its own: otherwise the server's decides.
            tenant = (try? await tenantAccess())?.tenant.id
        }
        if let refusal = policy.effectiveMode(tenant: tenant).refusal(of: arrival) { throw refusal }
    }

    func charge(cost: Double) async throws {
        let standing = try services.budgets.charge(cost, to: await budgetOwners())
        charged.withLock { $0 = standing }
    }

    /// Where this request's budget stands (after its own charge, when it was charged).
    func budgetStanding() async -> CostBudgets.Standing {
        if let standing = charged.withLock({ $0 }) { return standing }
        return services.budgets.standing(of: await budgetOwners())
    }

    /// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) for the response.
    public var rateLimitHeaders: [(String, String)] {
        guard let standing = charged.withLock({ $0 }) else { return [] }
        return [("RateLimit-Limit", String(standing.limit)), ("RateLimit-Remaining", String(standing.remaining)),
                ("RateLimit-Reset", String(standing.secondsUntilReset(from: .now())))]
    }

    /// Subscribers whose contexts have the same key share one execution per event (see
    /// `GraphQLEngine`): the same session or API key in the same tenant sees the same results.
    /// Anonymous subscribers are never shared.
    public var subscriptionSharingKey: String? {
        switch principal {
        case .user(let user, let session)?: return "user \(user.id) \(session) \(tenantSlug ?? "")"
        case .apiKey(let key)?: return "key \(key.id) \(tenantSlug ?? "")"
        case nil: return nil
        }
    }

    /// Returns when this context's credential ends: its session or API key revoked on any
    /// instance, or its access token expired; nil when cancelled first or anonymous.
    public func credentialEnded() async -> CredentialEnd? {
        let watched: [RevokedCredential]
        switch principal {
        case nil: return nil
        case .user(let user, let session)?: watched = [.session(session), .memberships(user.id)]
        case .apiKey(let key)?: watched = [.apiKey(key.id)]
        }
        let bus = services.accounts.revocations, expiresAt = credentialExpiresAt
        return await withTaskGroup(of: CredentialEnd?.self) { group in
            for credential in watched {
                let revocations = bus.watch(credential)
                group.addTask {
                    for await _ in revocations { return .revoked }
                    return nil
                }
            }
            if let expiresAt {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(max(0, expiresAt.milliseconds - Timestamp.now().milliseconds)))
                    return Task.isCancelled ? nil : .expired
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The tenant this request acts in and the caller's role there, worked out once per request.
    func tenantAccess() async throws -> TenantAccess { try await access.value() }
}

/// The request's tenant access, worked out on first use and shared by every resolver.
final class AccessMemo: Sendable {
    private let services: Services
    private let principal: Principal?
    private let failure: DomainError?
    private let tenantSlug: String?
    private let origin: RequestOrigin
    private let task = Mutex<Task<TenantAccess, any Error>?>(nil)

    init(services: Services, principal: Principal?, failure: DomainError?, tenantSlug: String?, origin: RequestOrigin) {
        self.services = services
        self.principal = principal
        self.failure = failure
        self.tenantSlug = tenantSlug
        self.origin = origin
    }

    func value() async throws -> TenantAccess {
        guard let principal else { throw failure ?? DomainError.unauthenticated() }
        let running = task.withLock { task in
            if let task { return task }
            let services = services, slug = tenantSlug, origin = origin
            let created = Task { try await services.accounts.access(principal, tenantSlug: slug, origin: origin) }
            task = created
            return created
        }
        return try await running.value
    }
}

/// The services a context reaches.
public struct Services: Sendable {
    public let store: any DomainStore
    public let accounts: AccountService
    public let incidents: IncidentService
    public let documents: DocumentService
    public let dashboards: DashboardService
    public let exports: ExportService
    public let escalations: EscalationService
    public let webhooks: WebhookService
    public let retention: RetentionService
    public let budgets: CostBudgets
    public let documentPolicy: DocumentPolicyService
    /// The trusted documents the HTTP layer resolves ids against (`lantern trust`).
    public let trustedDocuments: TrustedDocumentRegistry

    public init(store: any DomainStore, accounts: AccountService, incidents: IncidentService, documents: DocumentService,
                dashboards: DashboardService, exports: ExportService, escalations: EscalationService, webhooks: WebhookService,
                retention: RetentionService, budgets: CostBudgets = CostBudgets(), documentPolicy: DocumentPolicyService,
                trustedDocuments: TrustedDocumentRegistry) {
        self.retention = retention
        self.documentPolicy = documentPolicy
        self.trustedDocuments = trustedDocuments
        self.escalations = escalations
        self.webhooks = webhooks
        self.store = store
        self.accounts = accounts
        self.incidents = incidents
        self.documents = documents
        self.dashboards = dashboards
        self.exports = exports
        self.budgets = budgets
    }
}
