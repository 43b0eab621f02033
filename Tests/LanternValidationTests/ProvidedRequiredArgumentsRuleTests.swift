import Testing
@testable import LanternValidation

/// §5.4.3 Required Arguments.
@Suite("ProvidedRequiredArguments")
struct ProvidedRequiredArgumentsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ complicatedArgs { multipleReqs(req1: 1, req2: 2) nonNullFieldWithDefault } }")
    }

    @Test("rejects: { complicatedArgs { multipleReqs(req1: 1) b: multipleReqs } ")
    func invalid0() {
        expectErrors("{ complicatedArgs { multipleReqs(req1: 1) b: multipleReqs } }", at: [[(1, 21)], [(1, 43)], [(1, 43)]],
                     messages: ["Field 'multipleReqs' argument 'req2' of type 'Int!' is required, but it was not provided.", "Field 'multipleReqs' argument 'req1' of type 'Int!' is required, but it was not provided.", "Field 'multipleReqs' argument 'req2' of type 'Int!' is required, but it was not provided."])
    }

    @Test("rejects: { dog { name @include @withArg } }")
    func invalid1() {
        expectErrors("{ dog { name @include @withArg } }", at: [[(1, 14)], [(1, 23)]],
                     messages: ["Directive '@include' argument 'if' of type 'Boolean!' is required, but it was not provided.", "Directive '@withArg' argument 'arg' of type 'Int!' is required, but it was not provided."])
    }
}
