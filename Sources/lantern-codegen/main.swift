import Foundation
import LanternCodegenCore

// lantern-codegen --output FILE [--config CONFIG.json] SDL-FILE...
// Prints problems to stderr as `file:line:column: error: message` (every one) and exits 1; writes
// FILE only when its bytes change, so an unchanged schema rebuilds nothing. A `baseline` in the
// config (relative to the config's directory) is compared with the SDL: breaking changes not in
// `acceptedBreakingChanges` are errors.

func fail(_ lines: [String]) -> Never {
    FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var configPath: String?
var inputs: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--output": output = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--config": configPath = arguments.isEmpty ? nil : arguments.removeFirst()
    default: inputs.append(argument)
    }
}
guard let output, !inputs.isEmpty else {
    FileHandle.standardError.write(Data("usage: lantern-codegen --output FILE [--config CONFIG.json] SDL-FILE...\n".utf8))
    exit(2)
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
    let source = try Codegen.generate(files, config: config, configPath: configPath ?? "lantern-codegen.json", baseline: baseline)
    let bytes = Data(source.utf8)
    if (try? Data(contentsOf: URL(fileURLWithPath: output))) != bytes {
        try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
    }
} catch let failure as CodegenFailure {
    fail(failure.diagnostics.map(\.description))
} catch {
    fail(["lantern-codegen: error: \(error)"])
}
