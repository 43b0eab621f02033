import Testing
@testable import LanternValidation

/// §5.2.1.1 Operation Type Existence (September 2025): one error, at the operation.
@Suite("OperationTypeExistence")
struct OperationTypeExistenceRuleTests {
    static let queryOnly = try! Schema.build(sdl: "type Query { a: Int }")

    @Test("a query against a schema with a query root is valid")
    func query() { expectValid("{ a }", schema: Self.queryOnly) }

    @Test("a mutation without a mutation root is an error at the operation")
    func mutation() {
        expectErrors("query Q { a } mutation M { a }", at: [[(1, 15)]],
                     messages: ["The mutation operation is not supported by the schema."], schema: Self.queryOnly)
    }

    @Test("a subscription without a subscription root is an error at the operation")
    func subscription() {
        expectErrors("subscription { a }", at: [[(1, 1)]],
                     messages: ["The subscription operation is not supported by the schema."], schema: Self.queryOnly)
    }
}
