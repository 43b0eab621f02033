import Testing
@testable import LanternValidation

/// §5.2.2.1 Operation Name Uniqueness.
@Suite("UniqueOperationNames")
struct UniqueOperationNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo { dog { name } } query Bar { dog { name } }")
    }

    @Test("rejects: query Foo { dog { name } } query Foo { cat { name } }")
    func invalid0() {
        expectErrors("query Foo { dog { name } } query Foo { cat { name } }", at: [[(1, 7), (1, 34)]],
                     messages: ["There can be only one operation named 'Foo'."])
    }

    @Test("rejects: query Foo { dog { name } } mutation Foo { createDog { name }")
    func invalid1() {
        expectErrors("query Foo { dog { name } } mutation Foo { createDog { name } }", at: [[(1, 7), (1, 37)]],
                     messages: ["There can be only one operation named 'Foo'."])
    }
}
