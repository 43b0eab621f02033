import LanternDomain
@testable import LanternStore
import Testing

/// The queue of event notices a PostgreSQL instance has yet to load: bounded per tenant while
/// loads fail, and fair between tenants when one of them is busy.
@Suite("Pending event notices")
struct PendingNoticesTests {
    private static func notice(_ tenant: String, _ sequence: Int) -> StoreEventBus.Notice {
        StoreEventBus.Notice(tenant: TenantID(tenant), sequence: sequence)
    }

    @Test func aTenantPastItsLimitLosesItsOldestNotices() {
        let pending = PendingNotices(limitPerTenant: 5)
        for sequence in 1...12 { pending.add(Self.notice("busy", sequence)) }
        pending.add(Self.notice("quiet", 1))
        let batch = pending.take(limit: 100)
        #expect(batch?[TenantID("busy")] == [8, 9, 10, 11, 12])
        #expect(batch?[TenantID("quiet")] == [1])
        #expect(pending.take(limit: 100) == nil)
    }

    @Test func aBusyTenantDoesNotCrowdOutTheOthers() {
        let pending = PendingNotices(limitPerTenant: 10_000)
        for sequence in 1...5_000 { pending.add(Self.notice("busy", sequence)) }
        for tenant in ["a", "b", "c"] {
            for sequence in 1...10 { pending.add(Self.notice(tenant, sequence)) }
        }
        // The busy tenant arrived first, yet every other tenant's notices are in the first batch.
        let first = pending.take(limit: 2_000)
        for tenant in ["a", "b", "c"] { #expect(first?[TenantID(tenant)] == Array(1...10)) }
        #expect(first?[TenantID("busy")] == Array(1...1_970))
        #expect(first?.values.map(\.count).reduce(0, +) == 2_000)
        // The rest follows in order, in batches of at most the limit, then nothing.
        var rest: [Int] = []
        while let batch = pending.take(limit: 2_000) {
            #expect(batch.values.map(\.count).reduce(0, +) <= 2_000 && batch.keys.map(\.rawValue) == ["busy"])
            rest += batch[TenantID("busy")] ?? []
        }
        #expect(rest == Array(1_971...5_000))
    }

    @Test func tenantsTakeTurnsWhenTheLimitIsSmallerThanTheirNumber() {
        let pending = PendingNotices(limitPerTenant: 100)
        for tenant in ["a", "b", "c", "d"] {
            for sequence in 1...3 { pending.add(Self.notice(tenant, sequence)) }
        }
        // Two notices a batch among four tenants: every tenant is served within two batches.
        var served: Set<String> = []
        for _ in 0..<2 { served.formUnion(pending.take(limit: 2)?.keys.map(\.rawValue) ?? []) }
        #expect(served == ["a", "b", "c", "d"])
    }
}
