import Foundation
import Logging
import LanternDomain
import LanternStore
import Synchronization
import Testing

@Suite("Password hashing off the cooperative pool")
struct PasswordWorkTests {
    @Test func workBeyondTheQueueBoundIsRefusedAsRateLimited() async throws {
        let work = PasswordWork(threads: 1, maximumWaiting: 2)
        let release = Flag()
        // Two jobs fill the bound (one running, one waiting for the single thread)…
        let blockers = (0..<2).map { _ in
            Task { try await work.run { while !release.isSet { usleep(1_000) }; return 1 } }
        }
        try await Task.sleep(for: .milliseconds(100))
        // …so a third is refused at once rather than queued.
        do {
            _ = try await work.run { 0 }
            Issue.record("a job beyond the bound was accepted")
        } catch let error as DomainError {
            #expect(error.kind == .rateLimited && error.retryAfterSeconds == 1)
        }
        release.set()
        for blocker in blockers { #expect(try await blocker.value == 1) }
        #expect(try await work.run { 7 } == 7, "the bound frees up as jobs finish")
    }

    @Test func theDefaultsAreOWASPsAndOldHashesAreUpgradedAtSignIn() async throws {
        #expect(PasswordHasher().rounds == 1 << 17 && PasswordHasher().blockSize == 8 && PasswordHasher().parallelism == 1)
        let fixture = try await Fixture(.sqlite)
        defer { Task { await fixture.close() } }
        _ = try await fixture.accounts.signUp(email: "old@example.com", password: "password-1", name: "Old", origin: fixture.origin)
        let before = try #require(try await fixture.store.userCredentials(email: "old@example.com")).passwordHash
        #expect(before.hasPrefix("scrypt$1024$8$1$"))
        let stronger = AccountService(store: fixture.store, tokens: fixture.accounts.tokens, hasher: PasswordHasher(rounds: 1 << 11))
        _ = try await stronger.signIn(email: "old@example.com", password: "password-1", origin: fixture.origin)
        let after = try #require(try await fixture.store.userCredentials(email: "old@example.com")).passwordHash
        #expect(after.hasPrefix("scrypt$2048$8$1$"))
        _ = try await stronger.signIn(email: "old@example.com", password: "password-1", origin: fixture.origin)
    }

    @Test func unknownEmailsAndTakenEmailsAreRefusedCorrectly() async throws {
        let fixture = try await Fixture(.sqlite)
        defer { Task { await fixture.close() } }
        let origin = RequestOrigin(requestID: "t", clientAddress: "10.1.1.1")
        await expectDomainError(.unauthenticated) {
            try await fixture.accounts.signIn(email: "nobody@example.com", password: "password-1", origin: origin)
        }
        _ = try await fixture.accounts.signUp(email: "taken@example.com", password: "password-1", name: "T", origin: origin)
        await expectDomainError(.conflict) {
            try await fixture.accounts.signUp(email: "TAKEN@example.com", password: "password-2", name: "T", origin: origin)
        }
    }
}

/// A flag one task sets and another polls.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}

@Suite("Sign-in backoff runs from the end of a failed attempt")
struct SignInBackoffStartTests {
    @Test func aFailureFoundLateStillStartsTheBackoffWhenFound() throws {
        let limiter = SignInRateLimiter()
        let start = Timestamp(milliseconds: 1_000_000)
        var last = start
        for attempt in 0..<5 {
            let at = start.adding(seconds: attempt * 10)
            let reservation = try limiter.reserve(email: "a@example.com", address: "10.0.0.1", now: at)
            last = at.adding(seconds: 5)  // the hash took five seconds
            limiter.failed(reservation, at: last)
        }
        // Half a second after the fifth failure was known (5.5 s after it was reserved): still waiting.
        #expect(throws: DomainError.self) {
            try limiter.reserve(email: "a@example.com", address: "10.0.0.1", now: Timestamp(milliseconds: last.milliseconds + 500))
        }
        _ = try limiter.reserve(email: "a@example.com", address: "10.0.0.1", now: last.adding(seconds: 2))
    }
}

@Suite("Secrets stay secret")
struct SecretsTests {
    @Test func signingKeysRotateWithoutSigningEveryoneOut() async throws {
        let old = String(repeating: "o", count: 40), new = String(repeating: "n", count: 40)
        let before = await AccessTokens(secret: old)
        let token = try await before.issue(user: UserID("u"), session: SessionID("s"), now: .now()).token
        // The header names the key that signed it.
        let header = try #require(token.split(separator: ".").first)
        let padded = String(header) + String(repeating: "=", count: (4 - header.count % 4) % 4)
        let decoded = String(decoding: Data(base64Encoded: padded.replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")) ?? Data(), as: UTF8.self)
        #expect(decoded.contains(#""kid":"\#(before.keyID)""#))
        // After rotation, the old key's tokens still verify while it is listed, and not after.
        let rotated = await AccessTokens(secret: new, previousSecrets: [old])
        #expect(await rotated.verify(token)?.session == SessionID("s"))
        #expect(await AccessTokens(secret: new).verify(token) == nil)
        let fresh = try await rotated.issue(user: UserID("u"), session: SessionID("t"), now: .now()).token
        #expect(await AccessTokens(secret: new).verify(fresh)?.session == SessionID("t"))
    }

    @Test func databaseURLsAreNeverPrintedWithTheirPassword() async throws {
        #expect(Database.redacted("postgres://lantern:s3cret@db:5432/app") == "postgres://lantern:***@db:5432/app")
        #expect(Database.redacted("postgres://lantern@db/app") == "postgres://lantern@db/app")
        #expect(Database.redacted("lantern.sqlite") == "lantern.sqlite")
        do {
            _ = try await Database.open(url: "postgres://lantern:s3cret@/app", logger: Logger(label: "t"))
            Issue.record("a URL without a host was accepted")
        } catch {
            #expect(!"\(error)".contains("s3cret"), "\(error)")
        }
    }
}
