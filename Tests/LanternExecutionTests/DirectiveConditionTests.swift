import Testing
@testable import LanternExecution

private let sdl = """
interface Pet { name: String }
type Dog implements Pet { name: String }
type Item { x: Int y: Int }
input In { a: Int! }
type Query { dog: Dog q: Query list: [Item] pet: Pet f(in: In, n: [Int!]): String }
"""

private let rootJSON = #"""
{"dog": {"name": "d"}, "q": {"dog": {"name": "d"}}, "list": [{"x": 1, "y": 2}, {"x": 3, "y": 4}],
 "pet": {"__typename": "Dog", "name": "p"}, "f": "ok"}
"""#

/// The message and locations of a response's only error, and its path ("-" when it has none).
private func onlyError(_ response: JSONValue) -> (message: String, locations: String, path: String)? {
    guard case .array(let errors)? = response["errors"], errors.count == 1, case .string(let message)? = errors[0]["message"] else {
        return nil
    }
    return (message, errors[0]["locations"]?.jsonText ?? "-", errors[0]["path"]?.jsonText ?? "-")
}

/// `@skip(if:)`/`@include(if:)` are coerced as CoerceArgumentValues says: `if` is `Boolean!`,
/// so a nullable variable with a default (VariablesInAllowedPosition allows it) whose runtime
/// value is an explicit null is an execution error, not a silent `false`. As in graphql-js,
/// the error belongs to the field whose selection set was being collected, located at the
/// variable; at the root the whole `data` is null.
@Suite("@skip/@include conditions (§6.4.1 CoerceArgumentValues)")
struct DirectiveConditionTests {
    @Test("a root field: data is null, the error has no path")
    func rootField() throws {
        let response = run(sdl, "query ($v: Boolean = true) { dog @include(if: $v) { name } }", root: rootJSON, variables: #"{"v": null}"#)
        #expect(response["data"] == .null)
        let error = try #require(onlyError(response))
        #expect(error.message == #"Argument "if" of non-null type "Boolean!" must not be null."#)
        #expect(error.locations == #"[{"line":1,"column":47}]"#)
        #expect(error.path == "-")
    }

    @Test("a nested field: the parent is null, with the error at its path")
    func nested() throws {
        let response = run(sdl, "query ($v: Boolean = true) { q { dog @skip(if: $v) { name } } }", root: rootJSON, variables: #"{"v": null}"#)
        #expect(response["data"] == json(#"{"q": null}"#))
        let error = try #require(onlyError(response))
        #expect(error.locations == #"[{"line":1,"column":48}]"#)
        #expect(error.path == #"["q"]"#)
    }

    @Test("inside fragments and on abstract types")
    func fragments() throws {
        let spread = run(sdl, "query ($v: Boolean = true) { q { ...F } } fragment F on Query { dog @skip(if: $v) { name } }",
                         root: rootJSON, variables: #"{"v": null}"#)
        #expect(spread["data"] == json(#"{"q": null}"#))
        #expect(try #require(onlyError(spread)).locations == #"[{"line":1,"column":79}]"#)
        let abstract = run(sdl, "query ($v: Boolean = true) { pet { ... on Dog @include(if: $v) { name } } }",
                           root: rootJSON, variables: #"{"v": null}"#)
        #expect(abstract["data"] == json(#"{"pet": null}"#))
        #expect(try #require(onlyError(abstract)).path == #"["pet"]"#)
    }

    @Test("each list item reports the error at its own path")
    func listItems() {
        let response = run(sdl, "query ($v: Boolean = true) { list { x @include(if: $v) y } }", root: rootJSON, variables: #"{"v": null}"#)
        #expect(response["data"] == json(#"{"list": [null, null]}"#))
        #expect(errorPaths(response) == [#"["list",0]"#, #"["list",1]"#])
    }

    @Test("@skip is read first: a true skip excludes the field before a null include is coerced")
    func skipFirst() {
        for query in ["query ($v: Boolean = false, $w: Boolean = true) { q { dog @skip(if: $w) @include(if: $v) { name } } }",
                      "query ($v: Boolean = false, $w: Boolean = true) { q { dog @include(if: $v) @skip(if: $w) { name } } }"] {
            let response = run(sdl, query, root: rootJSON, variables: #"{"v": null, "w": true}"#)
            #expect(response["data"] == json(#"{"q": {}}"#))
            #expect(response["errors"] == nil)
        }
    }

    @Test("non-null values are still plain conditions")
    func plainConditions() {
        let response = run(sdl, "query ($v: Boolean = true) { dog @include(if: $v) { name } q { dog @skip(if: $v) { name } } }",
                           root: rootJSON, variables: #"{"v": false}"#)
        #expect(response["data"] == json(#"{"q": {"dog": {"name": "d"}}}"#))
        #expect(response["errors"] == nil)
    }

    @Test("field arguments: a runtime null inside an input object or list into a non-null position")
    func fieldArguments() throws {
        let object = run(sdl, "query ($v: Int = 1) { f(in: {a: $v}) }", root: rootJSON, variables: #"{"v": null}"#)
        #expect(object["data"] == json(#"{"f": null}"#))
        #expect(try #require(onlyError(object)).message == "Argument \"in\" has invalid value {a: $v}.")
        let list = run(sdl, "query ($v: Int = 1) { f(n: [$v]) }", root: rootJSON, variables: #"{"v": null}"#)
        #expect(list["data"] == json(#"{"f": null}"#))
        #expect(try #require(onlyError(list)).path == #"["f"]"#)
    }
}
