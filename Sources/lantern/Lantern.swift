import ArgumentParser

/// The `lantern` command: the service and the engine's tools.
@main
struct Lantern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lantern",
        abstract: "Lantern: a schema-first GraphQL server for Swift, and the incident service built on it.",
        subcommands: [Serve.self, Migrate.self, Seed.self, Backup.self, Restore.self, Trust.self, Version.self, Doctor.self, Exec.self, Validate.self, SchemaCheck.self, PrintSchema.self, SchemaDiffCommand.self, Batch.self]
    )
}

