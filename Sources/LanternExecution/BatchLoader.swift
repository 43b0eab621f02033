import Synchronization

/// The DataLoader idea without timers: every key requested while one pass of execution runs
/// is loaded by a single call to `load`, and results are cached for the rest of the request.
///
/// A resolver calls `resolution(for:)` synchronously; keys already loaded come back as plain
/// values, new keys as pending work. The executor starts all pending work of a pass together,
/// and the first to run takes every queued key into one batch.
public final class BatchLoader<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var results: [Key: Value] = [:]
        var missing: Set<Key> = []
        var failures: [Key: any Error] = [:]
        var queue: [Key] = []
        var queued: Set<Key> = []
        var inFlight: [Key: Task<Void, Never>] = [:]
    }

    private let load: @Sendable ([Key]) async throws -> [Key: Value]
    private let state = Mutex(State())
    private let calls = Atomic<Int>(0)

    /// - Parameter load: loads many keys at once; keys absent from the result load as nil.
    public init(load: @escaping @Sendable ([Key]) async throws -> [Key: Value]) {
        self.load = load
    }

    /// How many times `load` has been called (for tests and metrics).
    public var batchCount: Int { calls.load(ordering: .relaxed) }

    /// The value for `key` if it was already loaded: `.some(nil)` when it does not exist.
    public func cached(_ key: Key) -> Value?? {
        state.withLock { state in
            if let value = state.results[key] { return .some(value) }
            if state.missing.contains(key) { return .some(nil) }
            return nil
        }
    }

    /// Registers `key` for the next batch and returns work that yields its value.
    public func enqueue(_ key: Key) -> @Sendable () async throws -> Value? {
        state.withLock { state in
            if state.results[key] == nil && !state.missing.contains(key) && state.failures[key] == nil
                && state.inFlight[key] == nil && !state.queued.contains(key) {
                state.queue.append(key)
                state.queued.insert(key)
            }
        }
        return { [self] in try await self.value(for: key) }
    }

    /// Waits for `key`'s batch (starting it if it has not started) and returns its value.
    public func value(for key: Key) async throws -> Value? {
        let task: Task<Void, Never>? = state.withLock { state in
            if state.results[key] != nil || state.missing.contains(key) || state.failures[key] != nil { return nil }
            if let running = state.inFlight[key] { return running }
            if !state.queued.contains(key) {
                state.queue.append(key)
                state.queued.insert(key)
            }
            let keys = state.queue
            state.queue = []
            state.queued = []
            let task = Task { await self.run(keys) }
            for queuedKey in keys { state.inFlight[queuedKey] = task }
            return task
        }
        if let task { await task.value }
        return try state.withLock { state in
            if let failure = state.failures[key] { throw failure }
            return state.results[key]
        }
    }

    /// Drops what is known of `key`: for loaders that outlive a request (a subscription's) and
    /// whose keys are never asked for twice.
    public func forget(_ key: Key) {
        state.withLock { state in
            state.results[key] = nil
            state.missing.remove(key)
            state.failures[key] = nil
        }
    }

    private func run(_ keys: [Key]) async {
        calls.add(1, ordering: .relaxed)
        do {
            let loaded = try await load(keys)
            state.withLock { state in
                for key in keys {
                    if let value = loaded[key] { state.results[key] = value } else { state.missing.insert(key) }
                    state.inFlight[key] = nil
                }
            }
        } catch {
            state.withLock { state in
                for key in keys {
                    state.failures[key] = error
                    state.inFlight[key] = nil
                }
            }
        }
    }
}
