import Testing
@testable import LanternValidation

/// §5.8.3 All Variable Uses Defined.
@Suite("NoUndefinedVariables")
struct NoUndefinedVariablesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo($a: Int, $b: Int) { dog { isAtLocation(x: $a, y: $b) } }")
    }

    @Test("rejects: query Foo($a: Int) { dog { isAtLocation(x: $a, y: $b) } }")
    func invalid0() {
        expectErrors("query Foo($a: Int) { dog { isAtLocation(x: $a, y: $b) } }", at: [[(1, 51), (1, 1)]],
                     messages: ["Variable '$b' is not defined by operation 'Foo'."])
    }

    @Test("rejects: query Foo { dog { ...F } } fragment F on Dog { isAtLocation(")
    func invalid1() {
        expectErrors("query Foo { dog { ...F } } fragment F on Dog { isAtLocation(x: $x) }", at: [[(1, 64), (1, 1)]],
                     messages: ["Variable '$x' is not defined by operation 'Foo'."])
    }
}
