import Testing
@testable import LanternValidation

/// §5.4.2 Argument Uniqueness.
@Suite("UniqueArgumentNames")
struct UniqueArgumentNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { isAtLocation(x: 1, y: 2) } }")
    }

    @Test("rejects: { dog { isAtLocation(x: 1, x: 2, y: 3) } }")
    func invalid0() {
        expectErrors("{ dog { isAtLocation(x: 1, x: 2, y: 3) } }", at: [[(1, 22), (1, 28)]],
                     messages: ["There can be only one argument named 'x'."])
    }

    @Test("rejects: { dog { name @withArg(arg: 1, arg: 2) } }")
    func invalid1() {
        expectErrors("{ dog { name @withArg(arg: 1, arg: 2) } }", at: [[(1, 23), (1, 31)]],
                     messages: ["There can be only one argument named 'arg'."])
    }
}
