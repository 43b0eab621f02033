import LanternDomain
import LanternStore
import Testing

@Suite("Members leaving, passwords changing, sessions ending everywhere")
struct MembershipAndSessionTests {
    @Test(arguments: bothDialects) func removeMemberAndLeaveTenantKeepTheLastOwner(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts, origin = fixture.origin
        let (owner, ownerAccess) = try await fixture.owner("keep")
        let admin = try await accounts.signUp(email: "admin@example.com", password: "password-1", name: "Admin", origin: origin)
        let other = try await accounts.signUp(email: "other@example.com", password: "password-1", name: "Other", origin: origin)
        _ = try await accounts.addMember(ownerAccess, email: "admin@example.com", role: .admin)
        _ = try await accounts.addMember(ownerAccess, email: "other@example.com", role: .responder)
        let adminAccess = try await accounts.access(try await accounts.authenticate(bearer: admin.accessToken), tenantSlug: "keep", origin: origin)

        // Watchers of the removed user's connections are told.
        let watch = accounts.revocations.watch(.memberships(other.user.id))
        #expect(try await accounts.removeMember(adminAccess, userID: other.user.id))
        var told = false
        for await _ in watch { told = true; break }
        #expect(told)
        #expect(try await fixture.store.membership(tenant: ownerAccess.tenant.id, user: other.user.id) == nil)
        await expectDomainError(.notFound) { try await accounts.removeMember(adminAccess, userID: other.user.id) }
        // An ADMIN cannot remove an OWNER; the last OWNER can neither be removed nor leave.
        await expectDomainError(.forbidden) { try await accounts.removeMember(adminAccess, userID: owner.id) }
        await expectDomainError(.conflict) { try await accounts.removeMember(ownerAccess, userID: owner.id) }
        await expectDomainError(.conflict) { try await accounts.leaveTenant(ownerAccess) }
        // With a second OWNER, the first may leave.
        _ = try await accounts.addMember(ownerAccess, email: "other@example.com", role: .owner)
        #expect(try await accounts.leaveTenant(ownerAccess))
        #expect(try await fixture.store.membership(tenant: ownerAccess.tenant.id, user: owner.id) == nil)
        #expect(try await accounts.leaveTenant(adminAccess))
    }

    @Test(arguments: bothDialects) func changePasswordEndsOtherSessionsAndSignOutEverywhereEndsAll(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts, origin = fixture.origin
        let first = try await accounts.signUp(email: "pw@example.com", password: "password-1", name: "P", origin: origin)
        let second = try await accounts.signIn(email: "pw@example.com", password: "password-1", origin: origin)
        let current = try await accounts.authenticate(bearer: second.accessToken)
        await expectDomainError(.unauthenticated) {
            try await accounts.changePassword(current, current: "not-it-at-all", new: "password-2", origin: origin)
        }
        await expectDomainError(.badUserInput) {
            try await accounts.changePassword(current, current: "password-1", new: "short", origin: origin)
        }
        #expect(try await accounts.changePassword(current, current: "password-1", new: "password-2", origin: origin))
        // The other session ended; this one goes on; the new password works and the old does not.
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: first.accessToken) }
        await expectDomainError(.unauthenticated) { try await accounts.refresh(refreshToken: first.refreshToken, origin: origin) }
        _ = try await accounts.authenticate(bearer: second.accessToken)
        await expectDomainError(.unauthenticated) {
            try await accounts.signIn(email: "pw@example.com", password: "password-1", origin: RequestOrigin(requestID: "x", clientAddress: "10.9.9.9"))
        }
        let third = try await accounts.signIn(email: "pw@example.com", password: "password-2", origin: origin)

        #expect(try await accounts.signOutEverywhere(current, origin: origin))
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: second.accessToken) }
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: third.accessToken) }
    }

    @Test(arguments: bothDialects) func apiKeysCannotCreateAPIKeys(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("keys")
        let created = try await fixture.accounts.createAPIKey(access, name: "ci", role: .admin)
        let keyAccess = try await fixture.accounts.access(try await fixture.accounts.authenticate(bearer: created.secret),
                                                         tenantSlug: nil, origin: fixture.origin)
        await expectDomainError(.forbidden) { try await fixture.accounts.createAPIKey(keyAccess, name: "more", role: .viewer) }
    }
}
