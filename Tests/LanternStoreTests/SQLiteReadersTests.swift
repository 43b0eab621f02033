import Foundation
import LanternDomain
import LanternStore
import SQLKit
import Synchronization
import Testing

/// A SQLite file's read-only connections: reads run beside the writer (and each other) and see
/// every write that has returned; a write sent to one fails.
@Suite("SQLite readers")
struct SQLiteReadersTests {
    @Test func aReadRunsWhileTheWriterIsHeldAndSeesCommittedWrites() async throws {
        let database = try await TestDatabases.migrated(.sqlite)
        defer { Task { await database.close() } }
        try await database.withConnection { db in
            try await db.raw("INSERT INTO settings (key, value) VALUES ('reader-test', 'committed')").run()
        }
        // The writer is held (a long operation, say) until the read has finished: with one
        // connection for everything the read would wait for it, and this test would time out.
        let gate = Gate(), holding = HeldCount()
        let writer = Task {
            try await database.transaction { db in
                try await db.raw("UPDATE settings SET value = 'uncommitted' WHERE key = 'reader-test'").run()
                holding.value.add(1, ordering: .relaxed)
                await gate.wait()
            }
        }
        for _ in 0..<100 where holding.value.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(holding.value.load(ordering: .relaxed) == 1)
        let reading = Task {
            try await database.read { db in
                try await db.raw("SELECT value FROM settings WHERE key = 'reader-test'").first()?.decode(column: "value", as: String.self)
            }
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(10))
            gate.open()
        }
        // The read sees the last committed value, not the held transaction's (had it waited for
        // the writer, the timer would have let the transaction commit first).
        #expect(try await reading.value == "committed")
        timer.cancel()
        gate.open()
        try await writer.value
        // Once the transaction has committed, a new read sees it.
        let after = try await database.read { db in
            try await db.raw("SELECT value FROM settings WHERE key = 'reader-test'").first()?.decode(column: "value", as: String.self)
        }
        #expect(after == "uncommitted")
    }

    @Test func aWriteOnAReaderFails() async throws {
        let database = try await TestDatabases.migrated(.sqlite)
        defer { Task { await database.close() } }
        await #expect(throws: (any Error).self) {
            try await database.read { db in
                try await db.raw("INSERT INTO settings (key, value) VALUES ('nope', 'x')").run()
            }
        }
        let count = try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM settings WHERE key = 'nope'").first()?.decode(column: "n", as: Int.self)
        }
        #expect(count == 0)
    }

    @Test func manyConcurrentReadsAndWritesAllFinishAndAgree() async throws {
        let database = try await TestDatabases.migrated(.sqlite)
        defer { Task { await database.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    if index % 4 == 0 {
                        try await database.withConnection { db in
                            try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: "k\(index)"), 'v')").run()
                        }
                    } else {
                        _ = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM settings").all() }
                    }
                }
            }
            try await group.waitForAll()
        }
        let written = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'k%'").first()?.decode(column: "n", as: Int.self)
        }
        #expect(written == 50)
    }
}
