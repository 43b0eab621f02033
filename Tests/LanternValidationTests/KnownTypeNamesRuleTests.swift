import Testing
@testable import LanternValidation

/// §5.5.1.2 Fragment Spread Type Existence.
@Suite("KnownTypeNames")
struct KnownTypeNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo($var: Boolean) { dog { name(surname: $var) ... on Dog { nickname } } }")
    }

    @Test("rejects: query Foo($var: JumbledUpLetters) { dog { name, ... on Badge")
    func invalid0() {
        expectErrors("query Foo($var: JumbledUpLetters) { dog { name, ... on Badger { name } ...Frag } } fragment Frag on Peat { name }", at: [[(1, 17)], [(1, 56)], [(1, 11)], [(1, 101)]],
                     messages: ["Unknown type 'JumbledUpLetters'.", "Unknown type 'Badger'.", "Variable '$var' is never used in operation 'Foo'.", "Unknown type 'Peat'. Did you mean 'Pet' or 'Cat'?"])
    }
}
