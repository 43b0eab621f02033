import Testing
@testable import LanternValidation

/// OneOf input objects in operations (September 2025): literals need exactly one non-null
/// field; a variable for a OneOf field must be non-null.
@Suite("OneOf input objects")
struct OneOfValidationTests {
    static let schema = try! Schema.build(sdl: """
    input Pick @oneOf { id: ID name: String }
    type Query { find(by: Pick): String }
    """)

    @Test("exactly one non-null field is valid")
    func valid() { expectValid(#"{ find(by: {name: "x"}) }"#, schema: Self.schema) }

    @Test("two fields are one error at the object")
    func twoFields() {
        expectErrors(#"{ find(by: {id: 1, name: "x"}) }"#, at: [[(1, 12)]],
                     messages: ["OneOf Input Object \"Pick\" must specify exactly one key."], schema: Self.schema)
    }

    @Test("no field is one error at the object")
    func noFields() { expectErrors("{ find(by: {}) }", at: [[(1, 12)]], schema: Self.schema) }

    @Test("a null field is one error at the object")
    func nullField() {
        expectErrors("{ find(by: {id: null}) }", at: [[(1, 12)]],
                     messages: ["Field \"Pick.id\" must be non-null."], schema: Self.schema)
    }

    @Test("a nullable variable for the field is an error; a non-null one is fine")
    func variables() {
        expectErrors("query ($v: ID) { find(by: {id: $v}) }", at: [[(1, 27)]], schema: Self.schema)
        expectValid("query ($v: ID!) { find(by: {id: $v}) }", schema: Self.schema)
    }
}
