import ArgumentParser
import Foundation
import LanternDomain
import LanternService
import LanternStore
import Logging

/// What this binary is: its version, the schema and migrations built into it.
enum BuildInfo {
    static let version = "0.17.0"

    static var schemaDigest: String { String(SecureRandom.digest(APISchema.sdl).prefix(16)) }
}

/// `lantern version`.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version, and the schema and migrations built in.")

    func run() throws {
        let migrations = try Migrator.embedded.migrations(for: .sqlite)
        print("lantern \(BuildInfo.version)")
        print("schema sha256:\(BuildInfo.schemaDigest)")
        print("migrations \(migrations.count), latest \(migrations.last?.name ?? "none")")
        #if os(Linux)
        print("platform linux")
        #else
        print("platform darwin")
        #endif
    }
}

/// `lantern doctor`: checks what `serve` needs before it is started, and says what to fix.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database, migrations, secrets, writable paths and clock; exit 1 if anything needs fixing.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        var failures = 0
        func report(_ ok: Bool?, _ what: String, _ detail: String) {
            let mark = ok == nil ? "warn" : ok! ? " ok " : "FAIL"
            print("[\(mark)] \(what): \(detail)")
            if ok == false { failures += 1 }
        }
        // The same file and variables `serve` would read; an invalid file is a failure to report.
        let environment: EnvironmentSettings
        do {
            environment = try database.settings()
            if let config = database.config { report(true, "configuration", "\(config) was read") }
        } catch {
            report(false, "configuration", "\(error)")
            environment = EnvironmentSettings(ProcessInfo.processInfo.environment)
        }
        let url = database.databaseURL ?? environment["DATABASE_URL"] ?? "lantern.sqlite"
        var logger = Logger(label: "lantern.doctor")
        logger.logLevel = .critical
        // Writable paths: a SQLite file's directory (the database, its WAL and the worker lock).
        if !url.hasPrefix("postgres://") && !url.hasPrefix("postgresql://") {
            var path = url
            if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) } else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            report(FileManager.default.isWritableFile(atPath: directory), "writable", "\(directory) (SQLite file, WAL and worker lock)")
        }
        do {
            let opened = try await Database.open(url: url, logger: logger)
            report(true, "database", "\(Database.redacted(url)) answers (\(opened.dialect.rawValue))")
            let migrator = Migrator.locate()
            let status = try await migrator.status(opened)
            if let problem = status.problem {
                report(false, "migrations", problem)
            } else if status.pending.isEmpty {
                report(true, "migrations", "\(status.applied.count) applied, none pending")
            } else {
                report(nil, "migrations", "\(status.pending.count) pending (\(status.pending.joined(separator: ", "))); `lantern serve` or `lantern migrate` applies them")
            }
            // The clock: instances sharing a database must agree on time (tokens, escalations, retries).
            let now = Date().timeIntervalSince1970
            let databaseNow: Double? = opened.dialect == .postgres
                ? try await opened.withConnection { try await $0.raw("SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8 AS now").first()?.decode(column: "now", as: Double.self) }
                : nil
            if let databaseNow {
                let skew = abs(databaseNow - now)
                report(skew < 2, "clock", String(format: "%.3f s from the database server's clock%@", skew, skew < 2 ? "" : " (synchronise with NTP)"))
            } else {
                report(true, "clock", "system clock \(Timestamp.now().rfc3339) (SQLite: no second clock to compare)")
            }
            await opened.close()
        } catch {
            report(false, "database", "\(Database.redacted(url)): \(error)")
        }
        if let secret = environment["LANTERN_JWT_SECRET"] {
            report(secret.utf8.count >= 32, "secrets", "\(environment.origins["LANTERN_JWT_SECRET"] ?? "LANTERN_JWT_SECRET") has \(secret.utf8.count) bytes (at least 32 needed)")
        } else {
            report(nil, "secrets", "LANTERN_JWT_SECRET is not set: a key generated once and kept in the database is used")
        }
        for previous in (environment["LANTERN_JWT_PREVIOUS_SECRETS"] ?? "").split(separator: ",") where previous.utf8.count < 32 {
            report(false, "secrets", "an entry of LANTERN_JWT_PREVIOUS_SECRETS has \(previous.utf8.count) bytes (at least 32 needed)")
        }
        print(failures == 0 ? "Ready to serve." : "\(failures) problem(s) to fix before serving.")
        if failures > 0 { throw ExitCode(1) }
    }
}
