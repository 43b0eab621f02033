import Testing
@testable import LanternExecution

private let sdl = """
type Query { arg(x: Int!, y: String = "d", z: [Int], w: In): String echo(v: In): String pick(p: Pick): String }
input In { a: Int! b: String = "x" c: [Int!] d: Color }
input Pick @oneOf { id: ID name: String }
enum Color { RED GREEN }
"""

@Suite("CoerceVariableValues (§6.4.1): request errors, all of them")
struct VariableCoercionTests {
    @Test("a missing required variable and a null for a non-null variable are request errors without data")
    func missingAndNull() {
        let missing = run(sdl, "query ($x: Int!) { arg(x: $x) }")
        #expect(missing["data"] == nil)
        #expect(errorPaths(missing).count == 1)
        let null = run(sdl, "query ($x: Int!) { arg(x: $x) }", variables: #"{"x": null}"#)
        #expect(null["data"] == nil)
    }

    @Test("every invalid variable is reported, one error per problem")
    func everyProblem() {
        let response = run(sdl, "query ($x: Int!, $v: In, $c: Color) { arg(x: $x, w: {a: 1, d: $c}) echo(v: $v) }",
                           variables: #"{"x": "1", "v": {"b": 1, "c": [1, null], "e": 5}, "c": "BLUE"}"#)
        #expect(response["data"] == nil)
        // x: not an Int; v: a missing, b not a String, c[1] null, e unknown; c: unknown enum value.
        #expect(errorPaths(response).count == 6)
    }

    @Test("Int accepts 1.0 from JSON but not 1.5 or values beyond 32 bits")
    func intInput() {
        #expect(run(sdl, "query ($x: Int!) { arg(x: $x) }", root: #"{"arg": "ok"}"#, variables: #"{"x": 1.0}"#)["data"] == json(#"{"arg": "ok"}"#))
        #expect(run(sdl, "query ($x: Int!) { arg(x: $x) }", variables: #"{"x": 1.5}"#)["data"] == nil)
        #expect(run(sdl, "query ($x: Int!) { arg(x: $x) }", variables: #"{"x": 2147483648}"#)["data"] == nil)
    }

    @Test("a single value is wrapped where a list is expected")
    func listWrapping() {
        #expect(run(sdl, "query ($z: [Int]) { arg(x: 1, z: $z) }", root: #"{"arg": "ok"}"#, variables: #"{"z": 5}"#)["data"] != nil)
    }

    @Test("OneOf values need exactly one non-null entry", arguments: [#"{"p": {}}"#, #"{"p": {"id": "1", "name": "x"}}"#, #"{"p": {"id": null}}"#])
    func oneOf(_ variables: String) {
        let response = run(sdl, "query ($p: Pick) { pick(p: $p) }", variables: variables)
        #expect(response["data"] == nil)
        #expect(errorPaths(response).count == 1)
    }

    @Test("a defaulted variable given null reaches a non-null argument as an execution error")
    func runtimeNullArgument() {
        let response = run(sdl, "query ($x: Int = 1) { arg(x: $x) }", variables: #"{"x": null}"#)
        #expect(response["data"] == json(#"{"arg": null}"#))
        #expect(errorPaths(response) == [#"["arg"]"#])
    }
}

@Suite("GetOperation (§6.1)")
struct GetOperationTests {
    @Test("the named operation runs")
    func named() {
        #expect(run(sdl, "query A { arg(x: 1) } query B { echo }", root: #"{"echo": "b"}"#, operation: "B")["data"] == json(#"{"echo": "b"}"#))
    }

    @Test("several operations without a name, or an unknown name, are request errors", arguments: [nil, "C"])
    func ambiguous(_ name: String?) {
        let response = run(sdl, "query A { arg(x: 1) } query B { echo }", operation: name)
        #expect(response["data"] == nil)
        #expect(errorPaths(response).count == 1)
    }
}
