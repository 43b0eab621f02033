import Foundation

/// Runs a PostgreSQL client tool (`pg_dump`, `pg_restore`) found on PATH. The password goes in
/// the environment (`PGPASSWORD`), never on the command line where `ps` would show it.
enum ExternalTool {
    static func run(_ name: String, _ arguments: [String], password: String?) async throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let path else { throw BackupError("\(name) is not on PATH; install PostgreSQL's client tools (Debian: postgresql-client).") }
        let process = Process()
        process.executableURL = path
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BackupError("Cannot run \(path.path): \(error)."))
            }
        }
        guard status == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw BackupError("\(name) failed (exit \(status)): \(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000))")
        }
    }

    /// `url` without its password, and the password.
    static func splitPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, nil) }
        components.password = nil
        return (components.string ?? url, password.removingPercentEncoding ?? password)
    }
}
