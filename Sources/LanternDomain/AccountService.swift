import Synchronization

/// Tokens handed to a client that signed up, signed in or refreshed.
public struct AuthResult: Sendable {
    public var accessToken: String
    public var refreshToken: String
    public var expiresAt: Timestamp
    public var user: User
}

/// An API key as created: the secret, shown this once, and the stored key.
public struct CreatedAPIKey: Sendable {
    public var secret: String
    public var key: APIKey
}

/// Identity and tenancy: accounts, sessions, tenants, members and API keys.
public struct AccountService: Sendable {
    public let store: any DomainStore
    public let tokens: AccessTokens
    public let hasher: PasswordHasher
    public let limiter: SignInRateLimiter
    /// The threads password hashing runs on.
    public let passwordWork: PasswordWork
    /// A hash with the current parameters, checked when an email is unknown so that signing in
    /// to an account that does not exist takes as long as to one that does.
    private let decoyHash: DecoyHash
    /// Where ended sessions and revoked keys are announced to open connections.
    public let revocations: any RevocationBus
    /// How long a refresh token (and so a session) lives without being used.
    public var refreshLifetimeSeconds = 30 * 24 * 3600

    public init(store: any DomainStore, tokens: AccessTokens, hasher: PasswordHasher = PasswordHasher(),
                limiter: SignInRateLimiter = SignInRateLimiter(), revocations: any RevocationBus = LocalRevocations(),
                passwordWork: PasswordWork = PasswordWork()) {
        self.store = store
        self.tokens = tokens
        self.hasher = hasher
        self.limiter = limiter
        self.revocations = revocations
        self.passwordWork = passwordWork
        self.decoyHash = DecoyHash()
    }

    // MARK: Sessions

    public func signUp(email: String, password: String, name: String, origin: RequestOrigin) async throws -> AuthResult {
        let email = try InputRules.email(email)
        let password = try InputRules.password(password)
        let name = try InputRules.text(name, field: "name", maximum: 200)
        let now = Timestamp.now()
        let user = User(id: .generate(), email: email, name: name, createdAt: now)
        // Refused before the expensive hash; the unique index still decides a race.
        if try await store.userCredentials(email: email) != nil {
            throw DomainError.conflict("An account with this email already exists.")
        }
        let hasher = hasher
        let passwordHash = try await passwordWork.run { try hasher.hash(password) }
        try await store.insertUser(user, passwordHash: passwordHash,
                                   audit: AuditEntry(tenantID: nil, actor: .user(user.id), action: "user.signUp",
                                                     targetType: "User", targetID: user.id.rawValue, at: now,
                                                     requestID: origin.requestID))
        // The session (and its access token's lifetime) starts now, not before the hash, which can
        // wait its turn for seconds under load.
        return try await startSession(for: user, action: "session.start", origin: origin, now: .now())
    }

    public func signIn(email rawEmail: String, password: String, origin: RequestOrigin) async throws -> AuthResult {
        let email = rawEmail.trimmingWhitespace().lowercased()
        let now = Timestamp.now()
        // Counted as a failure before the hash is checked, so parallel guesses cannot outrun the limit.
        let reservation = try limiter.reserve(email: email, address: origin.clientAddress, now: now)
        let credentials = try await store.userCredentials(email: email)
        let hasher = hasher
        let stored: String
        if let credentials { stored = credentials.passwordHash } else { stored = try await decoyHash.value(hasher, on: passwordWork) }
        let matches = try await passwordWork.run { hasher.verify(password, against: stored) }
        guard let (user, hash) = credentials, matches else {
            limiter.failed(reservation, at: .now())
            throw DomainError.unauthenticated("The email or password is wrong.")
        }
        limiter.succeeded(reservation)
        if hasher.needsUpgrade(hash) {
            // The password is known now: store it again with the current parameters.
            let upgraded = try await passwordWork.run { try hasher.hash(password) }
            try await store.updatePasswordHash(user.id, to: upgraded)
        }
        return try await startSession(for: user, action: "session.signIn", origin: origin, now: .now())
    }

