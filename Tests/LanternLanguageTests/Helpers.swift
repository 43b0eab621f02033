import Testing
@testable import LanternLanguage

/// Parses `text` and expects a syntax error at `line:column`, forwarding the caller's location.
func expectSyntaxError(_ text: String, at line: Int, _ column: Int, containing fragment: String? = nil,
                       options: ParseOptions = .default, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    do {
        _ = try Parser.parse(text, options: options)
        Issue.record("expected a syntax error for \(text.debugDescription)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.location.line == line, "line of \(error)", sourceLocation: sourceLocation)
        #expect(error.location.column == column, "column of \(error)", sourceLocation: sourceLocation)
        if let fragment {
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}

func parses(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Document? {
    do {
        return try Parser.parse(text)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Lexes a single value through the parser (`{ f(a: <value>) }`) and returns it.
func parseValue(_ literal: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Value? {
    guard let document = parses("{ f(a: \(literal)) }", sourceLocation: sourceLocation),
          case .operation(let operation) = document.definitions[0],
          case .field(let field) = operation.selectionSet.selections[0] else { return nil }
    return field.arguments[0].value
}

func stringValue(_ literal: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
    guard case .string(let string) = parseValue(literal, sourceLocation: sourceLocation) else { return nil }
    return string.value
}
