import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import Synchronization
import Tracing

/// Where the store's SQL runs: one SQLite connection for writes (serialised; SQLite has one
/// writer anyway) with read-only connections beside it for `read`, or a pool of PostgreSQL
/// connections. Every statement goes through a counting wrapper, so
/// tests can assert how many statements an operation costs.
public final class Database: Sendable {
    public enum Dialect: String, Sendable { case sqlite, postgres }

    public let dialect: Dialect
    /// The SQLite database's file; nil for PostgreSQL and in-memory SQLite.
    public let filePath: String?
    private let backend: Backend
    private let statements = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    let logger: Logger
    private let connectionWait: Duration

    private enum Backend: Sendable {
        /// The writer, its lock, and the readers (none for an in-memory database, which each
        /// connection would see as a database of its own).
        case sqlite(SQLiteConnection, AsyncLock, SQLiteReaders?)
        case postgres(PostgresClient, PostgresClient.Configuration, Task<Void, Never>)
    }

    /// Opens `url`: `postgres://user:password@host:port/database` (or `postgresql://`), or a SQLite
    /// file path (`sqlite:///abs/path`, `sqlite:relative/path`, or a bare path).
    ///
    /// On PostgreSQL, `connectionWait` bounds how long an operation waits for a pooled
    /// connection: while the database is unreachable the pool queues every request, and a
    /// client is better served by a prompt "unavailable" than by an answer that arrives (or
    /// not) when the database returns.
    ///
    /// A SQLite file gets `sqliteReaders` read-only connections beside its writer (see `read`).
    public static func open(url: String, logger: Logger, connectionWait: Duration = .seconds(3),
                            sqliteReaders: Int = 2) async throws -> Database {
        // The drivers log each statement with its bound values at debug and trace level: those
        // values include password hashes and tokens' digests, so drivers never log below info.
        var logger = logger
        logger.logLevel = max(logger.logLevel, .info)
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let configuration = try postgresConfiguration(url)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let database = Database(dialect: .postgres, backend: .postgres(client, configuration, runner), logger: logger,
                                    connectionWait: connectionWait)
            do {
                try await database.ping()
            } catch {
                // Nobody will hold this database to close it: stop its pool's run task now.
                await database.close()
                throw error
            }
            return database
        }
        var path = url
        if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) } else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
        let connection = try await SQLiteConnection.open(storage: path == ":memory:" ? .memory : .file(path: path), logger: logger)
        let inMemory = path == ":memory:"
        if !inMemory {
            do {
                // Before any reader opens: the readers rely on WAL mode to run beside the writer.
                try await connection.query("PRAGMA journal_mode = WAL", []) { _ in }
            } catch {
                try? await connection.close()
                throw error
            }
        }
        let readers: SQLiteReaders?
        do {
            readers = inMemory ? nil : try await SQLiteReaders.open(path: path, count: sqliteReaders, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        let database = Database(dialect: .sqlite, backend: .sqlite(connection, AsyncLock(), readers), logger: logger,
                                filePath: inMemory ? nil : path)
        do {
            try await database.withConnection { db in
                if !inMemory {
                    try await db.raw("PRAGMA journal_mode = WAL").run()
                    // FULL: each commit syncs the WAL, so an acknowledged write survives a power loss,
                    // not only a killed process (NORMAL would survive only the latter).
                    try await db.raw("PRAGMA synchronous = FULL").run()
                }
                try await db.raw("PRAGMA foreign_keys = ON").run()
            }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// `url` with the password of its `user:password@` part replaced, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return url.replacingCharacters(in: url.index(after: colon)..<at, with: "***")
    }

    private init(dialect: Dialect, backend: Backend, logger: Logger, filePath: String? = nil, connectionWait: Duration = .seconds(3)) {
        self.filePath = filePath
        self.connectionWait = connectionWait
        self.dialect = dialect
        self.backend = backend
        self.logger = logger
    }

    /// Statements executed so far through this database.
    public var statementCount: Int { statements.load(ordering: .relaxed) }

    /// Runs `body` with a connection of its own for its whole duration.
    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let connection, let lock, _):
            await lock.lock()
            defer { lock.unlock() }
            return try await body(CountingDatabase(base: connection.sql(), counter: self))
        case .postgres(let client, _, _):
            // The lease's tasks end before `within` returns, so `body` does not outlive this call.
            return try await withoutActuallyEscaping(body) { body in
                try await ConnectionLease.within(connectionWait) { acquired in
                    try await client.withConnection { connection in
                        try acquired()
                            return try await body(CountingDatabase(base: connection.sql(), counter: self, connection: connection))
                    }
                }
            }
        }
    }

    /// Runs `body`, which only reads, on a connection of its own. On a SQLite file that is one of
    /// the read-only connections, so reads neither wait for the writer nor for each other (up to
    /// the number of readers); each statement sees what was committed before it began, so a read
    /// after a write that returned sees that write. Elsewhere it is `withConnection`. A write in
    /// `body` fails on SQLite (`query_only`).
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqlite(_, _, let readers?) = backend else { return try await withConnection(body) }
        return try await readers.withReader { connection in
            try await body(CountingDatabase(base: connection.sql(), counter: self))
        }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { db in
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func ping() async throws {
        try await withConnection { db in _ = try await db.raw("SELECT 1 AS one").all() }
    }

    /// Sends `payload` on a PostgreSQL channel (NOTIFY), to every instance listening on it.
    func notify(channel: String, payload: String) async throws {
        try await withConnection { db in
            _ = try await db.raw("SELECT pg_notify(\(bind: channel), \(bind: payload)) AS sent").all()
        }
    }

    /// Listens on a PostgreSQL channel on a dedicated connection, calling `onPayload` for every
    /// notification, reconnecting after failures, until the task is cancelled. Returns at once on SQLite.
    func listen(channel: String, onPayload: @escaping @Sendable (String) async -> Void) async {
        guard case .postgres(_, let configuration, _) = backend else { return }
        let connectionConfiguration = PostgresConnection.Configuration(
            host: configuration.host ?? "127.0.0.1", port: configuration.port ?? 5432,
            username: configuration.username, password: configuration.password,
            database: configuration.database, tls: .disable)
        var attempt = 0
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 1, logger: logger)
                attempt = 0
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: channel) { notifications in
                    for try await notification in notifications { await onPayload(notification.payload) }
                }
            } catch {
                if Task.isCancelled { return }
                attempt += 1
                logger.warning("event listener lost its connection; reconnecting", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                try? await Task.sleep(for: .milliseconds(min(5_000, 100 * attempt * attempt)))
            }
        }
    }

    deinit {
        // A database dropped without `close()` still closes its SQLite handle.
        if case .sqlite(let connection, _, let readers) = backend, !closed.exchange(true, ordering: .relaxed) {
            readers?.closeNow()
            _ = connection.close()
        }
    }

    /// Closes connections.
    public func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        switch backend {
        case .sqlite(let connection, _, let readers):
            await readers?.close()
            try? await connection.close()
        case .postgres(_, _, let runner): runner.cancel()
        }
    }

    fileprivate func countStatement() { statements.add(1, ordering: .relaxed) }

    private static func postgresConfiguration(_ url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw StoreError.badDatabaseURL(Database.redacted(url))
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 20
        // Refused or unanswered connects fail in 3 s (not 10), so the pool notices an outage
        // (and the database's return) sooner.
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}

