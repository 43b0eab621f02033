import Logging
import SQLiteKit
import Synchronization

/// Read-only connections to a SQLite file, beside its one writing connection. In WAL mode a
/// reader sees every transaction committed before its statement began and neither waits for
/// the writer nor holds it up, so reads (most of a request's statements) run in parallel with
/// each other and with the writer instead of queueing behind one connection. Under a soak
/// whose data grew, that one connection became the server's bottleneck while the machine was a
/// third idle.
///
/// Each connection is set `query_only`: a write sent to a reader by mistake fails loudly
/// rather than racing the writer.
final class SQLiteReaders: Sendable {
    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    private let connections: [SQLiteConnection]
    private let state: Mutex<State>

    private init(connections: [SQLiteConnection]) {
        self.connections = connections
        state = Mutex(State(free: Array(connections.indices)))
    }

    /// Opens `count` readers on the file at `path` (which the writer has already put in WAL mode).
    static func open(path: String, count: Int, logger: Logger) async throws -> SQLiteReaders {
        var connections: [SQLiteConnection] = []
        do {
            for _ in 0..<max(1, count) {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                connections.append(connection)
                // A reader may meet the WAL being reset by a checkpoint; it waits, briefly, instead of failing.
                try await connection.query("PRAGMA busy_timeout = 5000", []) { _ in }
                try await connection.query("PRAGMA query_only = ON", []) { _ in }
            }
        } catch {
            for connection in connections { try? await connection.close() }
            throw error
        }
        return SQLiteReaders(connections: connections)
    }

    /// Runs `body` on a free reader, waiting (first come, first served) while all are busy.
    func withReader<T>(_ body: (SQLiteConnection) async throws -> T) async rethrows -> T {
        let index = await acquire()
        defer { release(index) }
        return try await body(connections[index])
    }

    func close() async {
        for connection in connections { try? await connection.close() }
    }

    /// Closes without waiting (a database dropped without `close()`).
    func closeNow() {
        for connection in connections { _ = connection.close() }
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let index = state.withLock { state -> Int? in
                if let index = state.free.popLast() { return index }
                state.waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, Never>? in
            if state.waiters.isEmpty {
                state.free.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
