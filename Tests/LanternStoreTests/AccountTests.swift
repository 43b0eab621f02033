import LanternDomain
import LanternStore
import SQLKit
import Testing

@Suite("Accounts, sessions and API keys")
struct AccountTests {
    @Test(arguments: bothDialects) func signUpSignInRefreshAndSignOut(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts, origin = fixture.origin
        let first = try await accounts.signUp(email: " Ada@Example.com ", password: "correct horse", name: "Ada", origin: origin)
        #expect(first.user.email == "ada@example.com")
        await expectDomainError(.conflict) {
            try await accounts.signUp(email: "ada@example.com", password: "another one", name: "Ada 2", origin: origin)
        }
        await expectDomainError(.badUserInput) { try await accounts.signUp(email: "nope", password: "long enough", name: "X", origin: origin) }
        await expectDomainError(.badUserInput) { try await accounts.signUp(email: "x@y.io", password: "short", name: "X", origin: origin) }

        let signedIn = try await accounts.signIn(email: "ada@example.com", password: "correct horse", origin: origin)
        guard case .user(let user, _) = try await accounts.authenticate(bearer: signedIn.accessToken) else {
            Issue.record("an access token must authenticate a user")
            return
        }
        #expect(user.id == first.user.id)

        // Refresh tokens rotate: the old one stops working once used, and presenting it again
        // revokes the whole family (the session): the newer refresh and access tokens stop too.
        let refreshed = try await accounts.refresh(refreshToken: signedIn.refreshToken, origin: origin)
        #expect(refreshed.refreshToken != signedIn.refreshToken)
        _ = try await accounts.authenticate(bearer: refreshed.accessToken)
        await expectDomainError(.unauthenticated) { try await accounts.refresh(refreshToken: signedIn.refreshToken, origin: origin) }
        await expectDomainError(.unauthenticated) { try await accounts.refresh(refreshToken: refreshed.refreshToken, origin: origin) }
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: refreshed.accessToken) }
        let reuse = try await fixture.database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'session.refreshReuse'").first()?
                .decode(column: "n", as: Int.self)
        }
        #expect(reuse == 1)

        // Signing out ends the session: its access token and refresh token stop working.
        let second = try await accounts.signIn(email: "ada@example.com", password: "correct horse", origin: origin)
        let rotated = try await accounts.refresh(refreshToken: second.refreshToken, origin: origin)
        let principal = try await accounts.authenticate(bearer: rotated.accessToken)
        #expect(try await accounts.signOut(principal, origin: origin))
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: rotated.accessToken) }
        await expectDomainError(.unauthenticated) { try await accounts.refresh(refreshToken: rotated.refreshToken, origin: origin) }
        // The first session is untouched.
        _ = try await accounts.authenticate(bearer: first.accessToken)
        await expectDomainError(.unauthenticated) { try await accounts.authenticate(bearer: "not-a-token") }
    }

    @Test(arguments: bothDialects) func failedSignInsAreRateLimitedPerAccount(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts, origin = fixture.origin
        _ = try await accounts.signUp(email: "grace@example.com", password: "right password", name: "Grace", origin: origin)
        for _ in 0..<5 {
            await expectDomainError(.unauthenticated) {
                try await accounts.signIn(email: "grace@example.com", password: "wrong password", origin: origin)
            }
        }
        // Even the right password is refused while the account is limited.
        await expectDomainError(.rateLimited) {
            try await accounts.signIn(email: "grace@example.com", password: "right password", origin: origin)
        }
    }

    @Test(arguments: bothDialects) func apiKeysAreShownOnceStoredHashedAndRevocable(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("keys")
        let created = try await fixture.accounts.createAPIKey(access, name: "CI", role: .responder)
        #expect(created.secret.hasPrefix("lk_\(created.key.prefix)_"))
        let stored = try await fixture.database.withConnection { db in
            try await db.raw("SELECT secret_hash FROM api_keys").all().map { try $0.decode(column: "secret_hash", as: String.self) }
        }
        #expect(stored.count == 1 && stored[0] != created.secret && !stored[0].contains(created.secret))

        guard case .apiKey(let key) = try await fixture.accounts.authenticate(bearer: created.secret) else {
            Issue.record("an API key must authenticate as itself")
            return
        }
        #expect(key.role == .responder && key.tenantID == access.tenant.id)
        let keyAccess = try await fixture.accounts.access(.apiKey(key), tenantSlug: nil, origin: fixture.origin)
        #expect(keyAccess.tenant.slug == "keys" && keyAccess.role == .responder)
        #expect(try await fixture.accounts.apiKeys(access).first?.lastUsedAt != nil)

        await expectDomainError(.forbidden) { try await fixture.accounts.createAPIKey(keyAccess, name: "more", role: .viewer) }
        _ = try await fixture.accounts.revokeAPIKey(access, id: created.key.id)
        await expectDomainError(.unauthenticated) { try await fixture.accounts.authenticate(bearer: created.secret) }
        await expectDomainError(.unauthenticated) { try await fixture.accounts.authenticate(bearer: created.secret + "x") }
    }

    @Test(arguments: bothDialects) func tenantsMembersAndRoles(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, owner) = try await fixture.owner("acme")
        let viewerAuth = try await fixture.accounts.signUp(email: "v@example.com", password: "password-2", name: "V", origin: fixture.origin)
        let viewer = try await fixture.accounts.authenticate(bearer: viewerAuth.accessToken)
        // Not a member yet: refused the same way as a tenant that does not exist.
        await expectDomainError(.forbidden) { try await fixture.accounts.access(viewer, tenantSlug: "acme", origin: fixture.origin) }
        await expectDomainError(.forbidden) { try await fixture.accounts.access(viewer, tenantSlug: "nope", origin: fixture.origin) }

        _ = try await fixture.accounts.addMember(owner, email: "v@example.com", role: .viewer)
        await expectDomainError(.conflict) { try await fixture.accounts.addMember(owner, email: "v@example.com", role: .admin) }
        await expectDomainError(.notFound) { try await fixture.accounts.addMember(owner, email: "ghost@example.com", role: .admin) }
        let viewerAccess = try await fixture.accounts.access(viewer, tenantSlug: "acme", origin: fixture.origin)
        #expect(viewerAccess.role == .viewer)
        await expectDomainError(.forbidden) { try await fixture.accounts.addMember(viewerAccess, email: "acme-owner@example.com", role: .viewer) }
        await expectDomainError(.forbidden) { try await fixture.accounts.auditLog(viewerAccess, first: 10, after: nil) }
        await expectDomainError(.forbidden) {
            try await fixture.incidents.report(viewerAccess, title: "x", description: nil, severity: .low, tags: nil)
        }
        await expectDomainError(.forbidden) { try await fixture.accounts.updateTenant(viewerAccess, name: "Mine now") }
        #expect(try await fixture.accounts.updateTenant(owner, name: "Acme Corp").name == "Acme Corp")
        #expect(try await fixture.store.tenant(slug: "acme")?.name == "Acme Corp")
        await expectDomainError(.conflict) { try await fixture.accounts.createTenant(viewer, name: "Again", slug: "acme", origin: fixture.origin) }
        await expectDomainError(.badUserInput) { try await fixture.accounts.createTenant(viewer, name: "Bad", slug: "Not A Slug", origin: fixture.origin) }
    }
}
