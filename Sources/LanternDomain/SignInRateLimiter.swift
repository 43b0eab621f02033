import Synchronization

/// Slows online password guessing without handing strangers a way to lock an owner out.
///
/// Every attempt is reserved, counted as a failure, under the same lock as the check and before
/// the password is verified, so parallel attempts cannot all pass a check that none has yet
/// failed; a success gives its reservation back. Limits are per account and address pair (with
/// exponential backoff), per address, and a looser ceiling per account, all in a sliding window.
/// Kept in memory and bounded, so with several instances each enforces its own limits
/// (documented in docs/security.md).
public final class SignInRateLimiter: Sendable {
    public struct Limits: Sendable {
        /// Failures one address may have against one account in a window before each further
        /// attempt from that pair waits 2^(failures - perAccount) seconds. Per pair rather than
        /// per account, so a stranger's failures slow the stranger, not the owner.
        public var perAccount: Int
        /// Failures one address may have across all accounts in a window: stops one client
        /// trying a common password against many accounts.
        public var perAddress: Int
        public var windowSeconds: Int
        /// Failures one account may have from all addresses together in a window. Well above
        /// `perAccount`, so only many addresses together can shut the owner out, and only while
        /// they keep failing; it bounds guessing spread over many addresses.
        public var perAccountFromAllAddresses: Int
        /// The longest a pair waits, so backoff never turns into a lockout.
        public var maximumBackoffSeconds: Int
        /// Keys held at most (pairs, accounts, addresses), so a spray of emails or addresses cannot
        /// exhaust memory. Beyond it expired keys go first, then the least recently failed.
        public var maximumKeys: Int

        public init(perAccount: Int = 5, perAddress: Int = 100, windowSeconds: Int = 15 * 60,
                    perAccountFromAllAddresses: Int = 50, maximumBackoffSeconds: Int = 15 * 60,
                    maximumKeys: Int = 100_000) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.windowSeconds = windowSeconds
            self.perAccountFromAllAddresses = perAccountFromAllAddresses
            self.maximumBackoffSeconds = maximumBackoffSeconds
            self.maximumKeys = maximumKeys
        }
    }

    /// An admitted attempt, already counted as a failure until `succeeded(_:)` gives it back.
    public struct Reservation: Sendable {
        fileprivate let email: String
        fileprivate let address: String?
        fileprivate let at: Timestamp
    }

    private enum Key: Hashable {
        case pair(email: String, address: String?)
        case account(String)
        case address(String)
    }

    private let limits: Limits
    /// Failure times per key, oldest first; a key with none is removed.
    private let failures = Mutex<[Key: [Timestamp]]>([:])

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// How many keys are held; never more than `Limits.maximumKeys`.
    public var keyCount: Int { failures.withLock { $0.count } }

    /// Admits and counts an attempt, or throws RATE_LIMITED with the seconds until one would be admitted.
    public func reserve(email: String, address: String?, now: Timestamp) throws(DomainError) -> Reservation {
        let email = Self.bounded(email), address = address.map(Self.bounded)
        let keys: [Key] = [.pair(email: email, address: address), .account(email)] + (address.map { [.address($0)] } ?? [])
        let cutoff = now.adding(seconds: -limits.windowSeconds)
        let waitMilliseconds = failures.withLock { failures in
            let pair = recent(keys[0], after: cutoff, in: &failures)
            let account = recent(keys[1], after: cutoff, in: &failures)
            let fromAddress = keys.count > 2 ? recent(keys[2], after: cutoff, in: &failures) : []
            var until = now
            if pair.count >= limits.perAccount, let last = pair.last {
                let backoff = min(limits.maximumBackoffSeconds, 1 << min(pair.count - limits.perAccount, 30))
                until = max(until, last.adding(seconds: backoff))
            }
            // A full window admits again once enough of its failures have aged out.
            for (times, limit) in [(account, limits.perAccountFromAllAddresses), (fromAddress, limits.perAddress)]
            where times.count >= max(limit, 1) {
                until = max(until, times[times.count - max(limit, 1)].adding(seconds: limits.windowSeconds))
            }
            guard until == now else { return until.milliseconds - now.milliseconds }
            for key in keys {
                var times = failures[key, default: []]
                times.insert(now, at: times.lastIndex { $0 <= now }.map { $0 + 1 } ?? 0)
                failures[key] = times
            }
            if failures.count > limits.maximumKeys { prune(&failures, cutoff: cutoff) }
            return 0
        }
        if waitMilliseconds > 0 {
            throw .rateLimited("Too many failed sign-in attempts. Try again later.",
                               retryAfterSeconds: (waitMilliseconds + 999) / 1000)
        }
        return Reservation(email: email, address: address, at: now)
    }

    /// The attempt was wrong, as found at `now` (after the slow hash): the pair's backoff runs
    /// from then, so it does not elapse while the password is still being checked.
    public func failed(_ reservation: Reservation, at now: Timestamp) {
        failures.withLock { failures in
            let key = Key.pair(email: reservation.email, address: reservation.address)
            guard var times = failures[key], let index = times.lastIndex(of: reservation.at) else { return }
            times.remove(at: index)
            times.insert(now, at: times.lastIndex { $0 <= now }.map { $0 + 1 } ?? 0)
            failures[key] = times
        }
    }

    /// The attempt was right: it was not a failure, and the pair's earlier failures are forgiven.
    /// The account's and address's failures from others stay.
    public func succeeded(_ reservation: Reservation) {
        failures.withLock { failures in
            failures[.pair(email: reservation.email, address: reservation.address)] = nil
            for key in [Key.account(reservation.email)] + (reservation.address.map { [.address($0)] } ?? []) {
                guard var times = failures[key], let index = times.lastIndex(of: reservation.at) else { continue }
                times.remove(at: index)
                failures[key] = times.isEmpty ? nil : times
            }
        }
    }

    private func recent(_ key: Key, after cutoff: Timestamp, in failures: inout [Key: [Timestamp]]) -> [Timestamp] {
        guard var times = failures[key] else { return [] }
        times.removeAll { $0 <= cutoff }
        failures[key] = times.isEmpty ? nil : times
        return times
    }

    /// Drops expired keys, then the least recently failed, to a tenth under the bound so that
    /// a flood of new keys sorts the map once per many attempts rather than on each.
    private func prune(_ failures: inout [Key: [Timestamp]], cutoff: Timestamp) {
        failures = failures.filter { ($0.value.last ?? cutoff) > cutoff }
        let target = limits.maximumKeys - limits.maximumKeys / 10
        guard failures.count > target else { return }
        let oldest = failures.map { ($0.key, $0.value.last ?? cutoff) }.sorted { $0.1 < $1.1 }
        for (key, _) in oldest.prefix(failures.count - target) { failures[key] = nil }
    }

    /// Keys stay small whatever a client sends: no account's email is longer than 254 bytes, so
    /// longer ones only collide with each other.
    private static func bounded(_ text: String) -> String {
        text.utf8.count <= 255 ? text : String(decoding: text.utf8.prefix(255), as: UTF8.self)
    }
}
