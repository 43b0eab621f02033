import Testing
@testable import LanternExecution

/// Runs `query` over a JSON root with the default resolvers and returns the response JSON.
func run(_ sdl: String, _ query: String, root: String = "{}", variables: String = "{}", operation: String? = nil) -> JSONValue {
    let schema = try! Schema.build(sdl: sdl)
    let document = try! Parser.parse(query)
    let errors = Validator.validate(document, schema: schema, options: .specifiedRulesOnly)
    precondition(errors.isEmpty, "invalid test document: \(errors.map(\.message))")
    guard case .object(let variableObject) = try! JSONParser.parse(variables) else { fatalError("variables") }
    let bytes = JSONExecution.execute(schema: schema, document: document, operationName: operation,
                                      variables: variableObject, root: try! JSONParser.parse(root))
    return try! JSONParser.parse(bytes)
}

func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

/// The (path, message) pairs of a response's errors.
func errorPaths(_ response: JSONValue) -> [String] {
    guard case .array(let errors)? = response["errors"] else { return [] }
    return errors.map { $0["path"].map { $0.jsonText } ?? "-" }
}
