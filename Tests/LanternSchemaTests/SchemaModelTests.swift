import Testing
@testable import LanternSchema

@Suite("Building schemas")
struct SchemaBuildTests {
    @Test("extensions merge in document order; roots default to Query, Mutation, Subscription")
    func extensionsAndRoots() throws {
        let schema = try Schema.build(sdl: """
        type Query { a: Int }
        type Mutation { m: Int }
        extend type Query { b: String }
        enum E { X }
        extend enum E { Y }
        """)
        let query = try #require(schema.queryType.map { schema.types[$0] })
        #expect(query.fields.map(\.name) == ["a", "b"])
        #expect(schema.mutationType.map { schema.types[$0].name } == "Mutation")
        #expect(schema.subscriptionType == nil)
        #expect(schema.type(named: "E")?.enumValues.map(\.name) == ["X", "Y"])
    }

    @Test("a schema built from several files reports errors with each file's name")
    func multipleFiles() {
        do {
            _ = try Schema.build(sources: [Source("type Query { a: Int }", name: "a.graphql"),
                                           Source("type Query { b: Int }", name: "b.graphql")])
            Issue.record("expected a duplicate type error")
        } catch {
            #expect(error.errors.first?.sourceNames == ["a.graphql", "b.graphql"])
        }
    }

    @Test("built-in scalars appear only when referenced; String and Boolean always")
    func referencedBuiltins() throws {
        let schema = try Schema.build(sdl: "type Query { a: String }")
        #expect(schema.type(named: "Int") == nil)
        #expect(schema.type(named: "Boolean") != nil)
        let withID = try Schema.build(sdl: "type Query { a(id: ID): String }")
        #expect(withID.type(named: "ID") != nil)
    }

    @Test("a definition of a built-in scalar is ignored; a definition of a built-in directive replaces it")
    func builtinRedefinition() throws {
        let schema = try Schema.build(sdl: "scalar String\ndirective @skip(if: Boolean!, why: String) on FIELD\ntype Query { a: String }")
        #expect(schema.type(named: "String")?.builtinScalar == .string)
        #expect(schema.directive(named: "skip")?.arguments.count == 2)
        #expect(schema.directives.filter { $0.name == "skip" }.count == 1)
    }

    @Test("deprecation on fields, arguments, input fields and enum values; @specifiedBy; @oneOf")
    func directivesOnDefinitions() throws {
        let schema = try Schema.build(sdl: """
        scalar Date @specifiedBy(url: "https://example.com")
        input I @oneOf { a: Int @deprecated b: String }
        type Query { f(x: Int @deprecated(reason: "old")): Date @deprecated }
        """)
        let field = try #require(schema.type(named: "Query")?.field(named: "f"))
        #expect(field.deprecationReason == "No longer supported")
        #expect(field.arguments[0].deprecationReason == "old")
        #expect(schema.type(named: "I")?.isOneOf == true)
        #expect(schema.type(named: "I")?.inputFields[0].deprecationReason == "No longer supported")
        #expect(schema.type(named: "Date")?.specifiedByURL == "https://example.com")
    }

    @Test("a syntax error in SDL is the only error reported")
    func syntaxError() {
        expectSchemaErrors("type Query { a: }", at: [[(1, 17)]])
    }
}

@Suite("September 2025 type-system rules")
struct SchemaRules2025Tests {
    @Test("OneOf fields must be nullable and have no default, extensions included")
    func oneOf() {
        expectSchemaErrors("""
        type Query { a(i: I): Int }
        input I @oneOf { a: Int! b: Int = 1 }
        extend input I { c: String! }
        """, at: [[(2, 21)], [(2, 26)], [(3, 21)]])
    }

    @Test("root types must all be different")
    func distinctRoots() {
        expectSchemaErrors("schema { query: Q mutation: Q } type Q { a: Int }", at: [[(1, 17), (1, 29)]])
    }

    @Test("a field argument's default must be coercible to its type")
    func defaultCoercible() {
        expectSchemaErrors(#"type Query { a(x: Int = "no", y: [Int] = [1, "b"], z: Int = 1): Int }"#, at: [[(1, 25)], [(1, 42)]])
    }

    @Test("required arguments and input fields cannot be deprecated")
    func deprecatedRequired() {
        expectSchemaErrors("type Query { a(x: Int! @deprecated): Int }", at: [[(1, 24), (1, 19)]])
    }
}

@Suite("JSON")
struct JSONTests {
    @Test("JavaScript number formatting", arguments: [
        (1.0, "1"), (100000.0, "100000"), (0.000001, "0.000001"), (1e21, "1e+21"), (1.5, "1.5"),
        (-0.0, "0"), (1e-7, "1e-7"), (123456789.125, "123456789.125"), (6.02e23, "6.02e+23"),
    ])
    func numbers(_ value: Double, _ expected: String) {
        #expect(JSNumber.format(value) == expected)
    }

    @Test("parsing keeps integers and doubles apart, and object key order")
    func parse() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": 1.0, "s": "\u00e9\ud83d\ude00", "l": [true, null]}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a", "s", "l"])
        #expect(object["b"] == .int(1) && object["a"] == .double(1))
        #expect(object["s"] == .string("é😀"))
    }

    @Test("invalid JSON is an error, never a crash", arguments: ["{", "[1,]", "\"\\ud800\"", "01x", "{\"a\" 1}", String(repeating: "[", count: 10_000)])
    func invalid(_ text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test("writing escapes what JSON requires")
    func write() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}").jsonText == #""a\"b\\c\n\u0001""#)
    }
}
