import Synchronization

/// A process-wide hook around every batched resolver call (a span per batch, say), installed
/// once at startup. Unset, a batch costs one lock read more.
public enum BatchObservation {
    /// Runs `load` for a batch of `size` parents of the field `coordinate`.
    public typealias Observer = @Sendable (_ coordinate: String, _ size: Int, _ load: () async throws -> Void) async throws -> Void

    private static let observer = Mutex<Observer?>(nil)

    public static func install(_ observe: Observer?) { observer.withLock { $0 = observe } }

    static var current: Observer? { observer.withLock { $0 } }
}