    /// Trades a refresh token for new tokens; the old refresh token stops working.
    public func refresh(refreshToken: String, origin: RequestOrigin) async throws -> AuthResult {
        let now = Timestamp.now()
        let oldHash = SecureRandom.digest(refreshToken)
        guard let session = try await store.session(refreshHash: oldHash) else {
            if let family = try await store.session(retiredRefreshHash: oldHash), family.revokedAt == nil {
                // A rotated token came back: whoever holds the current one may be a thief. End the
                // whole family (the session, its refresh token and its access tokens).
                try await store.revokeSession(family.id, at: now, audit: AuditEntry(
                    tenantID: nil, actor: .user(family.userID), action: "session.refreshReuse", targetType: "Session",
                    targetID: family.id.rawValue, at: now, requestID: origin.requestID))
                await revocations.publish(.session(family.id))
            }
            throw DomainError.unauthenticated("The refresh token is invalid, expired or already used.")
        }
        guard session.revokedAt == nil, session.expiresAt > now,
              let user = try await store.users(ids: [session.userID])[session.userID] else {
            throw DomainError.unauthenticated("The refresh token is invalid, expired or already used.")
        }
        let newToken = SecureRandom.token()
        let rotated = try await store.rotateSession(
            session.id, from: oldHash, to: SecureRandom.digest(newToken), expiresAt: now.adding(seconds: refreshLifetimeSeconds),
            audit: AuditEntry(tenantID: nil, actor: .user(user.id), action: "session.refresh", targetType: "Session",
                              targetID: session.id.rawValue, at: now, requestID: origin.requestID))
        guard rotated else { throw DomainError.unauthenticated("The refresh token is invalid, expired or already used.") }
        let access = try await tokens.issue(user: user.id, session: session.id, now: now)
        return AuthResult(accessToken: access.token, refreshToken: newToken, expiresAt: access.expiresAt, user: user)
    }

    /// Ends the caller's session: its refresh token and its access tokens stop working.
    public func signOut(_ principal: Principal?, origin: RequestOrigin) async throws -> Bool {
        let (user, session) = try Self.signedInUser(principal, to: "sign out (they have no session to end)")
        let now = Timestamp.now()
        try await store.revokeSession(session, at: now, audit: AuditEntry(
            tenantID: nil, actor: .user(user.id), action: "session.signOut", targetType: "Session",
            targetID: session.rawValue, at: now, requestID: origin.requestID))
        await revocations.publish(.session(session))
        return true
    }

    /// Ends every session of the signed-in user, this one included.
    public func signOutEverywhere(_ principal: Principal?, origin: RequestOrigin) async throws -> Bool {
        let (user, _) = try Self.signedInUser(principal, to: "sign out everywhere")
        let now = Timestamp.now()
        let ended = try await store.revokeSessions(of: user.id, except: nil, at: now, audit: AuditEntry(
            tenantID: nil, actor: .user(user.id), action: "session.signOutEverywhere", targetType: "User",
            targetID: user.id.rawValue, at: now, requestID: origin.requestID))
        for session in ended { await revocations.publish(.session(session)) }
        return true
    }

    /// Replaces the password after checking the current one, and ends every other session.
    public func changePassword(_ principal: Principal?, current: String, new: String, origin: RequestOrigin) async throws -> Bool {
        let (user, session) = try Self.signedInUser(principal, to: "change a password")
        let new = try InputRules.password(new)
        let now = Timestamp.now()
        let reservation = try limiter.reserve(email: user.email, address: origin.clientAddress, now: now)
        guard let (_, stored) = try await store.userCredentials(email: user.email) else { throw DomainError.unauthenticated() }
        let hasher = hasher
        guard try await passwordWork.run({ hasher.verify(current, against: stored) }) else {
            limiter.failed(reservation, at: .now())
            throw DomainError.unauthenticated("The current password is wrong.")
        }
        limiter.succeeded(reservation)
        let replacement = try await passwordWork.run { try hasher.hash(new) }
        try await store.updatePasswordHash(user.id, to: replacement)
        let ended = try await store.revokeSessions(of: user.id, except: session, at: now, audit: AuditEntry(
            tenantID: nil, actor: .user(user.id), action: "user.changePassword", targetType: "User",
            targetID: user.id.rawValue, at: now, requestID: origin.requestID))
        for ended in ended { await revocations.publish(.session(ended)) }
        return true
    }

