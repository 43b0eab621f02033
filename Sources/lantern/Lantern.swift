import ArgumentParser

/// The `lantern` command: the service and the engine's tools.
@main
struct Lantern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lantern",
        abstract: "Lantern: a schema-first GraphQL server for Swift, and the incident service built on it.",
        subcommands: [Serve.self, Exec.self, Validate.self, SchemaCheck.self, PrintSchema.self, Batch.self]
    )
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the GraphQL service.")

    func run() throws {
        print("lantern: the HTTP service is not built yet; the engine commands (exec, validate, schema-check, print-schema, batch) work.")
    }
}
