import ArgumentParser
import Foundation
import LanternExecution

/// `lantern batch`: one JSON request per stdin line, one JSON answer per stdout line, so a
/// conformance run pays for one process start instead of one per case.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Answer engine requests read line by line from stdin.")

    func run() throws {
        var schemaCache: [String: Result<Schema, SchemaBuildError>] = [:]
        var cacheOrder: [String] = []
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            writeLine(answer(line, &schemaCache, &cacheOrder))
        }
    }

    func answer(_ line: String, _ cache: inout [String: Result<Schema, SchemaBuildError>], _ order: inout [String]) -> String {
        guard let parsed = try? JSONParser.parse(line), case .object(let request) = parsed else {
            return "{\"id\":null,\"crash\":\"request is not a JSON object\"}"
        }
        let id = request["id"] ?? .null
        var writer = JSONWriter()
        writer.raw("{\"id\":")
        writer.value(id)
        guard case .string(let command)? = request["cmd"], case .string(let schemaText)? = request["schema"] else {
            writer.raw(",\"crash\":\"missing cmd or schema\"}")
            return writer.text
        }
        var engineRequest = EngineRequest(schema: Array(schemaText.utf8))
        if case .string(let document)? = request["document"] { engineRequest.document = Array(document.utf8) }
        if case .string(let operation)? = request["operation"] { engineRequest.operation = operation }
        if let variables = request["variables"], variables != .null { engineRequest.variablesValue = variables }
        if let root = request["root"] { engineRequest.rootValue = root }
        let schema: Result<Schema, SchemaBuildError>
        if let cached = cache[schemaText] {
            schema = cached
        } else {
            schema = EngineTool.buildSchema(engineRequest)
            cache[schemaText] = schema
            order.append(schemaText)
            if order.count > 32 { cache[order.removeFirst()] = nil }
        }
        let result: String
        switch command {
        case "exec": result = EngineTool.exec(engineRequest, schema: schema)
        case "validate": result = EngineTool.validate(engineRequest, schema: schema)
        case "schema-check":
            switch schema {
            case .success: result = EngineTool.errorsJSON([])
            case .failure(let error): result = EngineTool.errorsJSON(error.errors)
            }
        case "print-schema":
            switch schema {
            case .success(let built): result = JSONValue.string(built.printed()).jsonText
            case .failure(let error): result = JSONValue.string(EngineTool.errorsJSON(error.errors)).jsonText
            }
        default:
            writer.raw(",\"crash\":\"unknown command\"}")
            return writer.text
        }
        writer.raw(",\"result\":")
        writer.bytes.append(contentsOf: result.utf8)
        writer.byte(0x7D)
        return writer.text
    }
}
