import Synchronization

/// Counts failed sign-ins per account and per client address in a sliding window, and refuses
/// further attempts once either passes its limit. Kept in memory, so with several instances each
/// enforces its own limits (documented in docs/security.md).
public final class SignInRateLimiter: Sendable {
    public struct Limits: Sendable {
        public var perAccount: Int
        public var perAddress: Int
        public var windowSeconds: Int

        public init(perAccount: Int = 5, perAddress: Int = 100, windowSeconds: Int = 15 * 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.windowSeconds = windowSeconds
        }
    }

    private let limits: Limits
    private let failures = Mutex<[String: [Timestamp]]>([:])

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Throws RATE_LIMITED when the account or the address has failed too often recently.
    public func check(email: String, address: String?, now: Timestamp) throws(DomainError) {
        let limited = failures.withLock { failures in
            recent("account:\(email)", now: now, in: &failures) >= limits.perAccount
                || (address.map { recent("address:\($0)", now: now, in: &failures) >= limits.perAddress } ?? false)
        }
        if limited {
            throw DomainError(.rateLimited, "Too many failed sign-in attempts. Try again later.")
        }
    }

    public func recordFailure(email: String, address: String?, now: Timestamp) {
        failures.withLock { failures in
            failures["account:\(email)", default: []].append(now)
            if let address { failures["address:\(address)", default: []].append(now) }
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    public func recordSuccess(email: String) {
        _ = failures.withLock { $0.removeValue(forKey: "account:\(email)") }
    }

    private func recent(_ key: String, now: Timestamp, in failures: inout [String: [Timestamp]]) -> Int {
        let cutoff = now.adding(seconds: -limits.windowSeconds)
        guard var times = failures[key] else { return 0 }
        times.removeAll { $0 < cutoff }
        failures[key] = times.isEmpty ? nil : times
        return times.count
    }
}
