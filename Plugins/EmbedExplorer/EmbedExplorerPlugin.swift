import Foundation
import PackagePlugin

/// Embeds the package's `Explorer/` (the in-browser explorer's HTML, script and style sheet) in
/// the target it is applied to, as `EmbeddedExplorer.files`, so the page is served with no
/// resource bundle beside the binary and no network access.
@main
struct EmbedExplorerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("Explorer")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let inputs = names.filter { [".html", ".js", ".css"].contains(where: $0.hasSuffix) }
            .map { root.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedExplorer.swift")
        return [
            .buildCommand(
                displayName: "Embedding the explorer's \(inputs.count) file(s) in \(target.name)",
                executable: try context.tool(named: "lantern-embed").url,
                arguments: [output.path, "EmbeddedExplorer", root.path] + inputs.map(\.path).sorted(),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
