import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import LanternHTTP
import LanternExecution

/// Automatic persisted queries as Apollo clients send them, and GraphQL over HTTP's
/// `documentId`, against a live server.
@Suite("Persisted queries")
struct PersistedQueryTests {
    private static let query = "{ hello }"
    private static let hash = PersistedQueryStore.sha256(query)

    private func extensions(_ hash: String, version: Int = 1) -> String {
        #"{"persistedQuery":{"version":\#(version),"sha256Hash":"\#(hash)"}}"#
    }

    @Test func theApolloFlowRegistersOnceThenRunsByHash() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            // Unknown hash: PERSISTED_QUERY_NOT_FOUND, which makes the client send the text.
            let unknown = try await client.post(#"{"extensions":\#(extensions(Self.hash))}"#)
            #expect(unknown.body.contains(#""PERSISTED_QUERY_NOT_FOUND""#) && unknown.body.contains("PersistedQueryNotFound"), "\(unknown.body)")
            #expect(!unknown.body.contains(#""data""#))
            // Text and hash: checked, run and kept.
            let registered = try await client.post(#"{"query":"\#(Self.query)","extensions":\#(extensions(Self.hash))}"#)
            #expect(registered.status == 200 && registered.body == #"{"data":{"hello":"world"}}"#)
            // From now on the hash alone runs it, over POST and GET.
            let byHash = try await client.post(#"{"extensions":\#(extensions(Self.hash))}"#)
            #expect(byHash.status == 200 && byHash.body == #"{"data":{"hello":"world"}}"#)
            let encoded = extensions(Self.hash).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let get = try await client.send(.get, "/graphql?extensions=\(encoded)")
            #expect(get.status == 200 && get.body == #"{"data":{"hello":"world"}}"#)
            // GraphQL over HTTP's documentId names the same document.
            let document = try await client.post(#"{"documentId":"sha256:\#(Self.hash)"}"#)
            #expect(document.status == 200 && document.body == #"{"data":{"hello":"world"}}"#)
        }
    }

    @Test func mismatchedHashesOtherVersionsAndMutationsOverGETAreRefused() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let wrong = String(repeating: "a", count: 64)
            let mismatch = try await client.post(#"{"query":"\#(Self.query)","extensions":\#(extensions(wrong))}"#)
            #expect(mismatch.body.contains("PERSISTED_QUERY_HASH_MISMATCH") && !mismatch.body.contains(#""data""#))
            // Nothing was kept under the wrong hash.
            #expect(try await client.post(#"{"extensions":\#(extensions(wrong))}"#).body.contains("PERSISTED_QUERY_NOT_FOUND"))
            let version = try await client.post(#"{"extensions":\#(extensions(Self.hash, version: 2))}"#)
            #expect(version.status == 422 && version.body.contains("version 1"))
            let malformed = try await client.post(#"{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"xyz"}}}"#)
            #expect(malformed.status == 422)
            let badID = try await client.post(#"{"documentId":"md5:abc"}"#)
            #expect(badID.status == 422)
            // A persisted mutation is never run by GET.
            let mutation = "mutation { touch }", mutationHash = PersistedQueryStore.sha256(mutation)
            _ = try await client.post(#"{"query":"\#(mutation)","extensions":\#(extensions(mutationHash))}"#)
            let encoded = extensions(mutationHash).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let get = try await client.send(.get, "/graphql?extensions=\(encoded)")
            #expect(get.status == 405)
        }
    }

    @Test func theStoreIsBoundedByBytesLeastRecentlyUsedFirstOut() {
        let store = PersistedQueryStore(capacity: 30)
        store.insert("{ a }", hash: "a")            // 5 bytes
        store.insert("{ bbbbbbbbbb }", hash: "b")   // 14 bytes
        _ = store.text(for: "a")                     // a is now the most recent
        store.insert("{ cccccccccccc }", hash: "c") // 16 bytes: 35 > 30, b goes
        #expect(store.text(for: "b") == nil && store.text(for: "a") == "{ a }" && store.text(for: "c") != nil)
        #expect(store.bytes == 21 && store.count == 2)
        store.insert(String(repeating: "x", count: 31), hash: "huge")
        #expect(store.text(for: "huge") == nil && store.count == 2)
    }

    @Test func turnedOffTheyAreRefused() async throws {
        try await makeServer { $0.persistedQueryBytes = 0 }.application(port: 0).test(.live) { client in
            let refused = try await client.post(#"{"query":"\#(Self.query)","extensions":\#(extensions(Self.hash))}"#)
            #expect(refused.body.contains("PERSISTED_QUERY_NOT_SUPPORTED"))
        }
    }
}
