import Testing
@testable import LanternValidation

/// §5.3.1 Field Selections.
@Suite("FieldsOnCorrectType")
struct FieldsOnCorrectTypeTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ catOrDog { __typename ... on Dog { name } } pet { name } }")
    }

    @Test("rejects: { dog { unknownField { deeper } meowVolume } catOrDog { name")
    func invalid0() {
        expectErrors("{ dog { unknownField { deeper } meowVolume } catOrDog { name } }", at: [[(1, 9)], [(1, 33)], [(1, 57)]],
                     messages: ["Cannot query field 'unknownField' on type 'Dog'.", "Cannot query field 'meowVolume' on type 'Dog'. Did you mean 'barkVolume'?", "Cannot query field 'name' on type 'CatOrDog'. Did you mean to use an inline fragment on 'Being', 'Pet', 'Canine', 'Cat', or 'Dog'?"])
    }

    @Test("rejects: { dog { __schema { types { name } } } }")
    func invalid1() {
        expectErrors("{ dog { __schema { types { name } } } }", at: [[(1, 9)]],
                     messages: ["Cannot query field '__schema' on type 'Dog'."])
    }
}
