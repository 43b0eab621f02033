import Foundation
import LanternDomain
import Logging
import SQLKit

/// Online backups and restores. A backup is one consistent snapshot taken while the server keeps
/// writing: SQLite's `VACUUM INTO` (a read transaction, so WAL writers go on), or `pg_dump
/// --format=custom` on a snapshot exported from a REPEATABLE READ transaction in which the
/// manifest's row counts are taken too. A restore goes into an empty database only, checks the
/// file against its manifest first and the row counts after.
public enum Backups {
    /// Backs `database` up to `file` (which must not exist) and writes its manifest beside it.
    /// `url` is the database's URL (pg_dump connects with it).
    public static func backup(_ database: Database, url: String, to file: URL, now: Timestamp = .now()) async throws -> BackupManifest {
        guard !FileManager.default.fileExists(atPath: file.path) else { throw BackupError("\(file.path) exists; choose a new file.") }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let counts: [String: Int], version: String
        switch database.dialect {
        case .sqlite:
            try await database.withConnection { db in try await db.raw("VACUUM INTO \(bind: file.path)").run() }
            // Counted in the copy itself: exactly what it holds.
            let copy = try await Database.open(url: file.path, logger: database.logger)
            (counts, version) = try await copy.withConnection { db in (try await rowCounts(db, .sqlite), try await schemaVersion(db)) }
            await copy.close()
        case .postgres:
            let (plain, password) = ExternalTool.splitPassword(url)
            (counts, version) = try await database.withConnection { db in
                try await db.raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
                do {
                    guard let snapshot = try await db.raw("SELECT pg_export_snapshot() AS snapshot").first()?
                        .decode(column: "snapshot", as: String.self) else { throw BackupError("PostgreSQL exported no snapshot.") }
                    let taken = (try await rowCounts(db, .postgres), try await schemaVersion(db))
                    // pg_dump reads the same snapshot while this transaction holds it open.
                    try await ExternalTool.run("pg_dump", ["--format=custom", "--no-owner", "--snapshot=\(snapshot)",
                                                           "--file=\(file.path)", "--dbname=\(plain)"], password: password)
                    try await db.raw("COMMIT").run()
                    return taken
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    try? FileManager.default.removeItem(at: file)
                    throw error
                }
            }
        }
        let (sha256, bytes) = try BackupManifest.digest(of: file)
        let manifest = BackupManifest(dialect: database.dialect.rawValue, schemaVersion: version, createdAt: now.rfc3339, rowCounts: counts,
                                      sha256: sha256, bytes: bytes)
        try manifest.write(beside: file)
        return manifest
    }

    /// Restores `file` into the empty database at `url` (a SQLite path that does not exist or
    /// holds no tables, or an empty PostgreSQL database), then checks every table's row count
    /// against the manifest.
    public static func restore(from file: URL, into url: String, logger: Logger) async throws -> BackupManifest {
        let manifest = try BackupManifest.read(beside: file)
        let (sha256, _) = try BackupManifest.digest(of: file)
        guard sha256 == manifest.sha256 else {
            throw BackupError("\(file.path) does not match its manifest (SHA-256 \(sha256.prefix(12))…, expected \(manifest.sha256.prefix(12))…); refusing to restore a damaged or altered backup.")
        }
        let isPostgres = url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
        guard manifest.dialect == (isPostgres ? "postgres" : "sqlite") else {
            throw BackupError("This is a \(manifest.dialect) backup; restore it into a \(manifest.dialect) database.")
        }
        if isPostgres {
            let target = try await Database.open(url: url, logger: logger)
            defer { Task { await target.close() } }
            guard try await tables(of: target).isEmpty else { throw BackupError("The target database is not empty; restore into a new, empty database.") }
            let (plain, password) = ExternalTool.splitPassword(url)
            try await ExternalTool.run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=\(plain)", file.path],
                                       password: password)
            try await verify(target, against: manifest)
            await target.close()
        } else {
            var path = url
            if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) } else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
            if FileManager.default.fileExists(atPath: path) {
                let existing = try await Database.open(url: path, logger: logger)
                let empty = try await tables(of: existing).isEmpty
                await existing.close()
                guard empty else { throw BackupError("\(path) holds a database; restore into a new file.") }
                try FileManager.default.removeItem(atPath: path)
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: path))
            let target = try await Database.open(url: path, logger: logger)
            do { try await verify(target, against: manifest) } catch {
                await target.close()
                throw error
            }
            await target.close()
        }
        return manifest
    }

    private static func verify(_ database: Database, against manifest: BackupManifest) async throws {
        let (counts, version) = try await database.withConnection { db in
            (try await rowCounts(db, database.dialect), try await schemaVersion(db))
        }
        guard version == manifest.schemaVersion else {
            throw BackupError("The restored database is at migration \(version), the manifest says \(manifest.schemaVersion).")
        }
        for (table, expected) in manifest.rowCounts.sorted(by: { $0.key < $1.key }) where counts[table] != expected {
            throw BackupError("Table \(table) has \(counts[table].map(String.init) ?? "no") rows after the restore; the manifest says \(expected).")
        }
    }

    private static func tables(of database: Database) async throws -> [String] {
        try await database.withConnection { db in try await tableNames(db, database.dialect) }
    }

    private static func tableNames(_ db: any SQLDatabase, _ dialect: Database.Dialect) async throws -> [String] {
        let query: SQLQueryString = dialect == .postgres
            ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        return try await db.raw(query).all().map { try $0.decode(column: "name", as: String.self) }
    }

    private static func rowCounts(_ db: any SQLDatabase, _ dialect: Database.Dialect) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in try await tableNames(db, dialect) {
            counts[table] = try await db.raw("SELECT COUNT(*) AS total FROM \(ident: table)").first()?.decode(column: "total", as: Int.self) ?? 0
        }
        return counts
    }

    private static func schemaVersion(_ db: any SQLDatabase) async throws -> String {
        try await db.raw("SELECT name FROM lantern_migrations ORDER BY name DESC LIMIT 1").first()?.decode(column: "name", as: String.self)
            ?? "none"
    }
}
