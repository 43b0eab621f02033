import LanternExecution

/// One engine request, as the command line or batch mode reads it.
struct EngineRequest {
    var schema: [UInt8]
    var schemaName: String = "schema.graphql"
    var document: [UInt8] = []
    var documentName: String = "document.graphql"
    var variables: [UInt8]?
    var operation: String?
    var root: [UInt8]?
    var variablesValue: JSONValue?
    var rootValue: JSONValue?
}

/// The engine commands as functions from request to printed JSON, shared by the single
/// commands and `batch`.
enum EngineTool {
    static func errorsJSON(_ errors: [GraphQLError]) -> String {
        var writer = JSONWriter()
        writer.raw("{\"errors\":")
        ResponseWriter.writeErrors(errors, into: &writer)
        writer.raw("}")
        return writer.text
    }

    static func buildSchema(_ request: EngineRequest) -> Result<Schema, SchemaBuildError> {
        do {
            return .success(try Schema.build(sources: [Source(bytes: request.schema, name: request.schemaName)]))
        } catch {
            return .failure(error)
        }
    }

    static func schemaCheck(_ request: EngineRequest) -> String {
        switch buildSchema(request) {
        case .success: return errorsJSON([])
        case .failure(let error): return errorsJSON(error.errors)
        }
    }

    static func printSchema(_ request: EngineRequest) -> Result<String, PrintFailure> {
        switch buildSchema(request) {
        case .success(let schema): return .success(schema.printed())
        case .failure(let error): return .failure(PrintFailure(json: errorsJSON(error.errors)))
        }
    }

    struct PrintFailure: Error { var json: String }

    static let documentOptions = ParseOptions(maxTokens: 1_000_000, maxDepth: 2_000, maxSourceBytes: 64 << 20)

    /// Builds the schema, parses and validates the document; the errors to print, or both.
    static func prepare(_ request: EngineRequest, schema built: Result<Schema, SchemaBuildError>? = nil) -> Result<(Schema, Document), GraphQLErrors> {
        let schema: Schema
        switch built ?? buildSchema(request) {
        case .success(let built): schema = built
        case .failure(let error): return .failure(GraphQLErrors(error.errors))
        }
        let document: Document
        do {
            document = try Parser.parse(Source(bytes: request.document, name: request.documentName), options: documentOptions)
        } catch {
            return .failure(GraphQLErrors([GraphQLError(syntaxError: error)]))
        }
        let errors = Validator.validate(document, schema: schema, options: .specifiedRulesOnly)
        if !errors.isEmpty { return .failure(GraphQLErrors(errors)) }
        return .success((schema, document))
    }

    static func validate(_ request: EngineRequest, schema: Result<Schema, SchemaBuildError>? = nil) -> String {
        switch prepare(request, schema: schema) {
        case .success: return errorsJSON([])
        case .failure(let failure): return errorsJSON(failure.errors)
        }
    }

    static func exec(_ request: EngineRequest, schema built: Result<Schema, SchemaBuildError>? = nil) -> String {
        let (schema, document): (Schema, Document)
        switch prepare(request, schema: built) {
        case .success(let prepared): (schema, document) = prepared
        case .failure(let failure): return errorsJSON(failure.errors)
        }
        var variables = JSONObject()
        if let value = request.variablesValue ?? request.variables.flatMap({ try? JSONParser.parse($0) }) {
            guard case .object(let object) = value else {
                return errorsJSON([GraphQLError("Variables must be provided as a JSON object.")])
            }
            variables = object
        } else if request.variables != nil {
            return errorsJSON([GraphQLError("Variables are not valid JSON.")])
        }
        var root = JSONValue.object(JSONObject())
        if let value = request.rootValue {
            root = value
        } else if let bytes = request.root {
            guard let value = try? JSONParser.parse(bytes) else { return errorsJSON([GraphQLError("The root value is not valid JSON.")]) }
            root = value
        }
        let response = JSONExecution.execute(schema: schema, document: document, operationName: request.operation,
                                             variables: variables, root: root)
        return String(decoding: response, as: UTF8.self)
    }
}
