import ArgumentParser

/// `LANTERN_*` environment variables (and the same settings from `--config`'s file), read
/// strictly: a value that does not parse or is out of range stops startup with a message naming
/// the variable (or the file's key) and what it accepts, since a typo must not silently become a
/// default. Variables the server does not know are reported; unlike a file's keys they do not
/// stop startup, because an environment is shared with other programs.
struct EnvironmentSettings {
    /// Every variable `serve` reads (DATABASE_URL too, which has no prefix).
    static let known: Set<String> = [
        "LANTERN_HOST", "LANTERN_PORT", "LANTERN_LOG_LEVEL", "LANTERN_JWT_SECRET", "LANTERN_JWT_PREVIOUS_SECRETS",
        "LANTERN_TRUSTED_PROXIES", "LANTERN_ACCESS_TOKEN_SECONDS", "LANTERN_COST_BUDGET", "LANTERN_COST_WINDOW_SECONDS",
        "LANTERN_EVENT_RETENTION_SECONDS", "LANTERN_RETENTION_INTERVAL_SECONDS", "LANTERN_MIGRATIONS",
        "LANTERN_WEBHOOKS_ALLOW_PRIVATE", "LANTERN_WEBHOOK_RETRY_SCHEDULE", "LANTERN_WEBHOOK_TIMEOUT_SECONDS",
        "LANTERN_BACKUP_INTERVAL", "LANTERN_BACKUP_DIR", "LANTERN_BACKUP_KEEP", "LANTERN_STATUS_POLICY",
        "LANTERN_INTROSPECTION", "LANTERN_EXPLORER", "LANTERN_DATABASE_WAIT_MS", "DATABASE_URL",
        "LANTERN_DOCUMENT_MODE", "LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT", "LANTERN_LOG_FORMAT", "LANTERN_OTLP_ENDPOINT",
    ]

    let environment: [String: String]
    /// Where a value came from when not from the environment (`lantern.toml: port`).
    let origins: [String: String]

    init(_ environment: [String: String], origins: [String: String] = [:]) {
        self.environment = environment
        self.origins = origins
    }

    /// The environment over a configuration file's settings: a variable wins over the file.
    init(environment: [String: String], file: (values: [String: String], origins: [String: String])) {
        self.init(file.values.merging(environment) { _, variable in variable },
                  origins: file.origins.filter { environment[$0.key] == nil })
    }

    subscript(name: String) -> String? { environment[name] }

    /// `LANTERN_` variables that are not settings (test harnesses' `LANTERN_TEST_*` aside).
    var unknown: [String] {
        environment.keys.filter { $0.hasPrefix("LANTERN_") && !$0.hasPrefix("LANTERN_TEST_") && !Self.known.contains($0) }.sorted()
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        try value(name, { Int($0).flatMap { range.contains($0) ? $0 : nil } },
                  expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }

    /// `1`/`true` or `0`/`false`.
    func flag(_ name: String) throws -> Bool? {
        try value(name, { ["1": true, "true": true, "0": false, "false": false][$0.lowercased()] }, expected: "1 or 0")
    }

    func value<T>(_ name: String, _ parse: (String) -> T?, expected: String) throws -> T? {
        guard let raw = environment[name] else { return nil }
        guard let parsed = parse(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(origins[name] ?? name) must be \(expected); it is '\(raw.prefix(100))'.")
        }
        return parsed
    }
}
