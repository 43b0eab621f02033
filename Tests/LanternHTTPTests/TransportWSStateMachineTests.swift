import Testing
@testable import LanternHTTP
import LanternExecution

/// graphql-transport-ws without sockets: every message type and close code, with an injected clock.
@Suite("graphql-transport-ws state machine")
struct TransportWSStateMachineTests {
    let start = ContinuousClock.now

    func acknowledged() -> TransportWSStateMachine {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        _ = machine.receive(#"{"type":"connection_init","payload":{"authorization":"Bearer x"}}"#)
        _ = machine.authenticated(true)
        return machine
    }

    @Test("connection_init reaches the application's hook with its payload; acceptance sends connection_ack")
    func initAndAck() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        let actions = machine.receive(#"{"type":"connection_init","payload":{"tenant":"acme"}}"#)
        #expect(actions == [.authenticate(JSONObject([("tenant", .string("acme"))]))])
        #expect(machine.authenticated(true) == [.send(#"{"type":"connection_ack"}"#)])
    }

    @Test("messages sent while the application decides on connection_init wait for its answer")
    func deferredUntilAcknowledged() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        _ = machine.receive(#"{"type":"connection_init"}"#)
        #expect(machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }"}}"#).isEmpty)
        #expect(machine.authenticated(true) == [.send(#"{"type":"connection_ack"}"#),
                                                .start(id: "1", request: GraphQLRequest(query: "{ a }"))])
    }

    @Test("no connection_init before the deadline closes with 4408; a tick before it does nothing")
    func initTimeout() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        #expect(machine.tick(now: start + .seconds(2)).isEmpty)
        #expect(machine.tick(now: start + .seconds(3)) == [.close(code: 4408, reason: "Connection initialisation timeout")])
    }

    @Test("a second connection_init closes with 4429")
    func duplicateInit() {
        var machine = acknowledged()
        #expect(machine.receive(#"{"type":"connection_init"}"#) == [.close(code: 4429, reason: "Too many initialisation requests")])
    }

    @Test("a rejected connection_init closes with 4403")
    func rejected() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        _ = machine.receive(#"{"type":"connection_init"}"#)
        #expect(machine.authenticated(false) == [.close(code: 4403, reason: "Forbidden")])
    }

    @Test("subscribe before acknowledgement closes with 4401")
    func subscribeBeforeAck() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        #expect(machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }"}}"#) == [.close(code: 4401, reason: "Unauthorized")])
    }

    @Test("subscribe starts an operation; an id already active closes with 4409")
    func duplicateID() {
        var machine = acknowledged()
        #expect(machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }","variables":{"x":1}}}"#)
                == [.start(id: "1", request: GraphQLRequest(query: "{ a }", variables: JSONObject([("x", .int(1))])))])
        #expect(machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }"}}"#)
                == [.stop(id: "1"), .close(code: 4409, reason: "Subscriber for 1 already exists")])
    }

    @Test("an id can be reused once its operation completed")
    func reuseAfterComplete() {
        var machine = acknowledged()
        _ = machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }"}}"#)
        #expect(machine.complete(id: "1") == [.send(#"{"id":"1","type":"complete"}"#)])
        #expect(machine.receive(#"{"id":"1","type":"subscribe","payload":{"query":"{ a }"}}"#).count == 1)
    }

    @Test("invalid messages close with 4400", arguments: [
        "not json", "[]", #"{"type":"unknown"}"#, #"{"id":"","type":"subscribe","payload":{"query":"{ a }"}}"#,
        #"{"id":"1","type":"subscribe","payload":{}}"#, #"{"type":"connection_init","payload":5}"#,
        #"{"id":"1","type":"next","payload":{}}"#, #"{"type":"complete"}"#,
    ])
    func invalid(_ text: String) {
        var machine = acknowledged()
        #expect(machine.receive(text).last == .close(code: 4400, reason: "Invalid message received"))
    }

    @Test("ping is answered with pong at any time, with its payload; pong is ignored")
    func pingPong() {
        var machine = TransportWSStateMachine(now: start, initTimeout: .seconds(3))
        #expect(machine.receive(#"{"type":"ping"}"#) == [.send(#"{"type":"pong"}"#)])
        #expect(machine.receive(#"{"type":"ping","payload":{"a":1}}"#) == [.send(#"{"type":"pong","payload":{"a":1}}"#)])
        #expect(machine.receive(#"{"type":"pong"}"#).isEmpty)
    }

    @Test("complete from the client stops the operation; nothing more is sent for it")
    func clientComplete() {
        var machine = acknowledged()
        _ = machine.receive(#"{"id":"7","type":"subscribe","payload":{"query":"{ a }"}}"#)
        #expect(machine.receive(#"{"id":"7","type":"complete"}"#) == [.stop(id: "7")])
        #expect(machine.next(id: "7", payload: Array("{}".utf8)).isEmpty)
        #expect(machine.complete(id: "7").isEmpty)
        #expect(machine.receive(#"{"id":"unknown","type":"complete"}"#).isEmpty)
    }

    @Test("results are next messages; an error ends the operation without complete")
    func nextAndError() {
        var machine = acknowledged()
        _ = machine.receive(#"{"id":"a","type":"subscribe","payload":{"query":"{ a }"}}"#)
        #expect(machine.next(id: "a", payload: Array(#"{"data":{"a":1}}"#.utf8)) == [.send(#"{"id":"a","type":"next","payload":{"data":{"a":1}}}"#)])
        #expect(machine.error(id: "a", errors: Array(#"[{"message":"x"}]"#.utf8)) == [.send(#"{"id":"a","type":"error","payload":[{"message":"x"}]}"#)])
        #expect(machine.complete(id: "a").isEmpty)
    }

    @Test("shutdown stops every operation and closes with 1001")
    func shutdown() {
        var machine = acknowledged()
        _ = machine.receive(#"{"id":"a","type":"subscribe","payload":{"query":"{ a }"}}"#)
        #expect(machine.shutdown() == [.stop(id: "a"), .close(code: 1001, reason: "Server shutting down")])
    }
}

@Suite("graphql-ws (legacy) state machine")
struct LegacyWSStateMachineTests {
    @Test("init, ack and keep-alive; start, data, stop and complete; duplicate ids replace")
    func flow() {
        var machine = LegacyWSStateMachine()
        #expect(machine.receive(#"{"type":"connection_init","payload":{}}"#) == [.authenticate(JSONObject())])
        #expect(machine.authenticated(true) == [.send(#"{"type":"connection_ack"}"#), .send(#"{"type":"ka"}"#)])
        #expect(machine.receive(#"{"id":"1","type":"start","payload":{"query":"{ a }"}}"#) == [.start(id: "1", request: GraphQLRequest(query: "{ a }"))])
        #expect(machine.receive(#"{"id":"1","type":"start","payload":{"query":"{ b }"}}"#)
                == [.stop(id: "1"), .start(id: "1", request: GraphQLRequest(query: "{ b }"))])
        #expect(machine.data(id: "1", payload: Array("{}".utf8)) == [.send(#"{"id":"1","type":"data","payload":{}}"#)])
        #expect(machine.receive(#"{"id":"1","type":"stop"}"#) == [.stop(id: "1"), .send(#"{"id":"1","type":"complete"}"#)])
        #expect(machine.receive(#"{"type":"connection_terminate"}"#) == [.close(code: 1000, reason: "")])
    }

    @Test("a start sent while the application decides on connection_init runs once it is accepted")
    func deferredStart() {
        var machine = LegacyWSStateMachine()
        _ = machine.receive(#"{"type":"connection_init"}"#)
        #expect(machine.receive(#"{"id":"1","type":"start","payload":{"query":"{ a }"}}"#).isEmpty)
        #expect(machine.authenticated(true).last == .start(id: "1", request: GraphQLRequest(query: "{ a }")))
    }

    @Test("no connection_init within the timeout closes with 4408; keep-alives keep their own period")
    func initDeadlineAndKeepAlive() {
        let start = ContinuousClock.now
        var waiting = LegacyWSStateMachine(now: start, initTimeout: .seconds(3), keepAlive: .seconds(12))
        #expect(waiting.tick(now: start + .seconds(1)).isEmpty)
        #expect(waiting.tick(now: start + .seconds(3)) == [.close(code: 4408, reason: "Connection initialisation timeout")])
        var live = LegacyWSStateMachine(now: start, initTimeout: .seconds(3), keepAlive: .seconds(12))
        _ = live.receive(#"{"type":"connection_init"}"#)
        _ = live.authenticated(true)
        #expect(live.tick(now: start + .seconds(6)).isEmpty, "inited connections are not timed out; no ka before 12 s")
        #expect(live.tick(now: start + .seconds(12)) == [.send(#"{"type":"ka"}"#)])
    }

    @Test("messages beyond the bound while init is being decided close the connection")
    func deferredBound() {
        var machine = LegacyWSStateMachine()
        _ = machine.receive(#"{"type":"connection_init"}"#)
        for index in 0..<100 { #expect(machine.receive(#"{"id":"\#(index)","type":"start","payload":{"query":"{ a }"}}"#).isEmpty) }
        #expect(machine.receive(#"{"id":"x","type":"start","payload":{"query":"{ a }"}}"#)
                == [.close(code: 1008, reason: "Too many messages before connection_init was answered")])
        var transport = TransportWSStateMachine(now: .now, initTimeout: .seconds(3))
        _ = transport.receive(#"{"type":"connection_init"}"#)
        for index in 0..<100 { #expect(transport.receive(#"{"id":"\#(index)","type":"subscribe","payload":{"query":"{ a }"}}"#).isEmpty) }
        #expect(transport.receive(#"{"type":"ping"}"#).last == .close(code: 1008, reason: "Too many messages before connection_init was answered"))
    }

    @Test("a rejected init sends connection_error and closes")
    func rejected() {
        var machine = LegacyWSStateMachine()
        _ = machine.receive(#"{"type":"connection_init"}"#)
        #expect(machine.authenticated(false).first == .send(#"{"type":"connection_error","payload":{"message":"Forbidden"}}"#))
    }
}

@Suite("Accept negotiation")
struct AcceptTests {
    @Test("media types chosen from Accept", arguments: [
        (nil, GraphQLMediaType.json), ("application/graphql-response+json", .graphQLResponse), ("application/json", .json),
        ("*/*", .json), ("application/graphql-response+json, application/json;q=0.9", .graphQLResponse),
        ("application/json;q=1, application/graphql-response+json;q=0.5", .json), ("application/*", .json),
    ])
    func negotiate(_ accept: String?, _ expected: GraphQLMediaType) {
        #expect(GraphQLMediaType.negotiate(accept) == expected)
    }

    @Test("nothing acceptable gives nil (406)", arguments: ["text/html", "application/xml, text/plain", "application/json;q=0"])
    func notAcceptable(_ accept: String) {
        #expect(GraphQLMediaType.negotiate(accept) == nil)
    }
}
