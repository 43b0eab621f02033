/// Deletes incident events older than the server's window, for tenants without a window of their
/// own, in small batches (each its own transaction, so writers are never held up for long).
/// `RetentionJob` runs it with the per-tenant policies.
public struct EventLogRetention: Sendable {
    public let store: any DomainStore
    public let windowSeconds: Int
    public let interval: Duration
    public let batchSize: Int

    public init(store: any DomainStore, windowSeconds: Int, interval: Duration, batchSize: Int = 1_000) {
        self.store = store
        self.windowSeconds = windowSeconds
        self.interval = interval
        self.batchSize = batchSize
    }

    /// One pass: deletes batches until none is full; returns how many events it deleted.
    public func trim(now: Timestamp = .now()) async throws -> Int {
        let cutoff = now.adding(seconds: -windowSeconds)
        return try await Self.drain(batchSize: batchSize) { try await store.deleteLoggedEvents(before: cutoff, limit: $0) }
    }

    /// Runs `batch` (which deletes up to its argument and returns how many it deleted) until a
    /// batch is not full, yielding between batches; the total.
    static func drain(batchSize: Int, _ batch: (Int) async throws -> Int) async throws -> Int {
        var deleted = 0
        while !Task.isCancelled {
            let count = try await batch(batchSize)
            deleted += count
            if count < batchSize { break }
            await Task.yield()
        }
        return deleted
    }

    /// Trims every `interval` until cancelled; `onPass` hears each pass's count or error.
    public func run(onPass: @Sendable (Result<Int, any Error>) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do { onPass(.success(try await trim())) } catch { onPass(.failure(error)) }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
