import Testing
@testable import LanternLanguage

@Suite("Parser: executable definitions")
struct ParserExecutableTests {
    @Test("the query shorthand is an anonymous query")
    func shorthand() throws {
        let operation = try #require(parses("{ a }")?.operations.first)
        #expect(operation.operation == .query && operation.isShorthand && operation.name == nil)
    }

    @Test("named operations of each type", arguments: OperationType.allCases)
    func operationTypes(_ type: OperationType) throws {
        let operation = try #require(parses("\(type.rawValue) Name { a }")?.operations.first)
        #expect(operation.operation == type && operation.name?.value == "Name")
    }

    @Test("descriptions on operations, fragments and variable definitions")
    func executableDescriptions() throws {
        let document = try #require(parses(#"""
        "op" query Q("var" $a: Int) { f(a: $a) ...F }
        """frag""" fragment F on T { b }
        """#))
        #expect(document.operations[0].description?.value == "op")
        #expect(document.operations[0].variableDefinitions[0].description?.value == "var")
        #expect(document.fragments[0].description?.value == "frag")
    }

    @Test("a description on the query shorthand is a syntax error")
    func shorthandDescription() {
        expectSyntaxError(#""desc" { a }"#, at: 1, 1, containing: "description")
    }

    @Test("variables with types, defaults and directives")
    func variables() throws {
        let operation = try #require(parses("query ($a: [Int!]! = [1] @dir, $b: In = {x: 1}) { f }")?.operations.first)
        #expect(operation.variableDefinitions.count == 2)
        #expect(operation.variableDefinitions[0].type.description == "[Int!]!")
        #expect(operation.variableDefinitions[0].directives.first?.name.value == "dir")
    }

    @Test("variables are not allowed in default values")
    func variableInDefault() {
        expectSyntaxError("query ($a: Int = $b) { f }", at: 1, 18, containing: "Unexpected variable \"$b\" in constant value.")
    }

    @Test("fields with aliases, arguments, directives and selections")
    func fields() throws {
        let operation = try #require(parses("{ alias: field(a: 1, b: $v) @skip(if: true) { sub } }")?.operations.first)
        guard case .field(let field) = operation.selectionSet.selections[0] else { Issue.record("not a field"); return }
        #expect(field.alias?.value == "alias" && field.name.value == "field")
        #expect(field.arguments.count == 2 && field.directives.count == 1 && field.selectionSet != nil)
    }

    @Test("fragment spreads, inline fragments with and without type condition")
    func fragments() throws {
        let operation = try #require(parses("{ ...F @d ... on T { a } ... @include(if: true) { b } }")?.operations.first)
        let selections = operation.selectionSet.selections
        guard case .fragmentSpread(let spread) = selections[0],
              case .inlineFragment(let typed) = selections[1],
              case .inlineFragment(let untyped) = selections[2] else { Issue.record("wrong selections"); return }
        #expect(spread.name.value == "F" && typed.typeCondition?.name.value == "T" && untyped.typeCondition == nil)
    }

    @Test("a fragment may not be named on")
    func fragmentNamedOn() {
        expectSyntaxError("fragment on on T { a }", at: 1, 10, containing: "Unexpected Name \"on\"")
    }

    @Test("every value kind")
    func values() {
        let value = parseValue(#"[1, 2.5, "s", """b""", true, false, null, ENUM, $v, {a: [], b: {}}]"#)
        guard case .list(let items, _) = value else { Issue.record("not a list"); return }
        #expect(items.count == 10)
    }

    @Test("selection sets cannot be empty")
    func emptySelectionSet() {
        expectSyntaxError("{ }", at: 1, 3, containing: "Expected Name, found \"}\".")
    }

    @Test("argument lists cannot be empty")
    func emptyArguments() {
        expectSyntaxError("{ f() }", at: 1, 5, containing: "Expected Name, found \")\".")
    }

    @Test("an empty document is an error at <EOF>")
    func emptyDocument() {
        expectSyntaxError("  ", at: 1, 3, containing: "Unexpected <EOF>.")
    }

    @Test("an unknown keyword is unexpected")
    func unknownKeyword() {
        expectSyntaxError("notAKeyword { a }", at: 1, 1, containing: "Unexpected Name \"notAKeyword\".")
    }

    @Test("a missing closing brace is reported at <EOF>")
    func missingBrace() {
        expectSyntaxError("{ a { b }", at: 1, 10, containing: "Expected Name, found <EOF>.")
    }

    @Test("fragment variables are not enabled")
    func fragmentVariables() {
        expectSyntaxError("fragment F($a: Int) on T { a }", at: 1, 11, containing: "Expected \"on\"")
    }
}
