import Foundation
import HummingbirdTesting
import LanternExecution
import Testing
@testable import LanternHTTP

/// Trusted documents named by Relay's `doc_id`, `documentId` (a hash or another prefix) or sent
/// as their exact text, with the origin the engine's admission check sees.
@Suite("Trusted documents")
struct TrustedDocumentTests {
    private static let text = "{ hello }"

    /// A server whose admission check runs trusted documents only (as a TRUSTED_ONLY tenant).
    private func server(_ registry: TrustedDocumentRegistry) -> GraphQLServer<JSONResolvers> {
        var configuration = GraphQLHTTPConfiguration()
        configuration.trustedDocuments = registry
        let engine = GraphQLEngine(schema: try! Schema.build(sdl: testSDL), resolvers: JSONResolvers(eventInterval: .milliseconds(5)),
                                   root: testRoot, admission: { admission, _ in
                                       guard case .trusted = admission.origin else {
                                           throw ClientError("Trusted documents only (\(admission.origin)).", code: "FORBIDDEN")
                                       }
                                   })
        return GraphQLServer(engine: engine, hooks: GraphQLServerHooks<Void>(context: { _ in () }, webSocketContext: { _, _ in () }),
                             configuration: configuration)
    }

    @Test func trustedDocumentsAreNamedByIdOrHashOrSentAsTheirExactText() async throws {
        let registry = TrustedDocumentRegistry([.init(id: "hello-1", text: Self.text)])
        let hash = PersistedQueryStore.sha256(Self.text)
        let ok = #"{"data":{"hello":"world"}}"#
        try await server(registry).application(port: 0).test(.live) { client in
            #expect(try await client.post(#"{"doc_id":"hello-1"}"#).body == ok)
            #expect(try await client.send(.get, "/graphql?doc_id=hello-1").body == ok)
            #expect(try await client.post(#"{"documentId":"x-relay:hello-1"}"#).body == ok)
            #expect(try await client.post(#"{"documentId":"sha256:\#(hash)"}"#).body == ok)
            #expect(try await client.post(#"{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(hash)"}}}"#).body == ok)
            #expect(try await client.post(#"{"query":"\#(Self.text)"}"#).body == ok)
            // Another text, even one meaning the same, is not the trusted document.
            let other = try await client.post(#"{"query":"{hello}"}"#)
            #expect(other.body.contains("FORBIDDEN") && other.body.contains("text"), "\(other.body)")
            let apq = try await client.post(#"{"query":"{hello}","extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(PersistedQueryStore.sha256("{hello}"))"}}}"#)
            #expect(apq.body.contains("FORBIDDEN") && apq.body.contains("persisted"), "\(apq.body)")
            #expect(try await client.post(#"{"doc_id":"nope"}"#).body.contains("PERSISTED_QUERY_NOT_FOUND"))
            let mismatch = try await client.post(#"{"doc_id":"hello-1","query":"{hello}"}"#)
            #expect(mismatch.body.contains("PERSISTED_QUERY_HASH_MISMATCH"))
            #expect(try await client.post(#"{"doc_id":""}"#).status == 422)
            // A reload that drops the document: its id is unknown from the next request on.
            registry.replace(with: [])
            #expect(try await client.post(#"{"doc_id":"hello-1"}"#).body.contains("PERSISTED_QUERY_NOT_FOUND"))
        }
    }
}
