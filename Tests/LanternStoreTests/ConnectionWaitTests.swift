import Foundation
import LanternDomain
@testable import LanternStore
import Testing

/// During a PostgreSQL outage the pool queues every operation; the wait for a connection is
/// bounded so requests fail promptly instead of hanging until the database returns.
@Suite("Connection wait")
struct ConnectionWaitTests {
    @Test func anUnreachableDatabaseFailsWithinTheWaitInsteadOfHanging() async throws {
        // Port 1: nothing listens there, so the pool's connects are refused, again and again.
        let port = 1
        do {
            _ = try await Database.open(url: "postgres://lantern@127.0.0.1:\(port)/lantern", logger: TestDatabases.logger,
                                        connectionWait: .milliseconds(300))
            Issue.record("opening an unreachable database succeeded")
        } catch let error as DatabaseUnavailable {
            #expect(error.waited == .milliseconds(300))
            #expect(DatabaseFailure.isUnavailability(error))
        }
    }

    @Test func aFullPoolRefusesTheNextOperationAndFinishesTheOnesHoldingConnections() async throws {
        guard let url = ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_URL"] else {
            Issue.record("LANTERN_TEST_POSTGRES_URL is not set: run the tests with scripts/test.")
            return
        }
        // A wait long enough for the pool to open its 20 connections on a busy machine.
        let database = try await Database.open(url: url, logger: TestDatabases.logger, connectionWait: .seconds(5))
        defer { Task { await database.close() } }
        // The pool's 20 connections, each held (running a statement, then nothing) until the
        // 21st operation has been refused.
        let gate = Gate(), holding = HeldCount()
        let holders = (0..<20).map { _ in
            Task {
                try await database.withConnection { db in
                    try await db.raw("SELECT 1 AS one").run()
                    holding.value.add(1, ordering: .relaxed)
                    await gate.wait()
                }
            }
        }
        for _ in 0..<300 where holding.value.load(ordering: .relaxed) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(holding.value.load(ordering: .relaxed) == 20)
        let started = ContinuousClock.now
        await #expect(throws: DatabaseUnavailable.self) {
            try await database.withConnection { db in try await db.raw("SELECT 1 AS one").run() }
        }
        #expect(ContinuousClock.now - started >= .seconds(5), "refused before the wait was over")
        gate.open()
        for holder in holders { try await holder.value }
        // The pool is free again: the bound refused only while it was full.
        try await database.ping()
    }

    /// What a fast shutdown of PostgreSQL does to each session: the statement in flight (inside
    /// a transaction) fails instead of waiting forever, and the pool serves the next operation.
    @Test(arguments: [true, false]) func aStatementOnAKilledConnectionFails(killedDuringTheStatement: Bool) async throws {
        guard let (database, admin) = try await Self.databaseAndAdmin() else { return }
        defer { Task { await database.close(); await admin.close() } }
        let name = "lantern-victim-\(killedDuringTheStatement)"
        let victim = Task {
            try await database.transaction { db in
                _ = try await db.raw("SELECT pg_backend_pid() AS pid, set_config('application_name', \(bind: name), true) AS name").all()
                if killedDuringTheStatement {
                    try await db.raw("SELECT pg_sleep(20) AS slept").run()
                } else {
                    // Killed between two statements: the next one is sent on a closed connection.
                    try? await Task.sleep(for: .seconds(2))
                    try await db.raw("SELECT 1 AS one").run()
                }
            }
        }
        var terminated = false
        for _ in 0..<50 where !terminated {
            try await Task.sleep(for: .milliseconds(100))
            let rows = try await admin.withConnection { db in
                try await db.raw("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = \(bind: name)").all()
            }
            terminated = !rows.isEmpty
        }
        #expect(terminated)
        let started = ContinuousClock.now
        do {
            try await victim.value
            Issue.record("the statement on a killed session succeeded")
        } catch {
            // Recognised as the database going away (a request refused for it is a 503), and
            // logged with its cause rather than PostgresNIO's generic sentence.
            #expect(DatabaseFailure.isUnavailability(error), "\(String(reflecting: error))")
            let described = DatabaseFailure.describe(error)
            #expect(!described.contains("Generic description") && !described.isEmpty, "\(described)")
        }
        #expect(ContinuousClock.now - started < .seconds(15), "the killed statement must fail, not wait out its sleep")
        try await database.ping()
    }

    /// Sessions killed again and again while statements keep being sent on them: whatever the
    /// moment of the kill (before a statement is written, while it is on the wire, while it
    /// runs), every operation ends, with a result or an error, within seconds.
    @Test func statementsRacingKilledSessionsAllEnd() async throws {
        guard let (database, admin) = try await Self.databaseAndAdmin() else { return }
        defer { Task { await database.close(); await admin.close() } }
        let until = ContinuousClock.now + .seconds(4)
        let finished = HeldCount()
        let workers = (0..<8).map { _ in
            Task { () -> Duration in
                var longest = Duration.zero
                while ContinuousClock.now < until {
                    let started = ContinuousClock.now
                    try? await database.transaction { db in
                        _ = try await db.raw("SELECT set_config('application_name', 'lantern-storm', true) AS name").all()
                        for _ in 0..<5 { _ = try await db.raw("SELECT 1 AS one").all() }
                    }
                    longest = max(longest, ContinuousClock.now - started)
                }
                finished.value.add(1, ordering: .relaxed)
                return longest
            }
        }
        var kills = 0
        while ContinuousClock.now < until {
            let rows = try await admin.withConnection { db in
                try await db.raw("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = 'lantern-storm'").all()
            }
            kills += rows.count
            try await Task.sleep(for: .milliseconds(15))
        }
        // A hung statement must fail the test, not hang it.
        let deadline = ContinuousClock.now + .seconds(8)
        while finished.value.load(ordering: .relaxed) < workers.count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        guard finished.value.load(ordering: .relaxed) == workers.count else {
            Issue.record("\(workers.count - finished.value.load(ordering: .relaxed)) operation(s) on killed sessions never ended")
            return
        }
        var longest = Duration.zero
        for worker in workers { longest = max(longest, await worker.value) }
        #expect(kills > 20, "the storm must have killed sessions (killed \(kills))")
        #expect(longest < .seconds(5), "an operation on a killed session waited \(longest)")
        // The database is still usable: the pool replaces killed connections (the last kill may
        // still be landing on one, hence a second try).
        do { try await database.ping() } catch { try await database.ping() }
    }

    /// A statement the server refuses is not an outage, and its log line says why it was refused.
    @Test func aRefusedStatementIsDescribedAndNotAnOutage() async throws {
        guard let (database, admin) = try await Self.databaseAndAdmin() else { return }
        defer { Task { await database.close(); await admin.close() } }
        do {
            _ = try await database.withConnection { db in try await db.raw("SELECT * FROM no_such_table").all() }
            Issue.record("a query on a missing table succeeded")
        } catch {
            #expect(!DatabaseFailure.isUnavailability(error))
            let described = DatabaseFailure.describe(error)
            #expect(described.contains("42P01") && described.contains("no_such_table"), "\(described)")
        }
    }

    /// The check that fails statements on closed connections leaves a slow statement on a
    /// healthy one alone, however many 250 ms checks it outlives.
    @Test func aSlowStatementOnAHealthyConnectionFinishes() async throws {
        guard let (database, admin) = try await Self.databaseAndAdmin() else { return }
        defer { Task { await database.close(); await admin.close() } }
        let rows = try await database.withConnection { db in
            try await db.raw("SELECT pg_sleep(1.2) IS NULL AS slept, 7 AS answer").all()
        }
        #expect(try rows.first?.decode(column: "answer", as: Int.self) == 7)
    }

    @Test func aConnectionArrivingAfterTheDeadlineRunsNothing() async throws {
        let ran = Ran()
        await #expect(throws: DatabaseUnavailable.self) {
            try await ConnectionLease.within(.milliseconds(50)) { acquired in
                // The connection comes late (the pool was slow): the work must not start.
                try? await Task.sleep(for: .milliseconds(300))
                try acquired()
                ran.mark()
                return 1
            }
        }
        #expect(!ran.value)
    }

    @Test func anOperationThatHoldsAConnectionMayOutliveTheWait() async throws {
        let value = try await ConnectionLease.within(.milliseconds(50)) { acquired in
            try acquired()
            try await Task.sleep(for: .milliseconds(300))
            return 42
        }
        #expect(value == 42)
    }

    /// A database whose operations wait 2 s for a connection, and a second one to kill its
    /// sessions from; nil (with a recorded issue) when no test PostgreSQL is configured.
    private static func databaseAndAdmin() async throws -> (Database, Database)? {
        guard let url = ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_URL"] else {
            Issue.record("LANTERN_TEST_POSTGRES_URL is not set: run the tests with scripts/test.")
            return nil
        }
        return (try await Database.open(url: url, logger: TestDatabases.logger, connectionWait: .seconds(2)),
                try await Database.open(url: url, logger: TestDatabases.logger))
    }

    private final class Ran: @unchecked Sendable {
        private let lock = NSLock()
        private var ran = false
        var value: Bool { lock.withLock { ran } }
        func mark() { lock.withLock { ran = true } }

    }
}
