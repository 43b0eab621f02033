import Foundation
import LanternCodegenCore

// lantern-codegen --output FILE [--config CONFIG.json] SDL-FILE...
// Prints problems as `file:line:column: error: message` (every one) and exits 1; writes FILE only
// when its bytes change, so an unchanged schema rebuilds nothing.

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
    if let configPath {
        do {
            config = try JSONDecoder().decode(CodegenConfig.self, from: Data(contentsOf: URL(fileURLWithPath: configPath)))
        } catch {
            print("\(configPath):1:1: error: invalid config: \(error)")
            exit(1)
        }
    }
    let files = try inputs.map { Codegen.SDLFile(path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
    let source = try Codegen.generate(files, config: config, configPath: configPath ?? "lantern-codegen.json")
    let bytes = Data(source.utf8)
    if (try? Data(contentsOf: URL(fileURLWithPath: output))) != bytes {
        try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
    }
} catch let failure as CodegenFailure {
    for diagnostic in failure.diagnostics { print(diagnostic) }
    exit(1)
} catch {
    print("lantern-codegen: error: \(error)")
    exit(1)
}
