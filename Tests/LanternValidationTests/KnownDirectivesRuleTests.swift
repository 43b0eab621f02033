import Testing
@testable import LanternValidation

/// §5.7.1 Directives Are Defined, §5.7.2 Directives Are in Valid Locations.
@Suite("KnownDirectives")
struct KnownDirectivesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Foo @onQuery { dog @include(if: true) { name @onField } }")
    }

    @Test("rejects: { dog @unknown(directive: 'value') { name @onField } }")
    func invalid0() {
        expectErrors("{ dog @unknown(directive: \"value\") { name @onField } }", at: [[(1, 7)]],
                     messages: ["Unknown directive '@unknown'."])
    }

    @Test("rejects: query Foo @onField { dog @onQuery { name } }")
    func invalid1() {
        expectErrors("query Foo @onField { dog @onQuery { name } }", at: [[(1, 11)], [(1, 26)]],
                     messages: ["Directive '@onField' may not be used on QUERY.", "Directive '@onQuery' may not be used on FIELD."])
    }

    @Test("type-system definitions in an executable document: their directives are checked at type-system locations")
    func typeSystemLocations() {
        expectErrors("query { dog { name } }\nextend schema @onQuery", at: [[(2, 1)], [(2, 15)]],
                     messages: ["The schema definition is not executable.", "Directive '@onQuery' may not be used on SCHEMA."])
        expectErrors("query { dog { name } }\nextend schema @unknown @include(if: 1)", at: [[(2, 1)], [(2, 15)], [(2, 24)], [(2, 37)]],
                     messages: ["The schema definition is not executable.", "Unknown directive '@unknown'.",
                                "Directive '@include' may not be used on SCHEMA.", "Boolean cannot represent a non boolean value: 1"])
    }

    @Test("every type-system location; an input extension's fields count as ARGUMENT_DEFINITION, as in graphql-js 16")
    func everyTypeSystemLocation() {
        let document = "query { dog { name } }\ntype T @onField { f(x: Int @onQuery): String @onQuery } enum E @onQuery { A @onQuery } "
            + "input I { x: Int @onQuery } extend input I { y: Int @onQuery } scalar S @onQuery union U @onQuery = Dog "
            + "interface X @onQuery { a: Int }"
        let definitions = [1, 57, 88, 116, 151, 169, 192].map { [(2, $0)] }
        expectErrors(document, at: definitions + [[(2, 8)], [(2, 28)], [(2, 46)], [(2, 64)], [(2, 77)], [(2, 105)], [(2, 140)],
                                                  [(2, 160)], [(2, 177)], [(2, 204)]],
                     messages: ["The 'T' definition is not executable.", "The 'E' definition is not executable.",
                                "The 'I' definition is not executable.", "The 'I' definition is not executable.",
                                "The 'S' definition is not executable.", "The 'U' definition is not executable.",
                                "The 'X' definition is not executable.",
                                "Directive '@onField' may not be used on OBJECT.",
                                "Directive '@onQuery' may not be used on ARGUMENT_DEFINITION.",
                                "Directive '@onQuery' may not be used on FIELD_DEFINITION.",
                                "Directive '@onQuery' may not be used on ENUM.",
                                "Directive '@onQuery' may not be used on ENUM_VALUE.",
                                "Directive '@onQuery' may not be used on INPUT_FIELD_DEFINITION.",
                                "Directive '@onQuery' may not be used on ARGUMENT_DEFINITION.",
                                "Directive '@onQuery' may not be used on SCALAR.",
                                "Directive '@onQuery' may not be used on UNION.",
                                "Directive '@onQuery' may not be used on INTERFACE."])
    }

    @Test("directive definitions: their arguments' directives, and duplicate fields in their defaults")
    func directiveDefinitionArguments() {
        expectErrors("query { dog { name } }\ndirective @d(x: Int = 1 @onQuery, y: ComplexInput = {intField: 1, intField: 2}) on FIELD",
                     at: [[(2, 1)], [(2, 25)], [(2, 54), (2, 67)]],
                     messages: ["The 'd' definition is not executable.", "Directive '@onQuery' may not be used on ARGUMENT_DEFINITION.",
                                "There can be only one input field named 'intField'."])
    }

    @Test("a directive defined in the document is known with that definition's locations and arguments")
    func documentDefinedDirectives() {
        expectErrors("query { dog @d(x: 1) @d { name } }\ndirective @d(y: Int!) on FIELD",
                     at: [[(2, 1)], [(1, 13), (1, 22)], [(1, 16)], [(1, 13)], [(1, 22)]],
                     messages: ["The 'd' definition is not executable.", "The directive '@d' can only be used once at this location.",
                                "Unknown argument 'x' on directive '@d'. Did you mean 'y'?",
                                "Directive '@d' argument 'y' of type 'Int!' is required, but it was not provided.",
                                "Directive '@d' argument 'y' of type 'Int!' is required, but it was not provided."])
        expectErrors("query @onQuery { dog { name } }\ndirective @onQuery on FIELD", at: [[(2, 1)], [(1, 7)]],
                     messages: ["The 'onQuery' definition is not executable.", "Directive '@onQuery' may not be used on QUERY."])
    }
}
