import NIOPosix
import Synchronization

/// Where password hashing runs: a small pool of dedicated threads, never Swift's cooperative
/// threads, so a flood of sign-ins (each scrypt call takes a large fraction of a second and
/// 128 MiB) cannot starve the rest of the server. Work beyond `maximumWaiting` is refused at
/// once with RATE_LIMITED instead of queueing without bound.
public final class PasswordWork: Sendable {
    private let pool: NIOThreadPool
    private let waiting = Atomic<Int>(0)
    public let maximumWaiting: Int

    public init(threads: Int = 2, maximumWaiting: Int = 32) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
        self.maximumWaiting = maximumWaiting
    }

    deinit { pool.shutdownGracefully { _ in } }

    /// Runs `body` on the pool, or refuses when too much is already waiting.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard waiting.add(1, ordering: .relaxed).newValue <= maximumWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            throw DomainError.rateLimited("The server is busy checking passwords. Try again shortly.", retryAfterSeconds: 1)
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        return try await pool.runIfActive(body)
    }
}
