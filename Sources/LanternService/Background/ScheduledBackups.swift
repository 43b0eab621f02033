import CoreMetrics
import Foundation
import LanternDomain
import LanternStore
import Logging

/// Settings of the server's own backups (`LANTERN_BACKUP_INTERVAL`, `LANTERN_BACKUP_DIR`,
/// `LANTERN_BACKUP_KEEP`).
public struct BackupSchedule: Sendable {
    public var interval: Duration
    public var directory: URL
    /// How many of the newest backups are kept; older ones (and their manifests) are deleted.
    public var keep: Int

    public init(interval: Duration, directory: URL, keep: Int = 7) {
        self.interval = interval
        self.directory = directory
        self.keep = keep
    }
}

/// Takes a backup every `interval` (one instance per interval, by a lease in the database) into
/// `directory` as `lantern-<UTC time>.sqlite|.dump` with its manifest, then keeps the newest `keep`.
struct ScheduledBackups: Sendable {
    let schedule: BackupSchedule
    let database: Database
    let url: String
    let leases: any RetentionStore
    let factory: any MetricsFactory
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: schedule.interval) } catch { return }
            do {
                if let file = try await backUp(now: .now()) {
                    outcome("written")
                    logger.info("backup written", metadata: ["file": "\(file.path)"])
                } else {
                    outcome("skipped")
                }
            } catch {
                outcome("failed")
                logger.error("backup failed", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            }
        }
    }

    /// One backup, unless another instance took this interval's; returns the file.
    func backUp(now: Timestamp) async throws -> URL? {
        let seconds = Int(schedule.interval.components.seconds)
        guard try await leases.claimJob("backup", until: now.adding(seconds: max(1, seconds * 9 / 10)), now: now) else { return nil }
        let stamp = now.rfc3339.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        let name = "lantern-\(stamp).\(database.dialect == .sqlite ? "sqlite" : "dump")"
        let file = schedule.directory.appendingPathComponent(name)
        // Written in a work directory beside the backups and moved in whole, manifest first, once
        // the oldest are pruned: whoever lists the directory (an operator copying the newest
        // backup off the machine, say) never finds a half-written file, a backup without its
        // manifest, or more than `keep` backups.
        let work = schedule.directory.appendingPathComponent(".partial", isDirectory: true)
        try? FileManager.default.removeItem(at: work)  // what a crash mid-backup left
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let partial = work.appendingPathComponent(name)
        _ = try await Backups.backup(database, url: url, to: partial, now: now)
        try prune(keeping: max(1, schedule.keep) - 1)
        try FileManager.default.moveItem(at: BackupManifest.url(for: partial), to: BackupManifest.url(for: file))
        try FileManager.default.moveItem(at: partial, to: file)
        return file
    }

    /// Deletes all but the newest `count` backups this schedule wrote (names sort by time).
    private func prune(keeping count: Int) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schedule.directory.path)) ?? []
        let backups = names.filter { $0.hasPrefix("lantern-") && ($0.hasSuffix(".sqlite") || $0.hasSuffix(".dump")) }.sorted()
        for name in backups.dropLast(count) {
            let file = schedule.directory.appendingPathComponent(name)
            try FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: BackupManifest.url(for: file))
        }
    }

    private func outcome(_ outcome: String) {
        CoreMetrics.Counter(label: "lantern_backups_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }
}
