import CodegenFixture
import Foundation
import LanternCodegenRuntime
import LanternExecution
import LanternHTTP
import Testing

/// The fixture's `Operations/**/*.graphql`, checked against its schema by the plugin at build time
/// (`documents` in its lantern-codegen.json) and emitted as `GeneratedDocuments`.
@Suite("Build-time trusted documents")
struct BuiltDocumentsTests {
    @Test func thePluginEmitsEveryOperationFileWithItsHash() {
        let all = GeneratedDocuments.all
        #expect(all.map(\.file) == ["BookById.graphql", "Fiction.graphql"])
        #expect(all.map(\.operations) == ["query BookById", "query Fiction"])
        for document in all {
            #expect(document.id.count == 64 && document.id.allSatisfy(\.isHexDigit))
            #expect(TrustedDocumentRegistry.Document(id: document.id, text: document.text).sha256 == document.id)
        }
        let manifest = try? JSONSerialization.jsonObject(with: Data(GeneratedDocuments.manifest.utf8)) as? [String: String]
        #expect(manifest == Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.text) }))
    }

    @Test func registeredTheyArePreparedOnceAndRunWithoutParsing() async throws {
        let engine = try ExecutableSchema(Library()).engine()
        let registry = TrustedDocumentRegistry()
        #expect(registry.registerBuilt(GeneratedDocuments.all, warming: engine).isEmpty)
        #expect(registry.count == 2)
        // A reload from elsewhere keeps the built-in documents.
        registry.replace(with: [])
        #expect(registry.count == 2)
        let before = engine.cache.statistics
        let bookByID = try #require(GeneratedDocuments.all.first)
        let text = try #require(registry.document(id: bookByID.id)).text
        let response = await engine.execute(GraphQLRequest(query: text, variables: JSONObject([("id", .string("b1"))])),
                                            context: ResolverScope(LibraryContext(reader: "test")))
        #expect(response.errors.isEmpty)
        #expect(String(decoding: response.data ?? [], as: UTF8.self).contains(#""title":"Dune""#))
        let after = engine.cache.statistics
        #expect(after.misses == before.misses && after.hits == before.hits + 1, "served from the cache: nothing parsed")
    }
}
