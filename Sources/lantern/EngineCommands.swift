import ArgumentParser
import Foundation

func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read \(path)")
    }
    return [UInt8](data)
}

func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one GraphQL request over a JSON root value and print the response.")
    @Option(help: "The SDL file.") var schema: String
    @Option(help: "The executable document.") var document: String
    @Option(help: "A JSON object of variable values.") var variables: String?
    @Option(help: "The operation to run.") var operation: String?
    @Option(help: "A JSON file with the root value.") var root: String?

    func run() throws {
        let request = EngineRequest(
            schema: try readFile(schema), schemaName: schema, document: try readFile(document), documentName: document,
            variables: try variables.map(readFile), operation: operation, root: try root.map(readFile))
        writeLine(EngineTool.exec(request))
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate a document against a schema.")
    @Option(help: "The SDL file.") var schema: String
    @Option(help: "The executable document.") var document: String

    func run() throws {
        let request = EngineRequest(schema: try readFile(schema), schemaName: schema, document: try readFile(document), documentName: document)
        writeLine(EngineTool.validate(request))
    }
}

struct SchemaCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema-check", abstract: "Check an SDL file and print its errors.")
    @Option(help: "The SDL file.") var schema: String

    func run() throws {
        writeLine(EngineTool.schemaCheck(EngineRequest(schema: try readFile(schema), schemaName: schema)))
    }
}

struct PrintSchema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print-schema", abstract: "Print a schema as graphql-js's printSchema does.")
    @Option(help: "The SDL file.") var schema: String

    func run() throws {
        let result = EngineTool.printSchema(EngineRequest(schema: try readFile(schema), schemaName: schema))
        switch result {
        case .success(let text): writeLine(text)
        case .failure(let failure): writeLine(failure.json)
        }
    }
}
