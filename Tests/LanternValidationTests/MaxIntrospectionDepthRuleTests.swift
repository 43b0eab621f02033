import Testing
@testable import LanternValidation

/// Not in the spec: graphql-js's recommended limit on nested introspection lists.
@Suite("MaxIntrospectionDepth")
struct MaxIntrospectionDepthRuleTests {
    @Test("the standard introspection shape passes")
    func standard() {
        let errors = Validator.validate(try! Parser.parse("{ __schema { types { fields { type { name } } } } }"), schema: testSchema)
        #expect(errors.isEmpty)
    }

    @Test("three nested list fields are rejected, also through fragments")
    func tooDeep() {
        let text = "{ __schema { types { fields { type { fields { type { ...F } } } } } } } fragment F on __Type { fields { name } }"
        let errors = Validator.validate(try! Parser.parse(text), schema: testSchema)
        #expect(errors.map(\.message) == ["Maximum introspection depth exceeded"])
    }

    @Test("the rule is off for the specified rules only")
    func offForSpecifiedRules() {
        let text = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
        #expect(Validator.validate(try! Parser.parse(text), schema: testSchema, options: .specifiedRulesOnly).isEmpty)
    }
}

@Suite("Validation limits")
struct ValidationLimitTests {
    @Test("validation stops after maxErrors with a final error saying so")
    func maxErrors() {
        let text = "{ " + (0..<20).map { "f\($0)" }.joined(separator: " ") + " }"
        let errors = Validator.validate(try! Parser.parse(text), schema: testSchema, options: ValidationOptions(maxErrors: 5))
        #expect(errors.count == 6)
        #expect(errors.last?.message == "Too many validation errors, error limit reached. Validation aborted.")
    }

    @Test("2,000 aliases of one field validate (and agree) without pairwise blow-up")
    func manyAliases() {
        let text = "{ dog { " + (0..<2_000).map { _ in "a: name" }.joined(separator: " ") + " } }"
        #expect(Validator.validate(try! Parser.parse(text, options: ParseOptions(maxTokens: .max)), schema: testSchema).isEmpty)
        let conflicting = "{ dog { " + (0..<50).map { _ in "a: name" }.joined(separator: " ") + " a: nickname } }"
        #expect(Validator.validate(try! Parser.parse(conflicting), schema: testSchema).count == 50)
    }
}
