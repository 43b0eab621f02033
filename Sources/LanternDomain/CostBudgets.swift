import Synchronization

/// Budgets of cost points per time window: each tenant, each API key and each client address
/// (for operations without a credential) may spend `Limits.points` points of the static cost of
/// the operations it runs every `Limits.windowSeconds`. An operation is charged its whole cost
/// before it runs, or refused with RATE_LIMITED and the seconds until the window resets.
///
/// Windows are fixed (they start at a bucket's first charge) and kept in memory: with several
/// instances each enforces its own budget (docs/security.md). The map is bounded: expired
/// buckets are dropped when it grows past `Limits.maximumBuckets`, then the oldest.
public final class CostBudgets: Sendable {
    public struct Limits: Sendable {
        public var points: Int
        public var windowSeconds: Int
        public var maximumBuckets: Int

        public init(points: Int = 100_000, windowSeconds: Int = 600, maximumBuckets: Int = 100_000) {
            self.points = points
            self.windowSeconds = windowSeconds
            self.maximumBuckets = maximumBuckets
        }
    }

    /// Where a budget stands, as `RateLimit-*` headers and `Query.rateLimit` report it.
    public struct Standing: Sendable, Hashable {
        public var limit: Int
        public var remaining: Int
        public var resetAt: Timestamp

        public func secondsUntilReset(from now: Timestamp) -> Int {
            max(0, (resetAt.milliseconds - now.milliseconds + 999) / 1000)
        }
    }

    /// Whose budget: a tenant, an API key, a user acting outside any tenant, or an address.
    public enum Owner: Sendable, Hashable {
        case tenant(TenantID)
        case apiKey(APIKeyID)
        case user(UserID)
        case address(String)
    }

    private struct Bucket {
        var windowStart: Timestamp
        var spent: Double
    }

    public let limits: Limits
    private let buckets = Mutex<[Owner: Bucket]>([:])

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Charges `cost` to every owner in `owners` (all or none), against each one's `limit`
    /// (`limits.points` when nil). Returns the tightest standing after the charge.
    public func charge(_ cost: Double, to owners: [(Owner, Int?)], now: Timestamp = .now()) throws(DomainError) -> Standing {
        let outcome: Result<Standing, DomainError> = buckets.withLock { buckets in
            if buckets.count > limits.maximumBuckets { prune(&buckets, now: now) }
            var tightest: Standing?
            for (owner, limit) in owners {
                let bucket = current(buckets[owner], now: now)
                let before = standing(of: bucket, limit: limit ?? limits.points, spending: 0)
                if bucket.spent + cost > Double(before.limit) {
                    return .failure(.rateLimited(
                        "This operation costs \(Int(cost.rounded(.up))) points and the budget has \(before.remaining) of \(before.limit) left in this window.",
                        retryAfterSeconds: before.secondsUntilReset(from: now)))
                }
                let after = standing(of: bucket, limit: before.limit, spending: cost)
                if tightest.map({ after.remaining < $0.remaining }) ?? true { tightest = after }
            }
            for (owner, _) in owners {
                var bucket = current(buckets[owner], now: now)
                bucket.spent += cost
                buckets[owner] = bucket
            }
            return .success(tightest ?? standing(of: current(nil, now: now), limit: limits.points, spending: 0))
        }
        return try outcome.get()
    }

    /// Where the tightest of `owners`' budgets stands, without charging them.
    public func standing(of owners: [(Owner, Int?)], now: Timestamp = .now()) -> Standing {
        buckets.withLock { buckets in
            owners.map { standing(of: current(buckets[$0.0], now: now), limit: $0.1 ?? limits.points, spending: 0) }
                .min { $0.remaining < $1.remaining }
                ?? standing(of: current(nil, now: now), limit: limits.points, spending: 0)
        }
    }

    /// The bucket as it stands at `now`: a new window once the old one has ended.
    private func current(_ bucket: Bucket?, now: Timestamp) -> Bucket {
        guard let bucket, bucket.windowStart.adding(seconds: limits.windowSeconds) > now else {
            return Bucket(windowStart: now, spent: 0)
        }
        return bucket
    }

    private func standing(of bucket: Bucket, limit: Int, spending cost: Double) -> Standing {
        Standing(limit: limit, remaining: max(0, limit - Int((bucket.spent + cost).rounded(.up))),
                 resetAt: bucket.windowStart.adding(seconds: limits.windowSeconds))
    }

    private func prune(_ buckets: inout [Owner: Bucket], now: Timestamp) {
        buckets = buckets.filter { $0.value.windowStart.adding(seconds: limits.windowSeconds) > now }
        guard buckets.count > limits.maximumBuckets / 2 else { return }
        let keep = buckets.sorted { $0.value.windowStart > $1.value.windowStart }.prefix(limits.maximumBuckets / 2)
        buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
