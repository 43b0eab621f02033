import Synchronization

/// A database operation, bounded only in how long it waits for a connection: once it has one it
/// runs to the end (a write is never abandoned half way by this bound).
enum ConnectionLease {
    /// Runs `operation`, which calls `acquired()` as soon as it holds a connection; if that has
    /// not happened within `wait`, the operation is cancelled (the pool drops its queued
    /// request) and `DatabaseUnavailable` is thrown. Exactly one of the two wins: a connection
    /// that arrives after the deadline makes `acquired()` throw before anything runs on it, so
    /// an operation reported as unavailable has never started.
    static func within<T: Sendable>(_ wait: Duration,
                                    _ operation: @escaping @Sendable (_ acquired: @escaping @Sendable () throws -> Void) async throws -> T)
        async throws -> T {
        let state = State()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await operation {
                    guard state.value.compareExchange(expected: waiting, desired: holding, ordering: .acquiringAndReleasing).exchanged else {
                        throw DatabaseUnavailable(waited: wait)
                    }
                }
            }
            group.addTask {
                // Cancelled (the operation finished, or the caller went away): the operation's
                // own outcome decides, never this timer.
                guard (try? await Task.sleep(for: wait)) != nil else { return nil }
                if state.value.compareExchange(expected: waiting, desired: gaveUp, ordering: .acquiringAndReleasing).exchanged {
                    throw DatabaseUnavailable(waited: wait)
                }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    private static let waiting: UInt8 = 0, holding: UInt8 = 1, gaveUp: UInt8 = 2

    private final class State: Sendable {
        let value = Atomic<UInt8>(ConnectionLease.waiting)
    }
}

/// No database connection became free in time: the database is unreachable or overloaded.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public let waited: Duration
    public var description: String { "No database connection became available within \(waited)." }
}
