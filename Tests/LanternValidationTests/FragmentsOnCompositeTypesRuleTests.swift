import Testing
@testable import LanternValidation

/// §5.5.1.3 Fragments on Object, Interface or Union Types.
@Suite("FragmentsOnCompositeTypes")
struct FragmentsOnCompositeTypesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { ... on Pet { name } } }")
    }

    @Test("rejects: { dog { ... on Boolean { name } } }")
    func invalid0() {
        expectErrors("{ dog { ... on Boolean { name } } }", at: [[(1, 16)]],
                     messages: ["Fragment cannot condition on non composite type 'Boolean'."])
    }

    @Test("rejects: fragment scalarFragment on Boolean { bad } { dog { ...scalar")
    func invalid1() {
        expectErrors("fragment scalarFragment on Boolean { bad } { dog { ...scalarFragment } }", at: [[(1, 28)]],
                     messages: ["Fragment 'scalarFragment' cannot condition on non composite type 'Boolean'."])
    }
}