    private static func signedInUser(_ principal: Principal?, to action: String) throws -> (User, SessionID) {
        guard case .user(let user, let session)? = principal else {
            throw principal == nil ? DomainError.unauthenticated() : DomainError.forbidden("API keys cannot \(action).")
        }
        return (user, session)
    }

    private func startSession(for user: User, action: String, origin: RequestOrigin, now: Timestamp) async throws -> AuthResult {
        let refreshToken = SecureRandom.token()
        let session = Session(id: .generate(), userID: user.id, createdAt: now, expiresAt: now.adding(seconds: refreshLifetimeSeconds))
        try await store.insertSession(session, refreshHash: SecureRandom.digest(refreshToken), audit: AuditEntry(
            tenantID: nil, actor: .user(user.id), action: action, targetType: "Session", targetID: session.id.rawValue,
            at: now, requestID: origin.requestID))
        let access = try await tokens.issue(user: user.id, session: session.id, now: now)
        return AuthResult(accessToken: access.token, refreshToken: refreshToken, expiresAt: access.expiresAt, user: user)
    }

    // MARK: Authentication

    /// The principal a bearer credential names: an API key (`lk_…`) or an access token of a
    /// live session. Throws UNAUTHENTICATED for anything else.
    public func authenticate(bearer credential: String) async throws -> Principal {
        try await authenticateCredential(bearer: credential).principal
    }

    /// The principal, and when the credential expires (access tokens; API keys do not expire).
    public func authenticateCredential(bearer credential: String) async throws -> (principal: Principal, expiresAt: Timestamp?) {
        let now = Timestamp.now()
        if credential.hasPrefix(APIKeyFormat.marker) {
            guard let prefix = APIKeyFormat.prefix(of: credential),
                  let (key, hash) = try await store.apiKeyCredentials(prefix: prefix), key.revokedAt == nil,
                  constantTimeEquals(Array(SecureRandom.digest(credential).utf8), Array(hash.utf8)) else {
                throw DomainError.unauthenticated("The API key is invalid or revoked.")
            }
            if key.lastUsedAt.map({ now.milliseconds - $0.milliseconds > 60_000 }) ?? true {
                try await store.markAPIKeyUsed(key.id, at: now)
            }
            return (.apiKey(key), nil)
        }
        guard let claims = await tokens.verify(credential), let session = try await store.session(id: claims.session),
              session.userID == claims.user, session.revokedAt == nil,
              let user = try await store.users(ids: [claims.user])[claims.user] else {
            throw DomainError.unauthenticated("The access token is invalid or expired; refresh it or sign in again.")
        }
        return (.user(user, session: session.id), claims.expiresAt)
    }

    /// The tenant a request acts in and the caller's role there. Users name the tenant by slug
    /// (or have exactly one); an API key is bound to its tenant. A tenant the caller does not
    /// belong to is refused the same way whether or not it exists.
    public func access(_ principal: Principal?, tenantSlug: String?, origin: RequestOrigin) async throws -> TenantAccess {
        guard let principal else { throw DomainError.unauthenticated() }
        switch principal {
        case .apiKey(let key):
            guard let tenant = try await store.tenants(ids: [key.tenantID])[key.tenantID] else { throw DomainError.unauthenticated() }
            if let tenantSlug, tenantSlug != tenant.slug {
                throw DomainError.forbidden("This API key belongs to another tenant than '\(tenantSlug)'.")
            }
            return TenantAccess(tenant: tenant, role: key.role, actor: principal.actor, origin: origin)
        case .user(let user, _):
            if let tenantSlug {
                guard let tenant = try await store.tenant(slug: tenantSlug),
                      let membership = try await store.membership(tenant: tenant.id, user: user.id) else {
                    throw DomainError.forbidden("You are not a member of tenant '\(tenantSlug)'.")
                }
                return TenantAccess(tenant: tenant, role: membership.role, actor: principal.actor, origin: origin)
            }
            let memberships = try await store.memberships(of: user.id)
            guard memberships.count == 1, let only = memberships.first,
                  let tenant = try await store.tenants(ids: [only.tenantID])[only.tenantID] else {
                throw DomainError.badInput(memberships.isEmpty
                    ? "You belong to no tenant yet: create one with createTenant."
                    : "You belong to several tenants: choose one with the X-Tenant header (or `tenant` in connection_init).")
            }
            return TenantAccess(tenant: tenant, role: only.role, actor: principal.actor, origin: origin)
        }
    }