/// The database closed the connection a statement was sent on (an outage, a restart, or the
/// session being terminated) before answering the statement.
public struct ConnectionClosed: Error, CustomStringConvertible {
    public var description: String { "The database closed the connection." }
}

public enum StoreError: Error, CustomStringConvertible {
    case badDatabaseURL(String)
    case migration(String)
    /// A stored value this version cannot read (written by hand, or by a newer version).
    case corrupt(String)

    public var description: String {
        switch self {
        case .corrupt(let what): "Unreadable stored value: \(what)."
        case .badDatabaseURL(let url): "Cannot read the database URL '\(url)'; expected postgres://user:password@host:port/database or a SQLite file path."
        case .migration(let message): message
        }
    }
}

/// Forwards to another database, counting each statement.
private struct CountingDatabase: SQLDatabase {
    let base: any SQLDatabase
    let counter: Database
    /// PostgreSQL: the connection, checked before and during each statement. PostgresNIO (1.33)
    /// leaves a statement sent on a connection the server has already closed (a fast shutdown or
    /// `pg_terminate_backend` between two statements) waiting forever.
    var connection: PostgresConnection? = nil

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    /// SQLKit's own statement log is off: it would print bound values (see `Database.open`).
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        counter.countStatement()
        guard let connection else { return base.execute(sql: query, onRow) }
        if connection.isClosed { return eventLoop.makeFailedFuture(ConnectionClosed()) }
        // The check above races with the server closing the connection (the close may not have
        // been processed yet when the statement is written), so a statement still unanswered
        // is failed once its connection is seen closed, checked every 250 ms.
        let loop = eventLoop
        let answer = loop.makePromise(of: Void.self)
        let watchdog = loop.scheduleRepeatedTask(initialDelay: Self.closedCheck, delay: Self.closedCheck) { task in
            if connection.isClosed {
                task.cancel()
                answer.fail(ConnectionClosed())
            }
        }
        base.execute(sql: query, onRow).hop(to: loop).whenComplete { result in
            watchdog.cancel()
            answer.completeWith(result)
        }
        return answer.futureResult
    }

    private static let closedCheck = TimeAmount.milliseconds(250)

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        // Only statements under a span (a request's, a job's): background polling would otherwise
        // send a trace of its own for every statement.
        guard StatementTracing.isOn, ServiceContext.current != nil else { return try await executeUntraced(sql: query, onRow) }
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let keyword = serializer.sql.prefix { !$0.isWhitespace && $0 != "(" }.uppercased()
        let rows = RowCount()
        try await withSpan("db.query", ofKind: .client) { span in
            span.attributes["db.system"] = counter.dialect == .postgres ? "postgresql" : "sqlite"
            span.attributes["db.operation.name"] = String(keyword.prefix(16))
            try await executeUntraced(sql: query) { row in
                rows.value.add(1, ordering: .relaxed)
                onRow(row)
            }
            span.attributes["db.response.returned_rows"] = rows.value.load(ordering: .relaxed)
        }
    }

    private func executeUntraced(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if connection != nil {
            try await (execute(sql: query, onRow) as EventLoopFuture<Void>).get()
        } else {
            counter.countStatement()
            try await base.execute(sql: query, onRow)
        }
    }
}

/// Whether every SQL statement gets a client span (`db.query`: statement kind, rows returned):
/// turned on with tracing.
public enum StatementTracing {
    private static let on = Atomic<Bool>(false)
    public static var isOn: Bool { on.load(ordering: .relaxed) }
    public static func enable() { on.store(true, ordering: .relaxed) }
}

private final class RowCount: Sendable {
    let value = Atomic<Int>(0)
}

/// A first-come, first-served lock for async code (the SQLite connection's owner).
final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func lock() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state in
                if !state.locked {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.locked = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
