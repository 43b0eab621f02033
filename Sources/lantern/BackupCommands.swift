import ArgumentParser
import Foundation
import LanternStore
import Logging

/// `lantern backup --to FILE`: a consistent backup of the running service's database.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back the database up while the server runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump on PATH), with a manifest.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file to write (must not exist); its manifest goes to FILE.manifest.json.") var to: String

    func run() async throws {
        var logger = Logger(label: "lantern.backup")
        logger.logLevel = .warning
        let url = try database.resolved()
        let opened = try await Database.open(url: url, logger: logger)
        do {
            let manifest = try await Backups.backup(opened, url: url, to: URL(fileURLWithPath: to))
            print("Backed up \(manifest.rowCounts.values.reduce(0, +)) rows in \(manifest.rowCounts.count) tables at \(manifest.schemaVersion) to \(to) (\(manifest.bytes) bytes, sha256 \(manifest.sha256.prefix(16))…).")
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
    }
}

/// `lantern restore --from FILE`: into an empty database only, verified against the manifest.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty database (refusing a non-empty one) and verify it against its manifest.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file written by `lantern backup` (its manifest beside it).") var from: String

    func run() async throws {
        var logger = Logger(label: "lantern.restore")
        logger.logLevel = .warning
        let url = try database.resolved()
        let manifest = try await Backups.restore(from: URL(fileURLWithPath: from), into: url, logger: logger)
        print("Restored \(manifest.rowCounts.values.reduce(0, +)) rows in \(manifest.rowCounts.count) tables at \(manifest.schemaVersion) into \(Database.redacted(url)); every table's row count matches the manifest.")
    }
}
