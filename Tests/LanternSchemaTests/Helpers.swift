import Testing
@testable import LanternSchema

func schemaErrors(_ sdl: String) -> [GraphQLError] {
    do {
        _ = try Schema.build(sdl: sdl)
        return []
    } catch {
        return error.errors
    }
}

/// Expects exactly these errors, as sets of (line, column), in any order.
func expectSchemaErrors(_ sdl: String, at expected: [[(Int, Int)]], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let errors = schemaErrors(sdl)
    func key(_ pairs: [(Int, Int)]) -> String { pairs.map { "\($0.0):\($0.1)" }.sorted().joined(separator: ",") }
    let got = errors.map { key($0.locations.map { ($0.line, $0.column) }) }.sorted()
    #expect(got == expected.map(key).sorted(), "messages: \(errors.map(\.message))", sourceLocation: sourceLocation)
}
