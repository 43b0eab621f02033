import Foundation
import LanternCodegenCore

// lantern-codegen (--output FILE | --output-directory DIR) [--config CONFIG.json]
//     [--documents-output FILE.swift [--manifest-output FILE.json] (--document OPERATIONS.graphql)...] SDL-FILE...
// With --output, one file; with --output-directory, the files Codegen.outputFileNames names (what
// the build plugin uses, so the compiler can work on them in parallel). Prints problems to stderr as `file:line:column: error: message` (every one) and exits 1; writes
// FILE only when its bytes change, so an unchanged schema rebuilds nothing. A `baseline` in the
// config (relative to the config's directory) is compared with the SDL: breaking changes not in
// `acceptedBreakingChanges` are errors.

func fail(_ lines: [String]) -> Never {
    FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var outputDirectory: String?
var configPath: String?
var inputs: [String] = []
var documentPaths: [String] = []
var documentsOutput: String?
var manifestOutput: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--document": if !arguments.isEmpty { documentPaths.append(arguments.removeFirst()) }
    case "--documents-output": documentsOutput = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--manifest-output": manifestOutput = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--output": output = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--output-directory": outputDirectory = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--config": configPath = arguments.isEmpty ? nil : arguments.removeFirst()
    default: inputs.append(argument)
    }
}
guard (output == nil) != (outputDirectory == nil), !inputs.isEmpty else {
    FileHandle.standardError.write(Data(
        "usage: lantern-codegen (--output FILE | --output-directory DIR) [--config CONFIG.json] SDL-FILE...\n".utf8))
    exit(2)
}

/// Writes `text` to `path` only when its bytes change, so an unchanged schema rebuilds nothing.
func write(_ text: String, to path: String) throws {
    let bytes = Data(text.utf8)
    if (try? Data(contentsOf: URL(fileURLWithPath: path))) != bytes {
        try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
do {
    var config = CodegenConfig()
    var baseline: Codegen.SDLFile?
    if let configPath {
        do {
            config = try JSONDecoder().decode(CodegenConfig.self, from: Data(contentsOf: URL(fileURLWithPath: configPath)))
        } catch {
            fail(["\(configPath):1:1: error: invalid config: \(error)"])
        }
        if let relative = config.baseline {
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
                : URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(relative)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                fail(["\(configPath):1:1: error: cannot read the baseline \(url.path)"])
            }
            baseline = Codegen.SDLFile(path: url.path, text: text)
        }
    }
    let files = try inputs.map { Codegen.SDLFile(path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
    let parts = try Codegen.generateFiles(files, config: config, configPath: configPath ?? "lantern-codegen.json", baseline: baseline)
    if let output {
        try write(parts.map(\.text).joined(separator: "\n"), to: output)
    } else if let outputDirectory {
        for part in parts { try write(part.text, to: URL(fileURLWithPath: outputDirectory).appendingPathComponent(part.name).path) }
    }
    // The application's own operations (`documents` in the config), checked against the schema.
    if let documentsOutput {
        if documentPaths.isEmpty {
            try write(TrustedOperations.empty(access: config.access), to: documentsOutput)
            if let manifestOutput { try write("{\n}\n", to: manifestOutput) }
        } else {
            let documents = try documentPaths.map { Codegen.SDLFile(path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
            let checked = try TrustedOperations.check(documents, schemaFiles: files, config: config,
                                                      configPath: configPath ?? "lantern-codegen.json")
            try write(checked.swift, to: documentsOutput)
            if let manifestOutput { try write(checked.manifest, to: manifestOutput) }
        }
    }
} catch let failure as CodegenFailure {
    fail(failure.diagnostics.map(\.description))
} catch {
    fail(["lantern-codegen: error: \(error)"])
}
