import Testing
@testable import LanternValidation

/// §5.7.3 Directives Are Unique per Location.
@Suite("UniqueDirectivesPerLocation")
struct UniqueDirectivesPerLocationTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { name @repeatableOnField @repeatableOnField } }")
    }

    @Test("rejects: { dog { name @onField @onField } }")
    func invalid0() {
        expectErrors("{ dog { name @onField @onField } }", at: [[(1, 14), (1, 23)]],
                     messages: ["The directive '@onField' can only be used once at this location."])
    }

    @Test("a schema's definition and extensions are one location, as are a type's; document definitions decide repeatable")
    func typeSystemLocations() {
        expectErrors("query { dog { name } }\nextend schema @onField\nschema @onField { query: QueryRoot }",
                     at: [[(2, 1)], [(3, 1)], [(2, 15)], [(3, 8)], [(2, 15), (3, 8)]],
                     messages: ["The schema definition is not executable.", "The schema definition is not executable.",
                                "Directive '@onField' may not be used on SCHEMA.", "Directive '@onField' may not be used on SCHEMA.",
                                "The directive '@onField' can only be used once at this location."])
        expectErrors("query { dog { name } }\nextend type Dog @onField\nextend type Dog @onField", at: [[(2, 1)], [(3, 1)], [(2, 17)], [(3, 17)], [(2, 17), (3, 17)]],
                     messages: ["The 'Dog' definition is not executable.", "The 'Dog' definition is not executable.",
                                "Directive '@onField' may not be used on OBJECT.", "Directive '@onField' may not be used on OBJECT.",
                                "The directive '@onField' can only be used once at this location."])
        expectErrors("query { dog @onField @onField { name @repeatableOnField @repeatableOnField } }\n"
                     + "directive @onField repeatable on FIELD\ndirective @repeatableOnField on FIELD",
                     at: [[(2, 1)], [(3, 1)], [(1, 38), (1, 57)]],
                     messages: ["The 'onField' definition is not executable.", "The 'repeatableOnField' definition is not executable.",
                                "The directive '@repeatableOnField' can only be used once at this location."])
    }
}
