import Testing
@testable import LanternValidation

/// §5.1.1 Executable Definitions.
@Suite("ExecutableDefinitions")
struct ExecutableDefinitionsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo { dog { name } }")
    }

    @Test("rejects: query Foo { dog { name } } type Cow { name: String } extend ")
    func invalid0() {
        expectErrors("query Foo { dog { name } } type Cow { name: String } extend type Dog { color: String }", at: [[(1, 28)], [(1, 54)]],
                     messages: ["The 'Cow' definition is not executable.", "The 'Dog' definition is not executable."])
    }

    @Test("rejects: schema { query: QueryRoot } query Foo { dog { name } }")
    func invalid1() {
        expectErrors("schema { query: QueryRoot } query Foo { dog { name } }", at: [[(1, 1)]],
                     messages: ["The schema definition is not executable."])
    }
}