    // MARK: Tenants, members, keys

    /// Creates a tenant with the calling user as its OWNER.
    public func createTenant(_ principal: Principal?, name: String, slug: String, origin: RequestOrigin) async throws -> Tenant {
        guard let principal else { throw DomainError.unauthenticated() }
        guard case .user(let user, _) = principal else { throw DomainError.forbidden("API keys cannot create tenants.") }
        let name = try InputRules.text(name, field: "name", maximum: 200)
        let slug = try InputRules.slug(slug)
        let now = Timestamp.now()
        let tenant = Tenant(id: .generate(), slug: slug, name: name, createdAt: now)
        let owner = Membership(id: .generate(), tenantID: tenant.id, userID: user.id, role: .owner, createdAt: now)
        try await store.insertTenant(tenant, owner: owner, dashboards: [.incidentOverview(tenant: tenant.id, at: now)], audit: AuditEntry(
            tenantID: tenant.id, actor: principal.actor, action: "tenant.create", targetType: "Tenant",
            targetID: tenant.id.rawValue, at: now, requestID: origin.requestID))
        return tenant
    }

    /// Renames the tenant (its slug stays, so links and API keys keep working) and/or sets its
    /// cost budget (`.some(nil)` returns to the server's default).
    public func updateTenant(_ access: TenantAccess, name: String?, costBudget: Int?? = .none) async throws -> Tenant {
        try access.require(.owner, to: "manage the tenant")
        var tenant = access.tenant
        if let name { tenant.name = try InputRules.text(name, field: "name", maximum: 200) }
        if case .some(let budget) = costBudget {
            if let budget, budget < 1 || budget > 1_000_000_000 {
                throw DomainError.badInput("`costBudget` must be between 1 and 1000000000.")
            }
            tenant.costBudget = budget
        }
        try await store.updateTenant(tenant, audit: access.audit("tenant.update", "Tenant", tenant.id.rawValue, at: .now()))
        return tenant
    }

    /// Adds an existing user (by email) to the tenant. Only an OWNER can add another OWNER.
    public func addMember(_ access: TenantAccess, email: String, role: Role) async throws -> Membership {
        try access.require(.admin, to: "add members")
        if role == .owner { try access.require(.owner, to: "add owners") }
        let email = try InputRules.email(email)
        guard let (user, _) = try await store.userCredentials(email: email) else {
            throw DomainError.notFound("A user with email '\(email)'")
        }
        let now = Timestamp.now()
        let membership = Membership(id: .generate(), tenantID: access.tenant.id, userID: user.id, role: role, createdAt: now)
        try await store.insertMembership(membership, audit: access.audit("member.add", "Membership", membership.id.rawValue, at: now))
        return membership
    }

    /// Removes a member from the tenant. ADMIN or higher; removing an OWNER needs OWNER; the
    /// last OWNER stays. Their open connections end.
    public func removeMember(_ access: TenantAccess, userID: UserID) async throws -> Bool {
        try access.require(.admin, to: "remove members")
        guard let membership = try await store.membership(tenant: access.tenant.id, user: userID) else {
            throw DomainError.notFound("A member with this id")
        }
        if membership.role == .owner { try access.require(.owner, to: "remove owners") }
        try await deleteMembership(membership, access: access, action: "member.remove")
        return true
    }

