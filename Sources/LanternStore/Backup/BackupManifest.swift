import Crypto
import Foundation

/// What a backup holds, written beside it as `<file>.manifest.json`: restoring checks the file's
/// digest before it starts and every table's row count after it ends.
public struct BackupManifest: Codable, Sendable, Equatable {
    public var format = 1
    /// `sqlite` or `postgres`: a backup restores into a database of the same kind.
    public var dialect: String
    /// The last migration applied when the backup was taken.
    public var schemaVersion: String
    /// RFC 3339, UTC.
    public var createdAt: String
    /// Rows per table, counted in the backup's own snapshot.
    public var rowCounts: [String: Int]
    /// Hex SHA-256 of the backup file.
    public var sha256: String
    public var bytes: Int

    public static func url(for backup: URL) -> URL { URL(fileURLWithPath: backup.path + ".manifest.json") }

    public func write(beside backup: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: Self.url(for: backup), options: .atomic)
    }

    public static func read(beside backup: URL) throws -> BackupManifest {
        let url = url(for: backup)
        guard let data = try? Data(contentsOf: url) else { throw BackupError("No manifest at \(url.path); a backup is restored with its manifest.") }
        do {
            return try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError("\(url.path) is not a Lantern backup manifest: \(error).")
        }
    }

    /// The file's hex SHA-256 and size, read in 1 MiB pieces.
    public static func digest(of file: URL) throws -> (sha256: String, bytes: Int) {
        guard let handle = try? FileHandle(forReadingFrom: file) else { throw BackupError("Cannot read \(file.path).") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }
}

/// Why a backup or restore stopped, in words for an operator.
public struct BackupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
