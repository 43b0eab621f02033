import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import LanternExecution
@testable import LanternHTTP
import NIOWebSocket
import Synchronization
import Testing
import WSClient

/// A subscriber that stops reading is bounded: once `maxPendingSubscriptionMessages` results
/// queue behind its socket and none is taken for `subscriberStallTimeout`, the server closes it
/// with 1008.
// Three minutes: 200 events of 256 KB each are serialized by a debug build while the whole suite
// runs in parallel on two cores. (Twice this test ran into its limit under the full suite: the
// server had not yet seen the stall when the client began to read, so every event was delivered
// and the client waited on an open socket. The client now waits 10 s and stops at the 200th
// message.)
@Suite("Subscriber backpressure", .timeLimit(.minutes(3)))
struct BackpressureTests {
    @Test("a subscriber that does not read is disconnected with 1008")
    func slowSubscriberIsClosed() async throws {
        let big = JSONValue.string(String(repeating: "x", count: 256 << 10))
        let root = JSONValue.object(JSONObject([("big", .array(Array(repeating: big, count: 200)))]))
        var configuration = GraphQLHTTPConfiguration()
        configuration.maxPendingSubscriptionMessages = 4
        configuration.subscriberStallTimeout = .milliseconds(500)
        let engine = GraphQLEngine(schema: try Schema.build(sdl: "type Query { a: Int } type Subscription { big: String }"),
                                   resolvers: JSONResolvers(eventInterval: .milliseconds(1)), root: root)
        let server = GraphQLServer(engine: engine, hooks: GraphQLServerHooks<Void>(context: { _ in () }, webSocketContext: { _, _ in () }),
                                   configuration: configuration)
        try await server.application(port: 0).test(.live) { client in
            let received = Mutex<Int>(0)
            var headers = HTTPFields()
            headers[.secWebSocketProtocol] = "graphql-transport-ws"
            let frame = try await client.ws("/graphql", configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers)) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"connection_init"}"#))
                try await outbound.write(.text(#"{"id":"1","type":"subscribe","payload":{"query":"subscription { big }"}}"#))
                // Not reading: the socket buffers fill up. Long enough for a debug build under the
                // parallel suite to serialize the events that fill them and then see the stall.
                try await Task.sleep(for: .seconds(10))
                for try await _ in inbound.messages(maxSize: 1 << 20) {
                    // The 200th message (the ack, then 199 events): the server never gave up. The
                    // subscription's end does not close the socket, so stop here (the expectation
                    // below fails) rather than wait for the time limit.
                    if received.withLock({ $0 += 1; return $0 }) == 200 { break }
                }
            }
            // The server gave up on this subscriber: a 1008 close, or (when the close frame itself
            // cannot get past the full buffers) the connection dropped — well before 200 events.
            #expect(frame == nil || frame?.closeCode == .policyViolation)
            #expect(received.withLock { $0 } < 200)
            // Other clients are unaffected.
            let reply = try await client.execute(uri: "/graphql", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"query":"{ a }"}"#)) { String(buffer: $0.body) }
            #expect(reply == #"{"data":{"a":null}}"#)
        }
    }
}
