import Foundation
@testable import LanternCodegenCore
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func generate(_ sdl: String, config: CodegenConfig = CodegenConfig()) throws -> String {
    try Codegen.generate([Codegen.SDLFile(path: "snippet.graphql", text: sdl)], config: config)
}

@Suite("Codegen snippets: small SDL in, expected Swift out")
struct CodegenSnippetTests {
    @Test func enumsKeepGraphQLNamesAsRawValuesAndDeprecation() throws {
        let swift = try generate("""
            type Query { a: Color }
            "Colours."
            enum Color { DARK_RED "Plain." GREEN BLUE @deprecated(reason: "Gone.") }
            """)
        #expect(swift.contains("""
            /// Colours.
            ///
            /// Declared at `snippet.graphql:3`.
            public enum Color: String, Sendable {
                /// Declared at `snippet.graphql:3`.
                case darkRed = "DARK_RED"
                /// Plain.
                ///
                /// Declared at `snippet.graphql:3`.
                case green = "GREEN"
                /// Declared at `snippet.graphql:3`.
                @available(*, deprecated, message: "Gone.")
                case blue = "BLUE"
            }
            """))
    }

    @Test func storedFieldsBecomePropertiesAndFieldsWithArgumentsBecomeResolvers() throws {
        let swift = try generate("""
            type Query { user(id: ID!): User }
            type User { "The name." name: String! age: Int friends(first: Int = 10): [User!]! }
            """, config: { var config = CodegenConfig(); config.context = "AppContext"; return config }())
        #expect(swift.contains("""
            /// Declared at `snippet.graphql:2`.
            public struct User: Sendable {
                /// The name.
                ///
                /// Declared at `snippet.graphql:2`.
                public let name: String
                /// Declared at `snippet.graphql:2`.
                public let age: Int?

                public init(name: String, age: Int? = nil) {
            """))
        #expect(swift.contains("""
            public protocol UserResolvers: Sendable {
                /// Declared at `snippet.graphql:2`.
                func friends(of parent: User, _ arguments: UserFriendsArguments, context: AppContext, selection: FieldSelection) async throws -> [User]
            }
            """))
        #expect(swift.contains("func user(_ arguments: QueryUserArguments, context: AppContext, selection: FieldSelection) async throws -> User?"))
        #expect(swift.contains("public protocol SchemaResolvers: QueryResolvers, UserResolvers {}"))
        // Dispatch by field index, not by name.
        #expect(swift.contains("private func resolveUser(_ parent: User, _ info: ResolveInfo"))
        #expect(swift.contains("case 0: // name\n            return .value(V.string(parent.name))"))
    }

    @Test func inputsOneOfAndPartialUpdates() throws {
        var config = CodegenConfig()
        config.partialInputs = ["Patch"]
        let swift = try generate("""
            type Query { a(p: Patch, k: Key): Int }
            input Patch { name: String note: String! }
            input Key @oneOf { id: ID email: String }
            """, config: config)
        #expect(swift.contains("public let name: Omittable<String>"))
        #expect(swift.contains("public let note: String\n"))
        #expect(swift.contains("self.name = try InputDecoding.omittable(object[\"name\"])"))
        #expect(swift.contains("""
            public enum Key: Sendable {
                case id(String)
                case email(String)
            """))
    }

    @Test func interfacesAndUnionsAreEnumsOfTheirTypes() throws {
        let swift = try generate("""
            type Query { n: Node s: [Result!]! }
            interface Node { id: ID! }
            type A implements Node { id: ID! }
            type B implements Node { id: ID! }
            union Result = A | B
            """)
        #expect(swift.contains("""
            public indirect enum Node: Sendable {
                case a(A)
                case b(B)

                public var schemaValue: GeneratedSchema.Value {
            """))
        #expect(swift.contains("return V.list(result) { (v0: Result) -> V in (v0).schemaValue }"))
    }

    @Test func bindingsAndScalarMappings() throws {
        var config = CodegenConfig()
        config.bindings = ["User": "Account"]
        config.scalars = ["DateTime": .init(type: "Date", coding: "DateTimeCoding")]
        let swift = try generate("""
            scalar DateTime
            type Query { me: User }
            type User { id: ID! joined: DateTime! }
            """, config: config)
        #expect(swift.contains("public protocol UserBinding: Sendable {\n    var id: String { get }\n    var joined: Date { get }\n}"))
        #expect(swift.contains("extension Account: UserBinding {}"))
        #expect(swift.contains("V.leaf(DateTimeCoding.encode(parent.joined))"))
        #expect(!swift.contains("struct User"))
    }

    @Test func keywordsAreEscaped() throws {
        let swift = try generate("type Query { default: Int, self: String }")
        #expect(swift.contains("func `default`(context: Void"))
        #expect(swift.contains("func `self`(context: Void"))
    }

    @Test func outputIsDeterministic() throws {
        let sdl = "type Query { b: B a: A } type A { x: Int } type B { y: Int }"
        #expect(try generate(sdl) == (try generate(sdl)))
    }
}

@Suite("Codegen diagnostics")
struct CodegenDiagnosticTests {
    @Test func everySchemaErrorIsReportedWithFileLineAndColumn() {
        do {
            _ = try Codegen.generate([
                Codegen.SDLFile(path: "Schema/a.graphql", text: "type Query { a: Missing }\n"),
                Codegen.SDLFile(path: "Schema/b.graphql", text: "type B { x: Int }\n\ntype B { y: AlsoMissing }\n"),
            ])
            Issue.record("an invalid schema must fail")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.count >= 2, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("Schema/a.graphql:1:17: error: Unknown type \"Missing\"") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("Schema/b.graphql:3:6: error:") || $0.hasPrefix("Schema/b.graphql:1:6: error:") }, "\(lines)")
        }
    }

    @Test func configMistakesNameTheConfig() {
        var config = CodegenConfig()
        config.bindings = ["Nope": "X"]
        config.batched = ["Query": ["missing"]]
        do {
            _ = try Codegen.generate([Codegen.SDLFile(path: "s.graphql", text: "type Query { a: Int }")], config: config,
                                     configPath: "Schema/lantern-codegen.json")
            Issue.record("a config naming unknown types must fail")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("Schema/lantern-codegen.json:1:1: error:") }, "\(lines)")
        }
    }

    @Test func boundEnumsGetAnExhaustiveMappingBothWays() throws {
        var config = CodegenConfig()
        config.enums = ["Color": "Paint"]
        let swift = try generate("""
            type Query { a: Color! b(c: Color): Int }
            enum Color { DARK_RED GREEN }
            """, config: config)
        #expect(!swift.contains("enum Color:"))
        #expect(swift.contains("""
            public enum ColorBinding {
                public static func graphQLName(of value: Paint) -> String {
                    switch value {
                    case .darkRed: "DARK_RED"
                    case .green: "GREEN"
                    }
                }

                public static func value(named name: String) -> Paint? {
                    switch name {
                    case "DARK_RED": .darkRed
                    case "GREEN": .green
                    default: nil
                    }
                }
            }
            """))
        #expect(swift.contains("return .value(V.string(ColorBinding.graphQLName(of: result)))")
            || swift.contains("V.string(ColorBinding.graphQLName(of: result))"))
        #expect(swift.contains("InputDecoding.enumValue(v0, ColorBinding.value(named:))"))
    }

    @Test func identifiersReplaceIDAtTheirCoordinates() throws {
        var config = CodegenConfig()
        config.identifiers = ["User.id": "UserID", "Query.user(id:)": "UserID", "Filter.ids": "UserID"]
        let swift = try generate("""
            type Query { user(id: ID!): User users(filter: Filter): [User!]! }
            type User { id: ID! other: ID }
            input Filter { ids: [ID!] name: String }
            """, config: config)
        #expect(swift.contains("public let id: UserID\n"))
        #expect(swift.contains("public let other: String?"))
        #expect(swift.contains("public let ids: [UserID]?"))
        #expect(swift.contains("self.id = try InputDecoding.identifier(object[\"id\"], as: UserID.self)"))
        #expect(swift.contains("return .value(V.string(parent.id.rawValue))"))
    }

    @Test func identifiersMustNameAnID() {
        var config = CodegenConfig()
        config.identifiers = ["User.name": "UserID", "User.nope": "UserID", "Query.user(x:)": "UserID"]
        do {
            _ = try generate("type Query { user(id: ID!): User } type User { id: ID! name: String }", config: config)
            Issue.record("identifiers on non-ID or unknown coordinates must fail")
        } catch let error as CodegenFailure {
            let lines = error.diagnostics.map(\.message)
            #expect(lines.count == 3, "\(lines)")
            #expect(lines.contains { $0.contains("'User.name' (→ UserID) is a String, not an ID") }, "\(lines)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func connectionsAreAddedWhenMissingAndCheckedWhenDeclared() throws {
        var config = CodegenConfig()
        config.connections = ["ItemConnection": "Item"]
        let swift = try generate("type Query { items(first: Int, after: String): ItemConnection! } type Item { name: String! }",
                                 config: config)
        #expect(swift.contains("case itemConnection(Connection<Item>)"))
        #expect(swift.contains("case itemEdge(Edge<Item>)"))
        #expect(swift.contains("case pageInfo(LanternCodegenRuntime.PageInfo)"))
        #expect(swift.contains("async throws -> Connection<Item>"))
        #expect(swift.contains("type ItemEdge {\\n  cursor: String!\\n  node: Item!\\n}"))
        do {
            _ = try generate("""
                type Query { items: ItemConnection! }
                type Item { name: String! }
                type ItemConnection { edges: [ItemEdge] extra: Int }
                """, config: config)
            Issue.record("a declared connection of another shape must fail")
        } catch let error as CodegenFailure {
            let lines = error.diagnostics.map(\.message)
            #expect(lines.contains { $0.contains("'ItemConnection.edges' must be [ItemEdge!]!") }, "\(lines)")
            #expect(lines.contains { $0.contains("'ItemConnection.extra' is not a field of a standard connection") }, "\(lines)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func unknownConfigKeysAreRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CodegenConfig.self, from: Data(#"{"contxt": "App"}"#.utf8))
        }
    }
}

@Suite("Codegen golden file and config schema")
struct CodegenGoldenTests {
    /// The fixture schema's output, compared with the reviewed file. `LANTERN_UPDATE_GOLDEN=1`
    /// rewrites it after an intended change.
    @Test func fixtureSchemaMatchesItsGoldenFile() throws {
        let schemaDirectory = repository.appendingPathComponent("Tests/CodegenFixture/Schema")
        let config = try JSONDecoder().decode(CodegenConfig.self,
                                              from: Data(contentsOf: schemaDirectory.appendingPathComponent("lantern-codegen.json")))
        let file = schemaDirectory.appendingPathComponent("library.graphql")
        let generated = try Codegen.generate([Codegen.SDLFile(path: "library.graphql", text: String(contentsOf: file, encoding: .utf8))],
                                             config: config)
        let golden = repository.appendingPathComponent("Tests/LanternCodegenTests/Golden/library.swift.golden")
        if ProcessInfo.processInfo.environment["LANTERN_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if generated != expected {
            Issue.record(Comment(rawValue: readableDiff(expected: expected, actual: generated)))
        }
    }

    /// docs/codegen-config.schema.json documents exactly the keys the generator reads.
    @Test func thePluginDeclaresTheFilesTheGeneratorWrites() throws {
        let plugin = try String(contentsOf: repository.appendingPathComponent("Plugins/LanternCodegen/LanternCodegenPlugin.swift"),
                                encoding: .utf8)
        let declared = "[" + Codegen.outputFileNames.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        #expect(plugin.contains(declared), "the plugin's outputs must be \(declared)")
        let parts = try Codegen.generateFiles([Codegen.SDLFile(path: "s.graphql", text: "type Query { a: Int }")])
        #expect(parts.map(\.name) == Codegen.outputFileNames)
        #expect(parts[2].text.contains("struct ExecutableSchema"))
    }

    @Test func configJSONSchemaIsInSync() throws {
        let url = repository.appendingPathComponent("docs/codegen-config.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let documented = Set((schema?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        let read = Set(CodegenConfig.CodingKeys.allCases.map(\.rawValue))
        #expect(documented == read, "documented \(documented.sorted()), read \(read.sorted())")
        #expect(schema?["additionalProperties"] as? Bool == false)
    }
}

/// The first differing lines, with context, for a failure message a person can read.
func readableDiff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = zip(old, new).enumerated().first(where: { $1.0 != $1.1 })?.offset ?? (old.count == new.count ? nil : min(old.count, new.count)) else {
        return "identical"
    }
    var lines = ["Generated Swift differs from the golden file at line \(first + 1) (LANTERN_UPDATE_GOLDEN=1 rewrites it):"]
    for index in max(0, first - 3)..<min(max(old.count, new.count), first + 4) {
        let a = index < old.count ? String(old[index]) : "<end>", b = index < new.count ? String(new[index]) : "<end>"
        lines.append(a == b ? "  \(a)" : "- \(a)\n+ \(b)")
    }
    return lines.joined(separator: "\n")
}

@Suite("Codegen recursion")
struct CodegenRecursionTests {
    @Test func selfContainingFieldsAreBoxed() throws {
        let swift = try Codegen.generate([Codegen.SDLFile(path: "r.graphql", text: """
            type Query { me: User }
            type User { name: String! manager: User team: Team! friends: [User!]! }
            type Team { lead: User! name: String! }
            """)])
        #expect(swift.contains("    @Boxed public var manager: User?"))
        #expect(swift.contains("    @Boxed public var team: Team"))
        #expect(swift.contains("    @Boxed public var lead: User"))
        #expect(swift.contains("    public let friends: [User]"))
        #expect(swift.contains("    public let name: String"))
    }
}

/// Build-time trusted documents: an application's operations that do not fit the schema fail
/// the build with `file:line:column: error:` lines.
@Suite("Build-time documents")
struct TrustedOperationsTests {
    let schema = Codegen.SDLFile(path: "schema.graphql", text: "type Query { hello(name: String): String }")

    @Test func operationsThatDoNotFitTheSchemaFailWithTheirPlace() {
        let documents = [Codegen.SDLFile(path: "Operations/Bad.graphql", text: "query Bad {\n  hello\n  nope\n}\n"),
                         Codegen.SDLFile(path: "Operations/Broken.graphql", text: "query {\n  hello(\n}\n")]
        do {
            _ = try TrustedOperations.check(documents, schemaFiles: [schema], config: CodegenConfig(), configPath: "lantern-codegen.json")
            Issue.record("invalid operations were accepted")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.contains(#"Operations/Bad.graphql:3:3: error: Cannot query field "nope" on type "Query"."#), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("Operations/Broken.graphql:3:1: error: Syntax Error") }, "\(lines)")
        }
    }

    @Test func validOperationsBecomeDocumentsAndAManifest() throws {
        let text = "query Hello { hello(name: \"Ada\") }\n"
        let checked = try TrustedOperations.check([Codegen.SDLFile(path: "Hello.graphql", text: text)], schemaFiles: [schema],
                                                  config: CodegenConfig(), configPath: "lantern-codegen.json")
        let id = TrustedOperations.sha256(text)
        #expect(checked.swift.contains(id) && checked.swift.contains("\"query Hello\""))
        let manifest = try JSONSerialization.jsonObject(with: Data(checked.manifest.utf8)) as? [String: String]
        #expect(manifest == [id: text])
    }
}
