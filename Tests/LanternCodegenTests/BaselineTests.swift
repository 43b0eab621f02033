import Foundation
@testable import LanternCodegenCore
import Testing

@Suite("Codegen baseline: breaking changes against an earlier schema fail the build")
struct CodegenBaselineTests {
    private let baseline = Codegen.SDLFile(path: "Schema/baseline/api.graphql", text: """
        type Query {
          book(id: ID!): Book
          books: [Book!]!
        }

        type Book {
          id: ID!
          title: String
          isbn: String
        }
        """)

    private let current = Codegen.SDLFile(path: "Schema/api.graphql", text: """
        type Query {
          book(id: ID!, edition: Int!): Book
          books: [Book!]!
        }

        type Book {
          id: ID!
          title: String!
        }
        """)

    private func diagnostics(accepting accepted: [String] = [], files: [Codegen.SDLFile]? = nil,
                             baseline: Codegen.SDLFile? = nil) -> [String] {
        var config = CodegenConfig()
        config.schemaOnly = true
        config.baseline = "baseline/api.graphql"
        config.acceptedBreakingChanges = accepted
        do {
            _ = try Codegen.generate(files ?? [current], config: config, configPath: "Schema/lantern-codegen.json",
                                     baseline: baseline ?? self.baseline)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func everyBreakingChangeIsAnErrorAtItsLine() {
        #expect(diagnostics() == [
            #"Schema/baseline/api.graphql:9:3: error: breaking change: Field Book.isbn was removed. (to accept it, add "Book.isbn" to acceptedBreakingChanges)"#,
            #"Schema/api.graphql:2:17: error: breaking change: Required argument edition was added to Query.book. (to accept it, add "Query.book(edition:)" to acceptedBreakingChanges)"#,
        ])
    }

    @Test func acceptedBreakingChangesAreNotReported() {
        #expect(diagnostics(accepting: ["Book.isbn"]).count == 1)
        #expect(diagnostics(accepting: ["Book.isbn", "Query.book(edition:)"]).isEmpty)
    }

    @Test func safeAndDangerousChangesPass() {
        let additive = Codegen.SDLFile(path: "Schema/api.graphql", text: """
            type Query {
              book(id: ID!, edition: Int): Book
              books: [Book!]!
              authors: [String!]!
            }

            type Book {
              id: ID!
              title: String!
              isbn: String @deprecated(reason: "Use identifiers.")
            }
            """)
        #expect(diagnostics(files: [additive]).isEmpty)
    }

    @Test func anInvalidBaselineIsReportedInTheBaseline() {
        let lines = diagnostics(baseline: Codegen.SDLFile(path: "Schema/baseline/api.graphql", text: "type Query { a: Missing }"))
        #expect(lines.count == 1 && lines[0].hasPrefix(#"Schema/baseline/api.graphql:1:17: error: invalid baseline: Unknown type "Missing""#),
                "\(lines)")
    }

    @Test func theConfigKeysDecode() throws {
        let config = try JSONDecoder().decode(CodegenConfig.self, from: Data(#"""
            {"baseline": "baseline/api.graphql", "acceptedBreakingChanges": ["Book.isbn"]}
            """#.utf8))
        #expect(config.baseline == "baseline/api.graphql")
        #expect(config.acceptedBreakingChanges == ["Book.isbn"])
        #expect(try JSONDecoder().decode(CodegenConfig.self, from: Data("{}".utf8)).baseline == nil)
    }
}
