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

    /// Where the SQL comes from: the files built into the binary, or a directory.
    public enum Source: Sendable, Equatable {
        case embedded
        case directory(URL)
    }

    public let source: Source

    public init(directory: URL) { source = .directory(directory) }

    /// The migrations built into this binary (the package's `Migrations/` when it was built).
    public static let embedded = Migrator(source: .embedded)

    private init(source: Source) { self.source = source }

    /// `LANTERN_MIGRATIONS` (a directory, for trying migrations without rebuilding), else the
    /// migrations built into the binary.
    public static func locate() -> Migrator {
        if let path = ProcessInfo.processInfo.environment["LANTERN_MIGRATIONS"], !path.isEmpty {
            return Migrator(directory: URL(fileURLWithPath: path))
        }
        return .embedded
    }

    /// The files as path (relative to `Migrations/`) → SQL.
    private func files() throws -> [String: String] {
        switch source {
        case .embedded:
            return Dictionary(EmbeddedMigrations.files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        case .directory(let directory):
            let manager = FileManager.default
            guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else {
                throw StoreError.migration("No migrations directory at \(directory.path); unset LANTERN_MIGRATIONS to use the built-in ones.")
            }
            var files: [String: String] = [:]
            for name in names {
                let url = directory.appendingPathComponent(name)
                if name.hasSuffix(".sql") {
                    files[name] = try String(contentsOf: url, encoding: .utf8)
                } else if Database.Dialect(rawValue: name) != nil {
                    for inner in (try? manager.contentsOfDirectory(atPath: url.path)) ?? [] where inner.hasSuffix(".sql") {
                        files["\(name)/\(inner)"] = try String(contentsOf: url.appendingPathComponent(inner), encoding: .utf8)
                    }
                }
            }
            return files
        }
    }

    public func migrations(for dialect: Database.Dialect) throws -> [Migration] {
        let files = try files()
        return files.keys.filter { !$0.contains("/") }.sorted().map { name in
            Migration(name: String(name.dropLast(4)), sql: files["\(dialect.rawValue)/\(name)"] ?? files[name] ?? "")
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

    /// Where a database stands against these migrations.
    public struct Status: Sendable {
        public var applied: [String]
        public var pending: [String]
        /// Why the recorded history does not match (an edited or unknown migration), if it does not.
        public var problem: String?
    }

    public func status(_ database: Database) async throws -> Status {
        let migrations = try migrations(for: database.dialect)
        // A database never migrated has no history table yet.
        let recorded = (try? await database.withConnection { try await Self.history($0) }) ?? [:]
        var problem: String?
        do { try Self.check(recorded, against: migrations) } catch { problem = "\(error)" }
        return Status(applied: migrations.map(\.name).filter { recorded[$0] != nil },
                      pending: migrations.map(\.name).filter { recorded[$0] == nil }, problem: problem)
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
