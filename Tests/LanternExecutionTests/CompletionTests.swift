import Testing
@testable import LanternExecution

private let sdl = """
type Query { a: String b: Int! c: [Int] d: [Int!] e: [Int!]! f: Obj g: Obj! i: Float j: ID k: Boolean color: Color any: JSON
  pet: Pet u: U }
type Obj { x: Int! y: String z: Obj }
interface Pet { name: String }
type Dog implements Pet { name: String barks: Boolean }
type Cat implements Pet { name: String }
union U = Dog | Cat
enum Color { RED GREEN }
scalar JSON
"""

@Suite("CompleteValue and null propagation (§6.4.4, §6.4.5)")
struct CompletionTests {
    @Test("a null in a non-null field moves to the nearest nullable parent, with one error at the full path")
    func nonNullPropagation() {
        let response = run(sdl, "{ f { x y } }", root: #"{"f": {"y": "k"}}"#)
        #expect(response["data"] == json(#"{"f": null}"#))
        #expect(errorPaths(response) == [#"["f","x"]"#])
    }

    @Test("a null reaching the root makes data null")
    func nullToRoot() {
        let response = run(sdl, "{ g { x } }", root: #"{"g": {}}"#)
        #expect(response["data"] == .null)
        #expect(errorPaths(response) == [#"["g","x"]"#])
    }

    @Test("a list of non-null items with a null becomes null; only the first item error is reported")
    func nonNullItems() {
        let response = run(sdl, "{ d }", root: #"{"d": [1, null, 3, null]}"#)
        #expect(response["data"] == json(#"{"d": null}"#))
        #expect(errorPaths(response) == [#"["d",1]"#])
    }

    @Test("a nullable item just becomes null; a non-null list of non-null items propagates further")
    func nullableItems() {
        #expect(run(sdl, "{ c }", root: #"{"c": [1, null]}"#)["data"] == json(#"{"c": [1, null]}"#))
        let response = run(sdl, "{ e a }", root: #"{"e": [1, null], "a": "x"}"#)
        #expect(response["data"] == .null)
    }

    @Test("a non-list for a list field is an error")
    func notIterable() {
        let response = run(sdl, "{ c }", root: #"{"c": 5}"#)
        #expect(response["data"] == json(#"{"c": null}"#))
        #expect(errorPaths(response) == [#"["c"]"#])
    }

    @Test("errors carry aliases in paths and every merged field's location")
    func aliasesAndLocations() {
        let response = run(sdl, "{ first: b first: b }")
        #expect(errorPaths(response) == [#"["first"]"#])
        #expect(response["errors"].map { $0.jsonText }?.contains(#""locations":[{"line":1,"column":3},{"line":1,"column":12}]"#) == true)
    }

    @Test("built-in scalar output coercion follows graphql-js's leniency")
    func scalarOutput() {
        let response = run(sdl, "{ a b i j k }", root: #"{"a": 2.0, "b": "42", "i": "3.5", "j": 7, "k": 3}"#)
        #expect(response["data"] == json(#"{"a": "2", "b": 42, "i": 3.5, "j": "7", "k": true}"#))
    }

    @Test("values that cannot be serialised are execution errors", arguments: [
        #"{"b": 1.5}"#, #"{"b": 3000000000}"#, #"{"b": "x"}"#,
    ])
    func badInt(_ root: String) {
        let response = run(sdl, "{ b }", root: root)
        #expect(response["data"] == .null)
        #expect(errorPaths(response) == [#"["b"]"#])
    }

    @Test("enums serialise only their own value names; custom scalars pass JSON through")
    func enumsAndCustom() {
        #expect(run(sdl, "{ color }", root: #"{"color": "RED"}"#)["data"] == json(#"{"color": "RED"}"#))
        #expect(errorPaths(run(sdl, "{ color }", root: #"{"color": "BLUE"}"#)) == [#"["color"]"#])
        #expect(run(sdl, "{ any }", root: #"{"any": {"a": [1, null]}}"#)["data"] == json(#"{"any": {"a": [1, null]}}"#))
    }

    @Test("abstract types resolve through __typename; unknown or impossible names are errors")
    func abstractTypes() {
        let response = run(sdl, "{ pet { __typename name ... on Dog { barks } } u { ... on Cat { name } } }",
                           root: #"{"pet": {"__typename": "Dog", "name": "d", "barks": true}, "u": {"__typename": "Cat", "name": "c"}}"#)
        #expect(response["data"] == json(#"{"pet": {"__typename": "Dog", "name": "d", "barks": true}, "u": {"name": "c"}}"#))
        for typename in ["Nope", "Obj", "Query", "Color"] {
            let failed = run(sdl, "{ pet { name } }", root: #"{"pet": {"__typename": "\#(typename)"}}"#)
            #expect(failed["data"] == json(#"{"pet": null}"#))
            #expect(errorPaths(failed) == [#"["pet"]"#])
        }
    }

    @Test("fields of a non-object parent are all null")
    func nonObjectParent() {
        #expect(run(sdl, "{ f { y } }", root: #"{"f": "text"}"#)["data"] == json(#"{"f": {"y": null}}"#))
    }
}

@Suite("CollectFields (§6.3.2)")
struct CollectFieldsTests {
    @Test("@skip and @include, with literals and variables; both present means skip false and include true")
    func skipInclude() {
        let response = run(sdl, "query ($s: Boolean!) { a @skip(if: $s) b @include(if: false) k @skip(if: false) @include(if: true) }",
                           root: #"{"a": "x", "b": 1, "k": true}"#, variables: #"{"s": true}"#)
        #expect(response["data"] == json(#"{"k": true}"#))
    }

    @Test("fragments merge into the first occurrence's position, in document order")
    func fragmentsMerge() {
        let response = run(sdl, "{ f { x } a ...F } fragment F on Query { f { y } }", root: #"{"f": {"x": 1, "y": "s"}, "a": "t"}"#)
        #expect(response["data"]?.jsonText == #"{"f":{"x":1,"y":"s"},"a":"t"}"#)
    }

    @Test("type conditions apply by object type, interface and union membership")
    func typeConditions() {
        let response = run(sdl, "{ pet { ... on Cat { name } ... on Pet { __typename } } }", root: #"{"pet": {"__typename": "Dog", "name": "d"}}"#)
        #expect(response["data"] == json(#"{"pet": {"__typename": "Dog"}}"#))
    }
}
