/// Who is making a request, once their credentials have been checked.
public enum Principal: Sendable, Hashable {
    /// A signed-in user, through an access token of a live session.
    case user(User, session: SessionID)
    /// An API key, bound to its tenant and role.
    case apiKey(APIKey)

    public var actor: Actor {
        switch self {
        case .user(let user, _): .user(user.id)
        case .apiKey(let key): .apiKey(key.id)
        }
    }
}

/// Where a request came from, for audit entries and rate limits.
public struct RequestOrigin: Sendable, Hashable {
    public var requestID: String?
    public var clientAddress: String?

    public init(requestID: String?, clientAddress: String?) {
        self.requestID = requestID
        self.clientAddress = clientAddress
    }
}

/// A principal acting within one tenant with one role: what every tenant-scoped operation takes,
/// so the tenant of a store call always comes from the request, never from the input.
public struct TenantAccess: Sendable, Hashable {
    public let tenant: Tenant
    public let role: Role
    public let actor: Actor
    public let origin: RequestOrigin

    public init(tenant: Tenant, role: Role, actor: Actor, origin: RequestOrigin) {
        self.tenant = tenant
        self.role = role
        self.actor = actor
        self.origin = origin
    }

    /// Throws FORBIDDEN unless the role is at least `minimum`.
    public func require(_ minimum: Role, to action: String) throws(DomainError) {
        guard role >= minimum else {
            throw .forbidden("Your role \(role.rawValue) in tenant '\(tenant.slug)' cannot \(action); it needs \(minimum.rawValue) or higher.")
        }
    }

    func audit(_ action: String, _ targetType: String, _ targetID: String?, at: Timestamp) -> AuditEntry {
        AuditEntry(tenantID: tenant.id, actor: actor, action: action, targetType: targetType, targetID: targetID,
                   at: at, requestID: origin.requestID)
    }
}

/// Page-size and cursor rules shared by every list.
public enum Paging {
    public static let defaultSize = 20
    public static let maximumSize = 100

    public static func size(_ first: Int?) throws(DomainError) -> Int {
        guard let first else { return defaultSize }
        guard first >= 0 else { throw .badInput("`first` must not be negative.") }
        guard first <= maximumSize else { throw .badInput("`first` must be at most \(maximumSize).") }
        return first
    }
}
