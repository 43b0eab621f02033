import LanternDomain
import LanternStore
import Testing

@Suite("Sign-in limiter")
struct SignInLimiterTests {
    let t0 = Timestamp(milliseconds: 1_800_000_000_000)

    /// nil when the attempt is admitted, else the seconds it is asked to wait (-1 if it is not told).
    func retryAfter(_ limiter: SignInRateLimiter, _ email: String, _ address: String?, at now: Timestamp) -> Int? {
        do {
            _ = try limiter.reserve(email: email, address: address, now: now)
            return nil
        } catch {
            #expect(error.kind == .rateLimited)
            return error.retryAfterSeconds ?? -1
        }
    }

    @Test func concurrentReservationsForOnePairAdmitExactlyTheLimit() async {
        let limiter = SignInRateLimiter()
        let now = t0
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<30 {
                group.addTask { (try? limiter.reserve(email: "ada@example.com", address: "198.51.100.1", now: now)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 5)
    }

    @Test func backoffDoublesPerFailureUpToItsCap() {
        let limiter = SignInRateLimiter(limits: .init(windowSeconds: 3600))
        var now = t0
        for _ in 0..<5 { #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: now) == nil) }
        var waits: [Int] = []
        for _ in 0..<12 {
            guard let wait = retryAfter(limiter, "ada@example.com", "198.51.100.1", at: now), wait > 0 else {
                Issue.record("a pair past its limit must wait")
                return
            }
            waits.append(wait)
            // Just before the wait is over the pair is still refused; once it is over, one more attempt is admitted.
            #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: now.adding(seconds: wait - 1)) != nil)
            now = now.adding(seconds: wait)
            #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: now) == nil)
        }
        #expect(waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900])
        // Other addresses are not slowed by this pair's failures.
        #expect(retryAfter(limiter, "ada@example.com", "198.51.100.2", at: now) == nil)
    }

    @Test func successGivesItsReservationBackAndForgivesThePair() throws {
        let limiter = SignInRateLimiter(limits: .init(perAddress: 10))
        for _ in 0..<4 { _ = try limiter.reserve(email: "ada@example.com", address: "198.51.100.1", now: t0) }
        limiter.succeeded(try limiter.reserve(email: "ada@example.com", address: "198.51.100.1", now: t0))
        // The pair starts over: 5 more before backoff.
        for _ in 0..<5 { _ = try limiter.reserve(email: "ada@example.com", address: "198.51.100.1", now: t0) }
        #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: t0) == 1)
        // The address keeps its 9 real failures (not the success), so it admits one more, then waits out the window.
        #expect(retryAfter(limiter, "bob@example.com", "198.51.100.1", at: t0) == nil)
        #expect(retryAfter(limiter, "eve@example.com", "198.51.100.1", at: t0) == 900)
    }

    @Test func accountCeilingAcrossAddressesExpiresWithTheWindow() throws {
        let limiter = SignInRateLimiter(limits: .init(windowSeconds: 600, perAccountFromAllAddresses: 50))
        for i in 0..<50 { _ = try limiter.reserve(email: "ada@example.com", address: "203.0.113.\(i)", now: t0.adding(seconds: i)) }
        let now = t0.adding(seconds: 100)
        // The oldest failure (at t0) ages out after 600 s, 500 s from now.
        #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: now) == 500)
        #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: t0.adding(seconds: 600)) == nil)
    }

    @Test func keysAreBoundedAndExpire() throws {
        let limiter = SignInRateLimiter(limits: .init(windowSeconds: 60, maximumKeys: 100))
        for _ in 0..<5 { _ = try limiter.reserve(email: "ada@example.com", address: "198.51.100.1", now: t0) }
        #expect(retryAfter(limiter, "ada@example.com", "198.51.100.1", at: t0) == 1)
        for i in 0..<2_000 {
            _ = try limiter.reserve(email: "user\(i)@example.com", address: "10.0.\(i / 256).\(i % 256)", now: t0.adding(seconds: i / 100))
            #expect(limiter.keyCount <= 100)
        }
        // The newest failures survive pruning: a pair limited now stays limited.
        let now = t0.adding(seconds: 20)
        for _ in 0..<5 { _ = try limiter.reserve(email: "bob@example.com", address: "198.51.100.9", now: now) }
        #expect(retryAfter(limiter, "bob@example.com", "198.51.100.9", at: now) == 1)
        // A window later everything has expired, and the next key prunes the expired ones.
        let later = now.adding(seconds: 61)
        #expect(retryAfter(limiter, "bob@example.com", "198.51.100.9", at: later) == nil)
        let expiring = SignInRateLimiter(limits: .init(windowSeconds: 60, maximumKeys: 10))
        for i in 0..<3 { _ = try expiring.reserve(email: "old\(i)@example.com", address: "10.1.0.\(i)", now: t0) }
        _ = try expiring.reserve(email: "new@example.com", address: "10.2.0.1", now: t0.adding(seconds: 61))
        #expect(expiring.keyCount == 3)
    }

    @Test func aStrangersFailuresDoNotLockTheOwnerOutFromAnotherAddress() async throws {
        let fixture = try await Fixture(.sqlite)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts
        _ = try await accounts.signUp(email: "owner@example.com", password: "right password", name: "Owner", origin: fixture.origin)
        let stranger = RequestOrigin(requestID: "stranger", clientAddress: "203.0.113.7")
        let owner = RequestOrigin(requestID: "owner", clientAddress: "198.51.100.20")
        for _ in 0..<5 {
            await expectDomainError(.unauthenticated) {
                try await accounts.signIn(email: "owner@example.com", password: "wrong password", origin: stranger)
            }
        }
        do {
            _ = try await accounts.signIn(email: "owner@example.com", password: "right password", origin: stranger)
            Issue.record("the stranger's address must be backed off, even with the right password")
        } catch let error as DomainError {
            #expect(error.kind == .rateLimited && (error.retryAfterSeconds ?? 0) > 0, "\(error)")
        }
        let signedIn = try await accounts.signIn(email: " Owner@example.com", password: "right password", origin: owner)
        #expect(signedIn.user.email == "owner@example.com")
    }

    @Test func parallelWrongPasswordsAreCheckedAtMostFiveTimes() async throws {
        let fixture = try await Fixture(.sqlite)
        defer { Task { await fixture.close() } }
        let accounts = fixture.accounts, origin = fixture.origin
        _ = try await accounts.signUp(email: "victim@example.com", password: "right password", name: "Victim", origin: origin)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for i in 0..<30 {
                group.addTask {
                    do {
                        _ = try await accounts.signIn(email: "victim@example.com", password: "wrong password \(i)", origin: origin)
                        return "signed in"
                    } catch let error as DomainError {
                        return error.kind == .rateLimited && (error.retryAfterSeconds ?? 0) <= 0 ? "no retryAfterSeconds" : error.kind.rawValue
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        let checked = outcomes["UNAUTHENTICATED", default: 0]
        #expect(checked >= 1 && checked <= 5, "\(outcomes)")
        #expect(checked + outcomes["RATE_LIMITED", default: 0] == 30, "\(outcomes)")
    }
}
