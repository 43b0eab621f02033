import Testing
@testable import LanternValidation

/// §5.8.1 Variable Uniqueness.
@Suite("UniqueVariableNames")
struct UniqueVariableNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query A($x: Int, $y: Int) { dog { isAtLocation(x: $x, y: $y) } }")
    }

    @Test("rejects: query A($x: Int, $x: Int, $x: String) { dog { name } }")
    func invalid0() {
        expectErrors("query A($x: Int, $x: Int, $x: String) { dog { name } }", at: [[(1, 10), (1, 19), (1, 28)], [(1, 9)], [(1, 18)], [(1, 27)]],
                     messages: ["There can be only one variable named '$x'.", "Variable '$x' is never used in operation 'A'.", "Variable '$x' is never used in operation 'A'.", "Variable '$x' is never used in operation 'A'."])
    }
}
