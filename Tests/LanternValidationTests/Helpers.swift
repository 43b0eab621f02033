import Testing
@testable import LanternValidation

/// The schema the rule tests run against: pets, humans and arguments of every kind.
let testSchema: Schema = {
    do {
        return try Schema.build(sdl: TestSchemaSDL.text)
    } catch {
        fatalError("test schema does not build: \(error)")
    }
}()

func validate(_ text: String, schema: Schema = testSchema) -> [GraphQLError] {
    do {
        return Validator.validate(try Parser.parse(text), schema: schema, options: .specifiedRulesOnly)
    } catch {
        return [GraphQLError(syntaxError: error)]
    }
}

func expectValid(_ text: String, schema: Schema = testSchema, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let errors = validate(text, schema: schema)
    #expect(errors.isEmpty, "unexpected: \(errors.map(\.message))", sourceLocation: sourceLocation)
}

/// Expects exactly these errors (as sets of line/column pairs, in any order), and where
/// `messages` is given, exactly those messages.
func expectErrors(_ text: String, at expected: [[(Int, Int)]], messages: [String]? = nil, schema: Schema = testSchema,
                  sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let errors = validate(text, schema: schema)
    func key(_ pairs: [(Int, Int)]) -> String { pairs.map { "\($0.0):\($0.1)" }.sorted().joined(separator: ",") }
    let got = errors.map { key($0.locations.map { ($0.line, $0.column) }) }.sorted()
    let want = expected.map(key).sorted()
    #expect(got == want, "locations differ; messages: \(errors.map(\.message))", sourceLocation: sourceLocation)
    if let messages {
        #expect(errors.map(\.message).sorted() == messages.map { $0.replacingOccurrences(of: "'", with: "\"") }.sorted(),
                sourceLocation: sourceLocation)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
