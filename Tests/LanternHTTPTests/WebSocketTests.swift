import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HTTPTypes
import LanternExecution
@testable import LanternHTTP
import Logging
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import Testing
import WSClient

/// graphql-transport-ws and the legacy graphql-ws against a live server.
@Suite("WebSocket transports", .serialized, .timeLimit(.minutes(1)))
struct WebSocketTests {
    static func configuration(_ subprotocol: String?) -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        if let subprotocol { headers[.secWebSocketProtocol] = subprotocol }
        return WebSocketClientConfiguration(additionalHeaders: headers)
    }

    /// Sends `messages`, collects text messages until `stop` says so or the server closes.
    static func session(_ client: some TestClientProtocol, subprotocol: String? = "graphql-transport-ws", send messages: [String],
                        until stop: @escaping @Sendable ([String]) -> Bool = { _ in false }) async throws -> (received: [String], close: Int?) {
        let received = Mutex<[String]>([])
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            Issue.record("WebSocket session did not finish in 10 seconds")
        }
        defer { timeout.cancel() }
        let frame = try await client.ws("/graphql", configuration: configuration(subprotocol)) { inbound, outbound, _ in
            for message in messages { try await outbound.write(.text(message)) }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                let done = received.withLock { list in
                    list.append(text)
                    return stop(list)
                }
                if done { break }
            }
        }
        var code: Int?
        if case .unknown(let number)? = frame?.closeCode { code = Int(number) }
        if let closeCode = frame?.closeCode, code == nil {
            switch closeCode {
            case .normalClosure: code = 1000
            case .goingAway: code = 1001
            case .policyViolation: code = 1008
            default: code = -1
            }
        }
        return (received.withLock { $0 }, code)
    }

    static let initMessage = #"{"type":"connection_init","payload":{"authorization":"Bearer demo"}}"#

    @Test("init, ack, a query and a subscription over graphql-transport-ws, each completed")
    func fullSession() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let (received, closeCode) = try await Self.session(client, send: [
                Self.initMessage,
                #"{"id":"q","type":"subscribe","payload":{"query":"{ hello }"}}"#,
                #"{"id":"s","type":"subscribe","payload":{"query":"subscription { ticks }"}}"#,
            ], until: { $0.filter { $0.contains(#""type":"complete""#) }.count == 2 })
            #expect(received.first == #"{"type":"connection_ack"}"#, "close: \(String(describing: closeCode))")
            #expect(received.contains(#"{"id":"q","type":"next","payload":{"data":{"hello":"world"}}}"#))
            #expect(received.filter { $0.hasPrefix(#"{"id":"s","type":"next""#) }.count == 3)
            #expect(received.contains(#"{"id":"q","type":"complete"}"#) && received.contains(#"{"id":"s","type":"complete"}"#))
        }
    }

    @Test("operations beyond the per-connection limit are refused with an error for that id")
    func operationLimit() async throws {
        try await makeServer({ $0.maxOperationsPerConnection = 2 }, eventInterval: .seconds(1)).application(port: 0).test(.live) { client in
            let (received, _) = try await Self.session(client, send: [
                Self.initMessage,
                #"{"id":"a","type":"subscribe","payload":{"query":"subscription { ticks }"}}"#,
                #"{"id":"b","type":"subscribe","payload":{"query":"subscription { ticks }"}}"#,
                #"{"id":"c","type":"subscribe","payload":{"query":"subscription { ticks }"}}"#,
            ], until: { $0.contains { $0.contains(#""id":"c""#) } })
            let refusal = received.first { $0.contains(#""id":"c""#) }
            #expect(refusal?.contains(#""type":"error""#) == true && refusal?.contains("RATE_LIMITED") == true, "\(received)")
            #expect(!received.contains { $0.contains(#""id":"a","type":"error""#) || $0.contains(#""id":"b","type":"error""#) })
        }
    }

    @Test("validation errors arrive as an error message with an array payload, and no complete")
    func errorMessage() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let (received, _) = try await Self.session(client, send: [
                Self.initMessage, #"{"id":"1","type":"subscribe","payload":{"query":"{ nope }"}}"#,
            ], until: { $0.count == 2 })
            #expect(received.last?.hasPrefix(#"{"id":"1","type":"error","payload":[{"message":"Cannot query field"#) == true)
        }
    }

    @Test("ping is answered with pong even before init")
    func pingPong() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let (received, _) = try await Self.session(client, send: [#"{"type":"ping"}"#], until: { $0.count == 1 })
            #expect(received == [#"{"type":"pong"}"#])
        }
    }

    @Test("close codes", arguments: [
        ([#"{"id":"1","type":"subscribe","payload":{"query":"{ hello }"}}"#], 4401),
        ([WebSocketTests.initMessage, WebSocketTests.initMessage], 4429),
        (["{ not json"], 4400),
        ([WebSocketTests.initMessage, #"{"type":"next","id":"1","payload":{}}"#], 4400),
    ])
    func closeCodes(_ messages: [String], _ expected: Int) async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let (_, code) = try await Self.session(client, send: messages)
            #expect(code == expected)
        }
    }

    @Test("a duplicate active id closes with 4409")
    func duplicateID() async throws {
        let server = makeServer()
        try await server.application(port: 0).test(.live) { client in
            let subscribe = #"{"id":"1","type":"subscribe","payload":{"query":"subscription { ticks }"}}"#
            // The subscription streams three ticks 5 ms apart; the second subscribe comes at once.
            let (_, code) = try await Self.session(client, send: [Self.initMessage, subscribe, subscribe])
            #expect(code == 4409 || code == nil)
        }
    }

    @Test("no connection_init within the timeout closes with 4408")
    func initTimeout() async throws {
        try await makeServer { $0.connectionInitTimeout = .milliseconds(100) }.application(port: 0).test(.live) { client in
            let (_, code) = try await Self.session(client, send: [])
            #expect(code == 4408)
        }
    }

    @Test("a connection_init the application rejects closes with 4403, and the hook sees the payload")
    func rejectedInit() async throws {
        let seen = Mutex<[String]>([])
        let server = makeServer(webSocketContext: { payload, _ in
            if case .string(let token)? = payload?["authorization"] { seen.withLock { $0.append(token) } }
            return nil
        })
        try await server.application(port: 0).test(.live) { client in
            let (_, code) = try await Self.session(client, send: [Self.initMessage])
            #expect(code == 4403)
        }
        #expect(seen.withLock { $0 } == ["Bearer demo"])
    }

    @Test("graphql-transport-ws is chosen when offered, the legacy protocol only alone, anything else gets 4406")
    func subprotocolChoice() {
        #expect(GraphQLServer<JSONResolvers>.subprotocol("graphql-ws, graphql-transport-ws") == "graphql-transport-ws")
        #expect(GraphQLServer<JSONResolvers>.subprotocol("graphql-ws") == "graphql-ws")
        #expect(GraphQLServer<JSONResolvers>.subprotocol("chat") == nil)
        #expect(GraphQLServer<JSONResolvers>.subprotocol(nil) == nil)
    }

    @Test("the legacy graphql-ws protocol: ack, keep-alive, data and complete")
    func legacy() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let (received, _) = try await Self.session(client, subprotocol: "graphql-ws", send: [
                #"{"type":"connection_init","payload":{}}"#,
                #"{"id":"1","type":"start","payload":{"query":"subscription { ticks }"}}"#,
            ], until: { $0.contains(#"{"id":"1","type":"complete"}"#) })
            #expect(Array(received.prefix(2)) == [#"{"type":"connection_ack"}"#, #"{"type":"ka"}"#])
            #expect(received.filter { $0.hasPrefix(#"{"id":"1","type":"data""#) }.count == 3)
        }
    }

    @Test("graceful shutdown closes open sockets with 1001")
    func gracefulShutdown() async throws {
        let server = makeServer()
        let port = Mutex<Int?>(nil)
        let application = server.application(port: 0) { bound in port.withLock { $0 = bound } }
        let group = ServiceGroup(configuration: .init(services: [application, server.webSocketShutdownService], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
            let bound = port.withLock { $0 }!
            let close = Mutex<WebSocketCloseFrame?>(nil)
            let acknowledged = Mutex(false)
            tasks.addTask {
                let frame = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(bound)/graphql",
                                                              configuration: Self.configuration("graphql-transport-ws"),
                                                              logger: Logger(label: "test")) { inbound, outbound, _ in
                    try await outbound.write(.text(Self.initMessage))
                    for try await _ in inbound.messages(maxSize: 1 << 16) { acknowledged.withLock { $0 = true } }
                }
                close.withLock { $0 = frame }
            }
            // Shut down once the session is open (its connection_ack came), not after a fixed
            // pause: under the parallel suite 200 ms was once too short, and the server stopped
            // before the socket was a session it could close.
            let opened = ContinuousClock.now
            while !acknowledged.withLock({ $0 }), ContinuousClock.now - opened < .seconds(10) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(acknowledged.withLock { $0 })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(close.withLock { $0?.closeCode } == .goingAway)
        }
    }
}
