import Testing
@testable import lantern
import LanternExecution

/// The engine command line's output is a contract (`docs/engine-cli.md`).
@Suite("Engine commands")
struct EngineCommandTests {
    let schema = Array("type Query { a: Int b(x: Int!): String }".utf8)

    @Test("schema-check prints an empty error list for a valid schema and located errors otherwise")
    func schemaCheck() {
        #expect(EngineTool.schemaCheck(EngineRequest(schema: schema)) == #"{"errors":[]}"#)
        #expect(EngineTool.schemaCheck(EngineRequest(schema: Array("type Query".utf8)))
                == #"{"errors":[{"message":"Type Query must define one or more fields.","locations":[{"line":1,"column":1}]}]}"#)
    }

    @Test("validate reports syntax errors as one located error, and validation errors in full")
    func validate() {
        let syntax = EngineTool.validate(EngineRequest(schema: schema, document: Array("{ a".utf8)))
        #expect(syntax.contains(#""locations":[{"line":1,"column":4}]"#))
        let invalid = EngineTool.validate(EngineRequest(schema: schema, document: Array("{ b c }".utf8)))
        #expect(invalid.components(separatedBy: "\"message\"").count == 3)
    }

    @Test("exec prints data, or errors without data for request errors")
    func exec() {
        var request = EngineRequest(schema: schema, document: Array("{ a }".utf8))
        request.root = Array(#"{"a": 7}"#.utf8)
        #expect(EngineTool.exec(request) == #"{"data":{"a":7}}"#)
        let missing = EngineRequest(schema: schema, document: Array("query ($x: Int!) { b(x: $x) }".utf8))
        #expect(!EngineTool.exec(missing).contains("\"data\""))
    }

    @Test("input is read byte for byte: a BOM and CRLF are handled by the lexer, columns count UTF-16 units")
    func bytes() {
        let document = Array("\u{FEFF}{\r\n  a\r\n  \"😀\" }".utf8)
        let output = EngineTool.validate(EngineRequest(schema: schema, document: document))
        #expect(output.contains(#""locations":[{"line":3,"column":3}]"#))
    }

    @Test("batch answers each request line with the same id, and crashes are reported, not fatal")
    func batch() {
        var cache: [String: Result<Schema, SchemaBuildError>] = [:]
        var order: [String] = []
        let command = Batch()
        let answer = command.answer(#"{"id": "7", "cmd": "exec", "schema": "type Query { a: Int }", "document": "{ a }", "root": {"a": 1}}"#, &cache, &order)
        #expect(answer == #"{"id":"7","result":{"data":{"a":1}}}"#)
        let printed = command.answer(#"{"id": 8, "cmd": "print-schema", "schema": "type Query { a: Int }"}"#, &cache, &order)
        #expect(printed == #"{"id":8,"result":"type Query {\n  a: Int\n}"}"#)
        #expect(command.answer("not json", &cache, &order).contains("crash"))
    }
}

extension String {
    func components(separatedBy separator: String) -> [Substring] {
        split(separator: separator, omittingEmptySubsequences: false)
    }
}
