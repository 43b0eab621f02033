import Testing
@testable import LanternValidation

/// §5.8.2 Variables Are Input Types.
@Suite("VariablesAreInputTypes")
struct VariablesAreInputTypesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo($a: String, $b: [String], $c: ComplexInput) { complicatedArgs { stringArgField(stringArg: $a) stringListArgField(stringListArg: $b) complexArgField(complexArg: $c) } }")
    }

    @Test("rejects: query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog { name")
    func invalid0() {
        expectErrors("query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog { name } }", at: [[(1, 15)], [(1, 24)], [(1, 44)], [(1, 11)], [(1, 20)], [(1, 40)]],
                     messages: ["Variable '$a' cannot be non-input type 'Dog'.", "Variable '$b' cannot be non-input type '[[CatOrDog!]]!'.", "Variable '$c' cannot be non-input type 'Pet'.", "Variable '$a' is never used in operation 'Foo'.", "Variable '$b' is never used in operation 'Foo'.", "Variable '$c' is never used in operation 'Foo'."])
    }
}
