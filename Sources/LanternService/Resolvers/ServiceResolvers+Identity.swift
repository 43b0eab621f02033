import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/identity.graphql`: accounts, sessions, tenants, members and API keys.
extension ServiceResolvers {
    func viewer(context: RequestContext, selection: FieldSelection) async throws -> User? {
        switch try context.requirePrincipal() {
        case .user(let user, _): user
        case .apiKey: nil
        }
    }

    func tenant(context: RequestContext, selection: FieldSelection) async throws -> Tenant? {
        try await context.tenantAccess().tenant
    }

    func signUp(_ arguments: MutationSignUpArguments, context: RequestContext, selection: FieldSelection) async throws -> AuthResult {
        let input = arguments.input
        return try await context.services.accounts.signUp(email: input.email, password: input.password, name: input.name,
                                                          origin: context.origin)
    }

    func signIn(_ arguments: MutationSignInArguments, context: RequestContext, selection: FieldSelection) async throws -> AuthResult {
        try await context.services.accounts.signIn(email: arguments.input.email, password: arguments.input.password,
                                                   origin: context.origin)
    }

    func refreshSession(_ arguments: MutationRefreshSessionArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> AuthResult {
        try await context.services.accounts.refresh(refreshToken: arguments.refreshToken, origin: context.origin)
    }

    func signOut(context: RequestContext, selection: FieldSelection) async throws -> Bool {
        try await context.services.accounts.signOut(try context.requirePrincipal(), origin: context.origin)
    }

    func signOutEverywhere(context: RequestContext, selection: FieldSelection) async throws -> Bool {
        try await context.services.accounts.signOutEverywhere(try context.requirePrincipal(), origin: context.origin)
    }

    func changePassword(_ arguments: MutationChangePasswordArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Bool {
        try await context.services.accounts.changePassword(try context.requirePrincipal(), current: arguments.input.currentPassword,
                                                           new: arguments.input.newPassword, origin: context.origin)
    }

    func createTenant(_ arguments: MutationCreateTenantArguments, context: RequestContext, selection: FieldSelection) async throws -> Tenant {
        try await context.services.accounts.createTenant(try context.requirePrincipal(), name: arguments.input.name,
                                                         slug: arguments.input.slug, origin: context.origin)
    }

    func updateTenant(_ arguments: MutationUpdateTenantArguments, context: RequestContext, selection: FieldSelection) async throws -> Tenant {
        let input = arguments.input
        if case .null = input.name { throw DomainError.badInput("`name` must not be null.") }
        let budget: Int?? = switch input.costBudget {
        case .absent: .none
        case .null: .some(nil)
        case .value(let points): .some(points)
        }
        return try await context.services.accounts.updateTenant(try await context.tenantAccess(), name: input.name.value,
                                                                costBudget: budget)
    }

    func addMember(_ arguments: MutationAddMemberArguments, context: RequestContext, selection: FieldSelection) async throws -> Membership {
        try await context.services.accounts.addMember(try await context.tenantAccess(), email: arguments.input.email,
                                                      role: arguments.input.role)
    }

    func removeMember(_ arguments: MutationRemoveMemberArguments, context: RequestContext, selection: FieldSelection) async throws -> Bool {
        try await context.services.accounts.removeMember(try await context.tenantAccess(), userID: arguments.userId)
    }

    func leaveTenant(context: RequestContext, selection: FieldSelection) async throws -> Bool {
        try await context.services.accounts.leaveTenant(try await context.tenantAccess())
    }

    func createApiKey(_ arguments: MutationCreateApiKeyArguments, context: RequestContext,
                      selection: FieldSelection) async throws -> CreatedAPIKey {
        try await context.services.accounts.createAPIKey(try await context.tenantAccess(), name: arguments.input.name,
                                                         role: arguments.input.role)
    }

    func revokeApiKey(_ arguments: MutationRevokeApiKeyArguments, context: RequestContext, selection: FieldSelection) async throws -> APIKey {
        try await context.services.accounts.revokeAPIKey(try await context.tenantAccess(), id: arguments.id)
    }

    // MARK: User, Tenant, Membership, API keys

    func memberships(of parent: User, context: RequestContext, selection: FieldSelection) async throws -> [Membership] {
        // Only your own memberships: another user's would reveal their other tenants.
        guard case .user(let viewer, _)? = context.principal, viewer.id == parent.id else { return [] }
        return try await context.services.store.memberships(of: parent.id)
    }

    func costBudget(of parent: Tenant, context: RequestContext, selection: FieldSelection) async throws -> Int {
        parent.costBudget ?? context.services.budgets.limits.points
    }

    func members(of parent: Tenant, context: RequestContext, selection: FieldSelection) async throws -> [Membership] {
        try await context.services.accounts.members(try await Self.access(to: parent, for: "members", context))
    }

    func apiKeys(of parent: Tenant, context: RequestContext, selection: FieldSelection) async throws -> [APIKey] {
        try await context.services.accounts.apiKeys(try await Self.access(to: parent, for: "apiKeys", context))
    }

    /// The request's access, when it acts in `tenant`: another tenant's lists are not readable
    /// through a tenant object reached from elsewhere.
    private static func access(to tenant: Tenant, for field: String, _ context: RequestContext) async throws -> TenantAccess {
        let access = try await context.tenantAccess()
        guard access.tenant.id == tenant.id else {
            throw DomainError.forbidden("Switch to tenant '\(tenant.slug)' (X-Tenant) to see its \(field).")
        }
        return access
    }

    func user(of parents: [Membership], context: RequestContext, selection: FieldSelection) async throws -> [User] {
        try await Self.users(parents.map(\.userID), context).map { user in
            guard let user else { throw DomainError.notFound("User") }
            return user
        }
    }

    func tenant(of parents: [Membership], context: RequestContext, selection: FieldSelection) async throws -> [Tenant] {
        try await Self.tenants(parents.map(\.tenantID), context).map { tenant in
            guard let tenant else { throw DomainError.notFound("Tenant") }
            return tenant
        }
    }

    func createdBy(of parents: [APIKey], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.createdBy), context)
    }

    func key(of parent: CreatedAPIKey, context: RequestContext, selection: FieldSelection) async throws -> String {
        parent.secret
    }

    func apiKey(of parent: CreatedAPIKey, context: RequestContext, selection: FieldSelection) async throws -> APIKey {
        parent.key
    }
}
