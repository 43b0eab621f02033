import Foundation
import PackagePlugin

/// Runs lantern-codegen over the package's `Schema/*.graphql` for the target it is applied to.
/// A build-tool plugin only sees its target's files, so it finds the SDL from the package
/// directory itself and declares every SDL file as an input: editing one regenerates, and an
/// unchanged schema rebuilds nothing.
@main
struct LanternCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let schemaDirectory = try schemaDirectory(for: target, in: context.package.directoryURL)
        let files = try FileManager.default.contentsOfDirectory(at: schemaDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "graphql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedSchema.swift")
        return [
            .buildCommand(
                displayName: "Generating Swift for \(target.name) from \(schemaDirectory.lastPathComponent)/*.graphql",
                executable: try context.tool(named: "lantern-codegen").url,
                arguments: ["--output", output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }

    /// `Schema/` at the package root, or the directory a `lantern-codegen.schema` file in the
    /// target names (one line, relative to the package root).
    private func schemaDirectory(for target: any Target, in package: URL) throws -> URL {
        if let target = target as? SourceModuleTarget {
            let pointer = target.directoryURL.appendingPathComponent("lantern-codegen.schema")
            if let text = try? String(contentsOf: pointer, encoding: .utf8) {
                return package.appendingPathComponent(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return package.appendingPathComponent("Schema")
    }
}
