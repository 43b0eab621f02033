import Testing
@testable import LanternExecution

private let sdl = """
\"\"\"The schema\"\"\"
schema { query: Query }
type Query { node(id: ID!): Node old: Int @deprecated(reason: "use new") f(a: Int = 3, b: In): Int }
interface Node { id: ID! }
type Thing implements Node { id: ID! }
input In { x: [Float] = [1.5] y: Int @deprecated }
input One @oneOf { a: Int b: String }
scalar Date @specifiedBy(url: "https://example.com/date")
directive @tag(name: String!) repeatable on FIELD_DEFINITION
"""

@Suite("Introspection (§4)")
struct IntrospectionTests {
    @Test("__type describes kinds, wrappers, interfaces and possible types")
    func typeShape() {
        let response = run(sdl, #"{ __type(name: "Query") { kind fields { name type { kind ofType { name kind } } } } node: __type(name: "Node") { possibleTypes { name } } }"#)
        #expect(response["data"]?["__type"]?["kind"] == .string("OBJECT"))
        #expect(response["data"]?["node"] == json(#"{"possibleTypes": [{"name": "Thing"}]}"#))
    }

    @Test("deprecated fields are hidden unless asked for; reasons are reported")
    func deprecation() {
        let response = run(sdl, #"{ __type(name: "Query") { a: fields { name } b: fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }"#)
        guard case .array(let visible)? = response["data"]?["__type"]?["a"], case .array(let all)? = response["data"]?["__type"]?["b"] else {
            Issue.record("no fields"); return
        }
        #expect(visible.count == 2 && all.count == 3)
        #expect(all[1]["deprecationReason"] == .string("use new"))
    }

    @Test("input values report defaults as literals and deprecation (September 2025)")
    func inputValues() {
        let response = run(sdl, #"{ __type(name: "In") { inputFields(includeDeprecated: true) { name defaultValue isDeprecated } } q: __type(name: "Query") { fields { args { name defaultValue } } } }"#)
        #expect(response["data"]?["__type"] == json(#"{"inputFields": [{"name": "x", "defaultValue": "[1.5]", "isDeprecated": false}, {"name": "y", "defaultValue": null, "isDeprecated": true}]}"#))
    }

    @Test("isOneOf, specifiedByURL, isRepeatable and the schema description")
    func newFields() {
        let response = run(sdl, #"{ __schema { description directives { name isRepeatable } } one: __type(name: "One") { isOneOf } in: __type(name: "In") { isOneOf } date: __type(name: "Date") { specifiedByURL isOneOf } }"#)
        let data = response["data"]
        #expect(data?["__schema"]?["description"] == .string("The schema"))
        #expect(data?["one"] == json(#"{"isOneOf": true}"#))
        #expect(data?["in"] == json(#"{"isOneOf": false}"#))
        #expect(data?["date"] == json(#"{"specifiedByURL": "https://example.com/date", "isOneOf": null}"#))
        #expect(data?["__schema"]?["directives"]?.jsonText.contains(#"{"name":"tag","isRepeatable":true}"#) == true)
        #expect(data?["__schema"]?["directives"]?.jsonText.contains(#""name":"oneOf""#) == true)
    }

    @Test("__typename works everywhere; an unknown type name gives null")
    func typename() {
        #expect(run(sdl, #"{ __typename __type(name: "Nope") { name } }"#)["data"] == json(#"{"__typename": "Query", "__type": null}"#))
    }
}
