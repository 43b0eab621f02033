import Foundation
import LanternDomain
import SQLKit

/// Applies the SQL files of `Migrations/` in name order, each in its own transaction together
/// with its record in `lantern_migrations`. Refuses to run when the recorded history differs from
/// the files (a file edited or removed after it was applied), naming the file.
///
/// A file `Migrations/<dialect>/NAME.sql` replaces `Migrations/NAME.sql` for that dialect.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public var name: String
        public var sql: String
        public var checksum: String { SecureRandom.digest(sql) }
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `LANTERN_MIGRATIONS`, else `./Migrations`, else the `Migrations/` of the source checkout this
    /// binary was built from.
    public static func locate() -> Migrator {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LANTERN_MIGRATIONS"] { return Migrator(directory: URL(fileURLWithPath: path)) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Migrations")
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("0001_initial.sql").path) {
            return Migrator(directory: local)
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations")
        return Migrator(directory: checkout)
    }

    public func migrations(for dialect: Database.Dialect) throws -> [Migration] {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: directory.path) else {
            throw StoreError.migration("No migrations directory at \(directory.path); set LANTERN_MIGRATIONS.")
        }
        return try names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            let specific = directory.appendingPathComponent(dialect.rawValue).appendingPathComponent(name)
            let url = files.fileExists(atPath: specific.path) ? specific : directory.appendingPathComponent(name)
            return Migration(name: String(name.dropLast(4)), sql: try String(contentsOf: url, encoding: .utf8))
        }
    }

    /// Applies what is missing; returns the names applied.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [String] {
        let migrations = try migrations(for: database.dialect)
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.transaction { db in
                if database.dialect == .postgres {
                    // Instances starting together take turns.
                    _ = try await db.raw("SELECT pg_advisory_xact_lock(74357) AS locked").all()
                }
                try await db.raw("""
                    CREATE TABLE IF NOT EXISTS lantern_migrations (
                        name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)
                    """).run()
                let recorded = try await Self.history(db)
                try Self.check(recorded, against: migrations)
                if recorded[migration.name] != nil { return false }
                for statement in Self.statements(of: migration.sql) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("""
                    INSERT INTO lantern_migrations (name, checksum, applied_at)
                    VALUES (\(bind: migration.name), \(bind: migration.checksum), \(bind: Int(Date().timeIntervalSince1970 * 1000)))
                    """).run()
                return true
            }
            if didApply { applied.append(migration.name) }
        }
        return applied
    }

    /// Whether every migration file has been applied (for readiness).
    public func isCurrent(_ database: Database) async -> Bool {
        guard let migrations = try? migrations(for: database.dialect),
              let recorded = try? await database.withConnection({ try await Self.history($0) }) else { return false }
        return (try? Self.check(recorded, against: migrations)) != nil && migrations.allSatisfy { recorded[$0.name] != nil }
    }

    private static func history(_ db: any SQLDatabase) async throws -> [String: String] {
        var recorded: [String: String] = [:]
        for row in try await db.raw("SELECT name, checksum FROM lantern_migrations").all() {
            recorded[try row.decode(column: "name", as: String.self)] = try row.decode(column: "checksum", as: String.self)
        }
        return recorded
    }

    static func check(_ recorded: [String: String], against migrations: [Migration]) throws {
        let byName = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0) })
        for (name, checksum) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let migration = byName[name] else {
                throw StoreError.migration("The database has migration '\(name)' applied, but Migrations/ has no such file; refusing to run against a different history.")
            }
            guard migration.checksum == checksum else {
                throw StoreError.migration("Migration '\(name)' was changed after it was applied (checksum differs); refusing to run. Add a new migration instead of editing an applied one.")
            }
        }
    }

    /// Splits a file into statements at semicolons that end a line, dropping `--` comments.
    static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") || trimmed.isEmpty { continue }
            current += line + "\n"
            if trimmed.hasSuffix(";") {
                statements.append(String(current.trimmingCharacters(in: .whitespacesAndNewlines).dropLast()))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
