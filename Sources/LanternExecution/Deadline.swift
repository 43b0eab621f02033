import Synchronization

/// Runs `work`, or gives up after `timeout` and returns nil; the work is cancelled then, and
/// execution stops starting resolver passes once it sees that.
///
/// Deadlines are watched by one shared task (`Deadlines`) rather than a sleeping task per call:
/// on Linux a cancelled `Task.sleep` keeps its timer's memory until the time it was set for, so a
/// 30-second sleep per request (or per subscription event) held about 0.75 KB for 30 s each —
/// tens of megabytes under load (measured in `Benchmarks/events/replay.py`).
public func withTimeout<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
    let race = FirstOutcome<T>()
    let task = Task { race.settle(await work()) }
    // At the deadline the caller gets nil at once: work that does not notice its cancellation
    // (a statement stuck on a dead database connection) no longer holds the answer hostage.
    let watch = Deadlines.shared.add(at: .now + timeout) {
        race.settle(nil)
        task.cancel()
    }
    let value = await withTaskCancellationHandler { await race.value() } onCancel: { task.cancel() }
    Deadlines.shared.remove(watch)
    return value
}

/// The first of the work's value and the deadline's nil; later ones are ignored.
private final class FirstOutcome<T: Sendable>: Sendable {
    private struct State {
        var outcome: T??
        var waiter: CheckedContinuation<T?, Never>?
    }
    private let state = Mutex(State())

    func settle(_ value: T?) {
        let waiter = state.withLock { state -> CheckedContinuation<T?, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = .some(value)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    func value() async -> T? {
        await withCheckedContinuation { continuation in
            let settled = state.withLock { state -> T?? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }
}

/// The deadlines of running work, checked every `tick` by one long-lived task, which fires (and
/// forgets) each one that has passed.
final class Deadlines: Sendable {
    static let shared = Deadlines()
    static let tick: Duration = .milliseconds(20)

    private struct Watch {
        var deadline: ContinuousClock.Instant
        var fire: @Sendable () -> Void
    }

    private let watches = Mutex<(next: Int, byID: [Int: Watch])>((0, [:]))

    private init() {
        Task.detached { [self] in
            while true {
                try? await Task.sleep(for: Self.tick)
                let now = ContinuousClock.now
                let due = watches.withLock { state -> [@Sendable () -> Void] in
                    guard !state.byID.isEmpty else { return [] }
                    let due = state.byID.filter { $0.value.deadline <= now }
                    for id in due.keys { state.byID[id] = nil }
                    return due.values.map(\.fire)
                }
                for fire in due { fire() }
            }
        }
    }

    func add(at deadline: ContinuousClock.Instant, fire: @escaping @Sendable () -> Void) -> Int {
        watches.withLock { state in
            let id = state.next
            state.next += 1
            state.byID[id] = Watch(deadline: deadline, fire: fire)
            return id
        }
    }

    func remove(_ id: Int) { watches.withLock { _ = $0.byID.removeValue(forKey: id) } }
}

extension ExecutionResponse {
    /// What an operation (or one subscription event's execution) that ran past its deadline answers.
    public static var timedOut: ExecutionResponse {
        ExecutionResponse(requestErrors: [GraphQLError("The request took too long and was cancelled.", code: "TIMEOUT")])
    }
}
