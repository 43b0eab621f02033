import LanternExecution
import Synchronization

/// Batches the parents of one level for a batched field: every parent resolved in the same pass
/// of execution is handed to one call of `load`, which returns one value per parent, in order.
/// Parents need not be hashable: each gets a ticket number.
public final class ParentBatch<Parent: Sendable, Value: Sendable>: Sendable {
    private final class Parents: Sendable {
        let byTicket = Mutex<[Int: Parent]>([:])
        let next = Atomic<Int>(0)
    }

    private let parents = Parents()
    private let loader: BatchLoader<Int, Value>

    /// - Parameter coordinate: the batched field (`Incident.reporter`), for `BatchObservation`.
    public init(coordinate: String = "", load: @escaping @Sendable ([Parent]) async throws -> [Value]) {
        let parents = parents
        loader = BatchLoader { tickets in
            // Each ticket is asked for once, so its parent leaves the table when its batch runs.
            let batch = parents.byTicket.withLock { table in tickets.map { table.removeValue(forKey: $0)! } }
            var values: [Value] = []
            if let observe = BatchObservation.current {
                try await observe(coordinate, batch.count) { values = try await load(batch) }
            } else {
                values = try await load(batch)
            }
            guard values.count == batch.count else {
                throw BatchCountMismatch(expected: batch.count, received: values.count)
            }
            return Dictionary(uniqueKeysWithValues: zip(tickets, values))
        }
    }

    /// Work that yields `parent`'s value once its level's batch has run.
    public func value(for parent: Parent) -> @Sendable () async throws -> Value {
        let ticket = parents.next.add(1, ordering: .relaxed).newValue
        parents.byTicket.withLock { $0[ticket] = parent }
        let load = loader.enqueue(ticket), loader = loader
        return {
            // A scope can outlive a request (a subscription's lives as long as the subscription),
            // so nothing of a ticket is kept once its value is handed over.
            defer { loader.forget(ticket) }
            guard let value = try await load() else { throw BatchCountMismatch(expected: 1, received: 0) }
            return value
        }
    }
}

/// A batched resolver returned a different number of values than it was given parents.
public struct BatchCountMismatch: Error, CustomStringConvertible {
    public let expected: Int
    public let received: Int
    public var description: String { "A batched resolver returned \(received) values for \(expected) parents." }
}