    /// The signed-in user leaves the tenant (not its last OWNER).
    public func leaveTenant(_ access: TenantAccess) async throws -> Bool {
        guard let userID = access.actor.userID else { throw DomainError.forbidden("API keys cannot leave a tenant.") }
        guard let membership = try await store.membership(tenant: access.tenant.id, user: userID) else {
            throw DomainError.notFound("Your membership")
        }
        try await deleteMembership(membership, access: access, action: "member.leave")
        return true
    }

    private func deleteMembership(_ membership: Membership, access: TenantAccess, action: String) async throws {
        let removed = try await store.deleteMembership(
            tenant: access.tenant.id, user: membership.userID,
            audit: access.audit(action, "Membership", membership.id.rawValue, at: .now()))
        guard removed else { throw DomainError.conflict("The last OWNER of a tenant cannot leave it or be removed.") }
        await revocations.publish(.memberships(membership.userID))
    }

    public func members(_ access: TenantAccess) async throws -> [Membership] {
        try access.require(.viewer, to: "list members")
        return try await store.members(of: access.tenant.id)
    }

    /// Creates an API key with at most the caller's role; the secret is returned once.
    public func createAPIKey(_ access: TenantAccess, name: String, role: Role) async throws -> CreatedAPIKey {
        try access.require(.admin, to: "create API keys")
        // A leaked key must not be able to mint more keys that outlive its revocation.
        if case .apiKey = access.actor { throw DomainError.forbidden("API keys cannot create API keys.") }
        guard role <= access.role else { throw DomainError.forbidden("An API key cannot have a higher role than yours.") }
        let name = try InputRules.text(name, field: "name", maximum: 200)
        let now = Timestamp.now()
        let (secret, prefix) = APIKeyFormat.generate()
        let key = APIKey(id: .generate(), tenantID: access.tenant.id, name: name, role: role, prefix: prefix,
                         createdBy: access.actor.userID, createdAt: now)
        try await store.insertAPIKey(key, secretHash: SecureRandom.digest(secret),
                                     audit: access.audit("apiKey.create", "ApiKey", key.id.rawValue, at: now))
        return CreatedAPIKey(secret: secret, key: key)
    }

    public func revokeAPIKey(_ access: TenantAccess, id: APIKeyID) async throws -> APIKey {
        try access.require(.admin, to: "revoke API keys")
        let now = Timestamp.now()
        guard let key = try await store.revokeAPIKey(tenant: access.tenant.id, id: id, at: now,
                                                     audit: access.audit("apiKey.revoke", "ApiKey", id.rawValue, at: now)) else {
            throw DomainError.notFound("API key")
        }
        await revocations.publish(.apiKey(key.id))
        return key
    }

    public func apiKeys(_ access: TenantAccess) async throws -> [APIKey] {
        try access.require(.admin, to: "list API keys")
        return try await store.apiKeys(tenant: access.tenant.id)
    }

    public func auditLog(_ access: TenantAccess, first: Int?, after: String?) async throws -> Page<AuditEntry> {
        try access.require(.admin, to: "read the audit log")
        return try await store.auditLog(tenant: access.tenant.id, first: try Paging.size(first), after: after)
    }
}

/// API keys look like `lk_<8-char prefix>_<secret>`: the prefix finds the stored key, the
/// whole string's digest proves it.
public enum APIKeyFormat {
    public static let marker = "lk_"

    static func generate() -> (secret: String, prefix: String) {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let prefix = String(SecureRandom.bytes(8).map { alphabet[Int($0) % alphabet.count] })
        return ("\(marker)\(prefix)_\(SecureRandom.token())", prefix)
    }

    static func prefix(of credential: String) -> String? {
        let parts = credential.dropFirst(marker.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 8 else { return nil }
        return String(parts[0])
    }
}

/// A hash of a random password with the current parameters, made once on first use.
final class DecoyHash: Sendable {
    private let made = Mutex<String?>(nil)

    func value(_ hasher: PasswordHasher, on work: PasswordWork) async throws -> String {
        if let made = made.withLock({ $0 }) { return made }
        let decoy = try await work.run { try hasher.hash(SecureRandom.token()) }
        made.withLock { $0 = $0 ?? decoy }
        return decoy
    }
}
