import Testing
@testable import LanternValidation

/// §5.8.4 All Variables Used.
@Suite("NoUnusedVariables")
struct NoUnusedVariablesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo($a: Int) { dog { ...F } } fragment F on Dog { isAtLocation(x: $a) }")
    }

    @Test("rejects: query Foo($a: Int, $b: Int, $c: Int) { dog { isAtLocation(x:")
    func invalid0() {
        expectErrors("query Foo($a: Int, $b: Int, $c: Int) { dog { isAtLocation(x: $a) } }", at: [[(1, 20)], [(1, 29)]],
                     messages: ["Variable '$b' is never used in operation 'Foo'.", "Variable '$c' is never used in operation 'Foo'."])
    }
}
