import Testing
@testable import LanternSchema

/// One row of the classification table: a change from `old` to `new` must be reported with
/// this severity at this coordinate.
struct DiffCase: Sendable, CustomTestStringConvertible {
    var name: String
    var old: String
    var new: String
    var severity: SchemaChange.Severity
    var coordinate: String

    init(_ name: String, _ old: String, _ new: String, _ severity: SchemaChange.Severity, _ coordinate: String) {
        self.name = name
        self.old = old
        self.new = new
        self.severity = severity
        self.coordinate = coordinate
    }

    var testDescription: String { name }
}

private func diff(_ old: String, _ new: String) throws -> [SchemaChange] {
    SchemaDiff.compare(old: try Schema.build(sdl: old, name: "old.graphql"), new: try Schema.build(sdl: new, name: "new.graphql"))
}

private let query = "type Query { a: Int }"

let diffCases: [DiffCase] = [
    // Types.
    .init("type removed", "\(query) type Foo { x: Int }", query, .breaking, "Foo"),
    .init("type added", query, "\(query) type Foo { x: Int }", .safe, "Foo"),
    .init("type kind changed", "\(query) type Foo { x: Int }", "\(query) input Foo { x: Int }", .breaking, "Foo"),
    .init("scalar became enum", "\(query) scalar Foo", "\(query) enum Foo { X }", .breaking, "Foo"),
    .init("type description changed", "\(query) \"One.\" type Foo { x: Int }", "\(query) \"Two.\" type Foo { x: Int }", .safe, "Foo"),
    .init("query root changed", "type Query { a: Int } type Q2 { a: Int }", "schema { query: Q2 } type Query { a: Int } type Q2 { a: Int }",
          .breaking, "Q2"),
    .init("mutation root added", query, "\(query) type Mutation { m: Int }", .safe, "Mutation"),
    // Output fields.
    .init("field removed", "type Query { a: Int b: Int }", query, .breaking, "Query.b"),
    .init("field added", query, "type Query { a: Int b: Int }", .safe, "Query.b"),
    .init("field nullable to non-null", query, "type Query { a: Int! }", .safe, "Query.a"),
    .init("field non-null to nullable", "type Query { a: Int! }", query, .breaking, "Query.a"),
    .init("field named type changed", query, "type Query { a: String }", .breaking, "Query.a"),
    .init("field list items made non-null", "type Query { a: [Int] }", "type Query { a: [Int!]! }", .safe, "Query.a"),
    .init("field became a list", query, "type Query { a: [Int] }", .breaking, "Query.a"),
    .init("field stopped being a list", "type Query { a: [Int] }", query, .breaking, "Query.a"),
    .init("field narrowed to the only union member", "type Query { r: R } union R = A type A { x: Int }",
          "type Query { r: A } union R = A type A { x: Int }", .safe, "Query.r"),
    .init("field narrowed to one of two union members", "type Query { r: R } union R = A | B type A { x: Int } type B { y: Int }",
          "type Query { r: A } union R = A | B type A { x: Int } type B { y: Int }", .breaking, "Query.r"),
    .init("field widened to an interface", "type Query { n: A } interface N { x: Int } type A implements N { x: Int }",
          "type Query { n: N } interface N { x: Int } type A implements N { x: Int }", .breaking, "Query.n"),
    .init("interface field made non-null", "type Query { n: N } interface N { id: ID }",
          "type Query { n: N } interface N { id: ID! }", .safe, "N.id"),
    .init("field deprecated", query, "type Query { a: Int @deprecated(reason: \"Use b.\") }", .safe, "Query.a"),
    .init("field description added", query, "type Query { \"The a.\" a: Int }", .safe, "Query.a"),
    // Arguments.
    .init("argument removed", "type Query { a(x: Int): Int }", query, .breaking, "Query.a(x:)"),
    .init("argument made non-null", "type Query { a(x: Int): Int }", "type Query { a(x: Int!): Int }", .breaking, "Query.a(x:)"),
    .init("argument made nullable", "type Query { a(x: Int!): Int }", "type Query { a(x: Int): Int }", .safe, "Query.a(x:)"),
    .init("argument named type changed", "type Query { a(x: Int): Int }", "type Query { a(x: String): Int }", .breaking, "Query.a(x:)"),
    .init("argument list items made nullable", "type Query { a(x: [Int!]!): Int }", "type Query { a(x: [Int]): Int }", .safe, "Query.a(x:)"),
    .init("argument list items made non-null", "type Query { a(x: [Int]): Int }", "type Query { a(x: [Int!]): Int }", .breaking, "Query.a(x:)"),
    .init("required argument added", query, "type Query { a(x: Int!): Int }", .breaking, "Query.a(x:)"),
    .init("optional argument added", query, "type Query { a(x: Int): Int }", .dangerous, "Query.a(x:)"),
    .init("non-null argument with a default added", query, "type Query { a(x: Int! = 1): Int }", .dangerous, "Query.a(x:)"),
    .init("argument default changed", "type Query { a(x: Int = 1): Int }", "type Query { a(x: Int = 2): Int }", .dangerous, "Query.a(x:)"),
    .init("argument default removed", "type Query { a(x: Int = 1): Int }", "type Query { a(x: Int): Int }", .dangerous, "Query.a(x:)"),
    .init("non-null argument lost its default", "type Query { a(x: Int! = 1): Int }", "type Query { a(x: Int!): Int }",
          .breaking, "Query.a(x:)"),
    .init("argument default added", "type Query { a(x: Int): Int }", "type Query { a(x: Int = 3): Int }", .safe, "Query.a(x:)"),
    .init("argument deprecated", "type Query { a(x: Int): Int }", "type Query { a(x: Int @deprecated): Int }", .safe, "Query.a(x:)"),
    // Input objects.
    .init("input field removed", "type Query { a(i: I): Int } input I { x: Int y: Int }", "type Query { a(i: I): Int } input I { x: Int }",
          .breaking, "I.y"),
    .init("required input field added", "type Query { a(i: I): Int } input I { x: Int }",
          "type Query { a(i: I): Int } input I { x: Int y: Int! }", .breaking, "I.y"),
    .init("optional input field added", "type Query { a(i: I): Int } input I { x: Int }",
          "type Query { a(i: I): Int } input I { x: Int y: Int }", .dangerous, "I.y"),
    .init("input field with a default added", "type Query { a(i: I): Int } input I { x: Int }",
          "type Query { a(i: I): Int } input I { x: Int y: Int! = 0 }", .dangerous, "I.y"),
    .init("input field made nullable", "type Query { a(i: I): Int } input I { x: Int! }",
          "type Query { a(i: I): Int } input I { x: Int }", .safe, "I.x"),
    .init("input field made non-null", "type Query { a(i: I): Int } input I { x: Int }",
          "type Query { a(i: I): Int } input I { x: Int! }", .breaking, "I.x"),
    .init("input field default changed", "type Query { a(i: I): Int } input I { x: Int = 1 }",
          "type Query { a(i: I): Int } input I { x: Int = 5 }", .dangerous, "I.x"),
    .init("input became oneOf", "type Query { a(i: I): Int } input I { x: Int y: Int }",
          "type Query { a(i: I): Int } input I @oneOf { x: Int y: Int }", .breaking, "I"),
    // Enums.
    .init("enum value removed", "\(query) enum E { A B }", "\(query) enum E { A }", .breaking, "E.B"),
    .init("deprecated enum value removed", "\(query) enum E { A B @deprecated }", "\(query) enum E { A }", .breaking, "E.B"),
    .init("enum value added", "\(query) enum E { A }", "\(query) enum E { A B }", .dangerous, "E.B"),
    .init("enum value deprecated", "\(query) enum E { A B }", "\(query) enum E { A B @deprecated }", .safe, "E.B"),
    // Unions and interfaces.
    .init("union member removed", "\(query) union U = A | B type A { x: Int } type B { y: Int }",
          "\(query) union U = A type A { x: Int } type B { y: Int }", .breaking, "U"),
    .init("union member added", "\(query) union U = A type A { x: Int } type B { y: Int }",
          "\(query) union U = A | B type A { x: Int } type B { y: Int }", .dangerous, "U"),
    .init("interface removed from object", "\(query) interface N { x: Int } type A implements N { x: Int }",
          "\(query) interface N { x: Int } type A { x: Int }", .breaking, "A"),
    .init("interface added to object", "\(query) interface N { x: Int } type A { x: Int }",
          "\(query) interface N { x: Int } type A implements N { x: Int }", .dangerous, "A"),
    .init("interface removed from interface", "\(query) interface N { x: Int } interface M implements N { x: Int }",
          "\(query) interface N { x: Int } interface M { x: Int }", .breaking, "M"),
    // Directives.
    .init("directive removed", "\(query) directive @d on FIELD", query, .breaking, "@d"),
    .init("directive added", query, "\(query) directive @d on FIELD", .safe, "@d"),
    .init("directive location removed", "\(query) directive @d on FIELD | QUERY", "\(query) directive @d on FIELD", .breaking, "@d"),
    .init("directive location added", "\(query) directive @d on FIELD", "\(query) directive @d on FIELD | QUERY", .safe, "@d"),
    .init("directive argument removed", "\(query) directive @d(x: Int) on FIELD", "\(query) directive @d on FIELD", .breaking, "@d(x:)"),
    .init("required directive argument added", "\(query) directive @d on FIELD", "\(query) directive @d(x: Int!) on FIELD",
          .breaking, "@d(x:)"),
    .init("optional directive argument added", "\(query) directive @d on FIELD", "\(query) directive @d(x: Int) on FIELD",
          .safe, "@d(x:)"),
    .init("directive argument made non-null", "\(query) directive @d(x: Int) on FIELD", "\(query) directive @d(x: Int!) on FIELD",
          .breaking, "@d(x:)"),
    .init("directive made non-repeatable", "\(query) directive @d repeatable on FIELD", "\(query) directive @d on FIELD",
          .breaking, "@d"),
    .init("directive made repeatable", "\(query) directive @d on FIELD", "\(query) directive @d repeatable on FIELD", .safe, "@d"),
    .init("directive description changed", "\(query) \"Old.\" directive @d on FIELD", "\(query) \"New.\" directive @d on FIELD",
          .safe, "@d"),
]

