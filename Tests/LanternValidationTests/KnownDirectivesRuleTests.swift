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
}
