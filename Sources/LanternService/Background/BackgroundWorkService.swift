import Foundation
import LanternDomain
import LanternStore
import Logging
import ServiceLifecycle

/// The background worker as a service of the server's `ServiceGroup`: it starts with the server
/// and stops (cancelling attempts in flight, whose leases then expire) on graceful shutdown. On
/// SQLite only one process works a database file: the others wait for its lock.
struct BackgroundWorkService: Service {
    let worker: BackgroundWorker
    let store: SQLStore
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            var lock: SQLiteWorkerLock?
            if let path = store.database.filePath {
                lock = try await SQLiteWorkerLock.acquire(for: path, logger: logger)
                guard lock != nil else { return }
                // The only worker of this file: no attempt is in flight anywhere, so every lease
                // is left over from a stop or a crash.
                try await store.releaseWebhookLeases()
            }
            await worker.run()
            withExtendedLifetime(lock) {}
        }
    }
}

/// An exclusive `flock` on `<database>-worker.lock`, held while the process lives.
final class SQLiteWorkerLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Waits for the lock (checking every 2 seconds); nil when cancelled first.
    static func acquire(for databasePath: String, logger: Logger) async throws -> SQLiteWorkerLock? {
        let path = databasePath + "-worker.lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LockError(path: path, reason: String(cString: strerror(errno))) }
        var warned = false
        while !Task.isCancelled {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return SQLiteWorkerLock(descriptor: descriptor) }
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                throw LockError(path: path, reason: String(cString: strerror(errno)))
            }
            if !warned {
                logger.warning("another process runs this SQLite database's background work; waiting for it to stop", metadata: ["lock": "\(path)"])
                warned = true
            }
            try? await Task.sleep(for: .seconds(2))
        }
        close(descriptor)
        return nil
    }

    struct LockError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "Cannot lock the worker lock file \(path): \(reason)." }
    }
}
