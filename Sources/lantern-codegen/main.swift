import Foundation
import LanternCodegenCore

// lantern-codegen --output FILE [--namespace NAME] SDL-FILE...
// Writes FILE only when its bytes change, so an unchanged schema rebuilds nothing.

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var options = Codegen.Options()
var inputs: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--output": output = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--namespace": if !arguments.isEmpty { options.namespace = arguments.removeFirst() }
    default: inputs.append(argument)
    }
}
guard let output, !inputs.isEmpty else {
    FileHandle.standardError.write(Data("usage: lantern-codegen --output FILE [--namespace NAME] SDL-FILE...\n".utf8))
    exit(2)
}
do {
    let files = try inputs.map { Codegen.SDLFile(path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
    let source = try Codegen.generate(files, options: options)
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
