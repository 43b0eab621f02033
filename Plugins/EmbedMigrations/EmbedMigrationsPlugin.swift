import Foundation
import PackagePlugin

/// Embeds the package's `Migrations/*.sql` (and `Migrations/<dialect>/*.sql`) in the target it is
/// applied to, as `EmbeddedMigrations.files`, so a built binary migrates its database without
/// the source tree. Every file is an input: adding or editing a migration regenerates.
@main
struct EmbedMigrationsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("Migrations")
        let files = FileManager.default
        var inputs: [URL] = []
        for name in (try? files.contentsOfDirectory(atPath: root.path)) ?? [] {
            let url = root.appendingPathComponent(name)
            if name.hasSuffix(".sql") {
                inputs.append(url)
            } else {
                for inner in (try? files.contentsOfDirectory(atPath: url.path)) ?? [] where inner.hasSuffix(".sql") {
                    inputs.append(url.appendingPathComponent(inner))
                }
            }
        }
        guard !inputs.isEmpty else {
            Diagnostics.error("\(root.path): no migrations to embed")
            return []
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) migration file(s) in \(target.name)",
                executable: try context.tool(named: "lantern-embed").url,
                arguments: [output.path, "EmbeddedMigrations", root.path] + inputs.map(\.path).sorted(),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
