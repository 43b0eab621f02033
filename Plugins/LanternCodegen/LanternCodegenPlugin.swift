import Foundation
import PackagePlugin

/// Runs lantern-codegen for the target it is applied to. The schema directory is the target's own
/// `Schema/` if it has one, else the package's `Schema/`; in it, `lantern-codegen.json` (optional)
/// configures the generator and its `schema` globs (default `*.graphql`) pick the SDL files. A
/// build-tool plugin only sees its target's files, so it reads the directory itself and declares
/// every SDL file, the config and the config's `baseline` (if any) as inputs: editing one
/// regenerates, and nothing else does.
@main
struct LanternCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let schemaDirectory = schemaDirectory(for: target, in: context.package.directoryURL)
        let configURL = schemaDirectory.appendingPathComponent("lantern-codegen.json")
        let hasConfig = FileManager.default.fileExists(atPath: configURL.path)
        let config = hasConfig ? try Self.readConfig(configURL) : [:]
        let globs = config["schema"] as? [String] ?? ["*.graphql"]
        // The baseline (an earlier version of the SDL, compared by lantern-codegen) is an input
        // too, so that replacing it re-runs the check; it is never one of the SDL files.
        let baseline = (config["baseline"] as? String).map { path in
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : schemaDirectory.appendingPathComponent(path)
        }
        let files = try globs.flatMap { try Self.expand($0, in: schemaDirectory) }
            .filter { $0.standardizedFileURL.path != baseline?.standardizedFileURL.path }
        guard !files.isEmpty else {
            Diagnostics.error("\(schemaDirectory.path): no SDL files match \(globs)")
            return []
        }
        // lantern-codegen writes these three (Codegen.outputFileNames): declarations, models and
        // dispatch apart, so a release build compiles them in parallel.
        let outputs = ["GeneratedSchema.swift", "GeneratedModels.swift", "GeneratedDispatch.swift"]
            .map { context.pluginWorkDirectoryURL.appendingPathComponent($0) }
        var arguments = ["--output-directory", context.pluginWorkDirectoryURL.path]
        if hasConfig { arguments += ["--config", configURL.path] }
        // The application's own operations (`documents`, relative to the directory holding the
        // schema directory): checked against the schema and emitted as trusted documents.
        let documentGlobs = (config["documents"] as? [String]) ?? (config["documents"] as? String).map { [$0] } ?? []
        let documentRoot = schemaDirectory.deletingLastPathComponent()
        let documents = try documentGlobs.flatMap { try Self.expand($0, in: documentRoot) }
        let documentsOutput = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedDocuments.swift")
        let manifestOutput = context.pluginWorkDirectoryURL.appendingPathComponent("trusted-documents.json")
        arguments += ["--documents-output", documentsOutput.path, "--manifest-output", manifestOutput.path]
        arguments += documents.flatMap { ["--document", $0.path] }
        return [
            .buildCommand(
                displayName: "Generating Swift for \(target.name) from \(files.count) SDL file(s) and \(documents.count) operation file(s)",
                executable: try context.tool(named: "lantern-codegen").url,
                arguments: arguments + files.map(\.path),
                inputFiles: files + documents + (hasConfig ? [configURL] : []) + (baseline.map { [$0] } ?? []),
                // The manifest is written beside them but not declared: a declared output that is
                // not Swift would become a resource bundle the binary then carries.
                outputFiles: outputs + [documentsOutput]
            ),
        ]
    }

    private func schemaDirectory(for target: any Target, in package: URL) -> URL {
        if let target = target as? SourceModuleTarget {
            let own = target.directoryURL.appendingPathComponent("Schema")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: own.path, isDirectory: &isDirectory), isDirectory.boolValue { return own }
        }
        return package.appendingPathComponent("Schema")
    }

    private static func readConfig(_ config: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
    }

    /// `dir/*.graphql`-style globs: `*` and `?` within the last path component, and `**/` for
    /// any number of directories (`Operations/**/*.graphql`).
    private static func expand(_ glob: String, in directory: URL) throws -> [URL] {
        if let range = glob.range(of: "**/") {
            let base = directory.appendingPathComponent(String(glob[..<range.lowerBound]))
            let rest = String(glob[range.upperBound...])
            var found = try expand(rest, in: base)
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey])
            while let url = enumerator?.nextObject() as? URL {
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { found += try expand(rest, in: url) }
            }
            return found.sorted { $0.path < $1.path }
        }
        var components = glob.split(separator: "/").map(String.init)
        let pattern = components.removeLast()
        let base = components.reduce(directory) { $0.appendingPathComponent($1) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return names.filter { matches(Array($0), Array(pattern)) }.sorted().map { base.appendingPathComponent($0) }
    }

    private static func matches(_ name: [Character], _ pattern: [Character]) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        if first == "*" {
            return (0...name.count).contains { matches(Array(name[$0...]), Array(pattern.dropFirst())) }
        }
        guard let head = name.first, first == "?" || first == head else { return false }
        return matches(Array(name.dropFirst()), Array(pattern.dropFirst()))
    }
}
