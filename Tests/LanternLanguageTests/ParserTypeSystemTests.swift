import Testing
@testable import LanternLanguage

@Suite("Parser: type system")
struct ParserTypeSystemTests {
    @Test("schema definition with description and directives")
    func schema() throws {
        let document = try #require(parses(#""d" schema @a { query: Q mutation: M subscription: S }"#))
        guard case .schema(let schema) = document.definitions[0] else { Issue.record("no schema"); return }
        #expect(schema.operationTypes.map(\.operation) == [.query, .mutation, .subscription])
        #expect(schema.description?.value == "d")
    }

    @Test("every type definition kind")
    func typeKinds() throws {
        let document = try #require(parses("""
        scalar Date @specifiedBy(url: "x")
        type A implements & B & C @d { f(a: Int = 1 @d): [A!]! @deprecated }
        interface B implements C { f: Int }
        union U @d = | A | B
        enum E { ONE @deprecated TWO }
        input I @oneOf { a: Int, b: String = "x" }
        directive @d(a: Int) repeatable on FIELD | OBJECT
        """))
        #expect(document.definitions.count == 7)
        guard case .type(.object(let object)) = document.definitions[1] else { Issue.record("no object"); return }
        #expect(object.interfaces.map(\.name.value) == ["B", "C"])
        guard case .directive(let directive) = document.definitions[6] else { Issue.record("no directive"); return }
        #expect(directive.isRepeatable && directive.locations.map(\.value) == ["FIELD", "OBJECT"])
    }

    @Test("every extension kind")
    func extensions() throws {
        let document = try #require(parses("""
        extend schema @d
        extend scalar S @d
        extend type T implements I
        extend interface I { g: Int }
        extend union U = X
        extend enum E { THREE }
        extend input I2 { c: Int }
        """))
        #expect(document.definitions.count == 7)
    }

    @Test("an extension needs a body")
    func emptyExtension() {
        expectSyntaxError("extend type T", at: 1, 14, containing: "Unexpected <EOF>.")
    }

    @Test("descriptions are not allowed on extensions")
    func describedExtension() {
        expectSyntaxError(#""d" extend type T @a"#, at: 1, 1, containing: "description")
    }

    @Test("enum values may not be true, false or null", arguments: ["true", "false", "null"])
    func reservedEnumValues(_ name: String) {
        expectSyntaxError("enum E { \(name) }", at: 1, 10, containing: "is reserved")
    }

    @Test("directive locations must be known")
    func unknownLocation() {
        expectSyntaxError("directive @d on FIELD | NOWHERE", at: 1, 25, containing: "Unexpected Name \"NOWHERE\".")
    }

    @Test("variables are not allowed in type-system directives")
    func constDirectives() {
        expectSyntaxError("type T @d(a: $x) { f: Int }", at: 1, 14, containing: "constant value")
    }

    @Test("schema coordinates, each form", arguments: [
        ("Type", SchemaCoordinate.type("Type")),
        ("Type.field", .member(type: "Type", member: "field")),
        ("Type.field(arg:)", .argument(type: "Type", field: "field", argument: "arg")),
        ("@dir", .directive("dir")),
        ("@dir(arg:)", .directiveArgument(directive: "dir", argument: "arg")),
    ])
    func coordinates(_ text: String, expected: SchemaCoordinate) throws {
        #expect(try SchemaCoordinate.parse(text) == expected)
        #expect(expected.description == text)
    }

    @Test("schema coordinates allow no ignored characters", arguments: ["Type .field", "Type. field", " Type", "@ dir", "Type.field(arg)"])
    func coordinateErrors(_ text: String) {
        #expect(throws: SyntaxError.self) { try SchemaCoordinate.parse(text) }
    }
}