@Suite("Schema diff")
struct SchemaDiffTests {
    @Test("classification", arguments: diffCases)
    func classification(_ row: DiffCase) throws {
        let changes = try diff(row.old, row.new)
        #expect(changes.contains { $0.severity == row.severity && $0.coordinate.description == row.coordinate },
                "\(changes.map(\.description))")
        // A milder expectation must not come with a breaking change elsewhere.
        if row.severity != .breaking {
            #expect(!changes.contains { $0.severity == .breaking }, "\(changes.map(\.description))")
        }
    }

    @Test("no change is reported for equivalent schemas", arguments: [
        (query, query),
        ("type Query { a: Int b: String }", "type Query { b: String a: Int }"),
        ("type Query { a(i: I = {x: 1, y: 2}): Int } input I { x: Int y: Int }",
         "type Query { a(i: I = {y: 2, x: 1}): Int } input I { x: Int y: Int }"),
        ("type Query { a(x: Float = 1): Int }", "type Query { a(x: Float = 1.0): Int }"),
        ("type Query { a: Int } union U = A | B type A { x: Int } type B { x: Int }",
         "type Query { a: Int } union U = B | A type A { x: Int } type B { x: Int }"),
        ("type Query { a: Int } extend type Query { b: Int }", "type Query { a: Int b: Int }"),
    ])
    func noChanges(_ old: String, _ new: String) throws {
        #expect(try diff(old, new).isEmpty)
    }

    @Test("removals are located in the old schema, everything else in the new one")
    func locations() throws {
        let changes = try diff("type Query {\n  a: Int\n  b: Int\n}", "type Query {\n  a: Int!\n}\n\ntype Extra {\n  x: Int\n}")
        let removed = try #require(changes.first { $0.kind == .fieldRemoved })
        #expect(removed.location == SchemaChange.Location(file: "old.graphql", line: 3, column: 3))
        let changed = try #require(changes.first { $0.kind == .fieldTypeChanged })
        #expect(changed.location == SchemaChange.Location(file: "new.graphql", line: 2, column: 3))
        let added = try #require(changes.first { $0.kind == .typeAdded })
        #expect(added.location == SchemaChange.Location(file: "new.graphql", line: 5, column: 6))
    }

    @Test("a schema built from several files locates each element in its own file")
    func severalFiles() throws {
        let old = try Schema.build(sources: [Source("type Query { a: Int }", name: "query.graphql"),
                                             Source("enum Color { RED GREEN }", name: "color.graphql")])
        let new = try Schema.build(sources: [Source("type Query { a: Int }", name: "query.graphql"),
                                             Source("enum Color { RED }\n\nextend type Query {\n  color: Color\n}", name: "color.graphql")])
        let changes = SchemaDiff.compare(old: old, new: new)
        #expect(changes.map(\.description) == [
            "BREAKING  Color.GREEN  Enum value Color.GREEN was removed.  (color.graphql:1)",
            "SAFE  Query.color  Field Query.color was added.  (color.graphql:4)",
        ])
    }

    @Test("union members and directive locations point at the name that changed")
    func memberLocations() throws {
        let changes = try diff("type Query { a: Int }\nunion U = A | B\ntype A { x: Int }\ntype B { x: Int }\ndirective @d on FIELD",
                               "type Query { a: Int }\nunion U = A\ntype A { x: Int }\ntype B { x: Int }\ndirective @d on\n  | FIELD\n  | QUERY")
        let member = try #require(changes.first { $0.kind == .unionMemberRemoved })
        #expect(member.location == SchemaChange.Location(file: "old.graphql", line: 2, column: 15))
        let place = try #require(changes.first { $0.kind == .directiveLocationAdded })
        #expect(place.location == SchemaChange.Location(file: "new.graphql", line: 7, column: 5))
    }

    @Test("output is ordered by severity, then coordinate, and is the same on every run")
    func ordering() throws {
        let old = "type Query { z: Int a: Int m(x: Int): Int } enum E { A }"
        let new = "type Query { m(x: Int!): Int! n: Int } enum E { A B }"
        let changes = try diff(old, new)
        #expect(changes.map(\.severity) == changes.map(\.severity).sorted())
        #expect(changes.map { "\($0.severity.label) \($0.coordinate)" } == [
            "BREAKING Query.a", "BREAKING Query.m(x:)", "BREAKING Query.z", "DANGEROUS E.B", "SAFE Query.m", "SAFE Query.n",
        ])
        #expect(try diff(old, new) == changes)
    }

    @Test("messages name the types on both sides and the defaults")
    func messages() throws {
        let changes = try diff("type Query { a(x: [Int] = [1]): Int }", "type Query { a(x: [Int!] = [2]): [Int] }")
        #expect(changes.map(\.message).sorted() == [
            "Argument Query.a(x:) changed its default value from [1] to [2].",
            "Argument Query.a(x:) changed type from [Int] to [Int!].",
            "Field Query.a changed type from Int to [Int].",
        ])
    }

    @Test("built-in scalars and introspection types are not compared")
    func builtins() throws {
        #expect(try diff("type Query { a: Int b: ID }", "type Query { a: Int }").map(\.coordinate.description) == ["Query.b"])
    }
}
