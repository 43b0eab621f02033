import Testing
@testable import LanternValidation

/// §5.2.3.1 Lone Anonymous Operation.
@Suite("LoneAnonymousOperation")
struct LoneAnonymousOperationTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { name } }")
    }

    @Test("rejects: { dog { name } } { cat { name } }")
    func invalid0() {
        expectErrors("{ dog { name } } { cat { name } }", at: [[(1, 1)], [(1, 18)]],
                     messages: ["This anonymous operation must be the only defined operation.", "This anonymous operation must be the only defined operation."])
    }

    @Test("rejects: { dog { name } } query Foo { cat { name } }")
    func invalid1() {
        expectErrors("{ dog { name } } query Foo { cat { name } }", at: [[(1, 1)]],
                     messages: ["This anonymous operation must be the only defined operation."])
    }
}
