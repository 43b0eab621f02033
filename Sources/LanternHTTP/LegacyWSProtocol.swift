import LanternExecution

/// The legacy subscriptions-transport-ws protocol (subprotocol `graphql-ws`) for older
/// clients: `connection_init`/`connection_ack`/`ka`, `start`/`data`/`error`/`complete`, `stop`,
/// `connection_terminate`. A state machine like `TransportWSStateMachine`.
struct LegacyWSStateMachine: SessionStateMachine {
    typealias Action = SessionAction

    private(set) var initialised = false
    private(set) var closed = false
    private(set) var active: Set<String> = []
    /// Set while the application decides on `connection_init`; messages wait in `deferred`.
    private var authenticating = false
    private var deferred: [String] = []
    /// Without `connection_init` by then, the connection is closed (4408), as graphql-transport-ws does.
    private let initDeadline: ContinuousClock.Instant
    private let keepAliveInterval: Duration
    private var nextKeepAlive: ContinuousClock.Instant

    /// The session ticks every `initTimeout` or more often; keep-alives go out every `keepAlive`.
    init(now: ContinuousClock.Instant = .now, initTimeout: Duration = .seconds(3), keepAlive: Duration = .seconds(12)) {
        initDeadline = now + initTimeout
        keepAliveInterval = keepAlive
        nextKeepAlive = now + keepAlive
    }

    mutating func receive(_ text: String) -> [Action] {
        if closed { return [] }
        if authenticating {
            guard deferred.count < maximumMessagesBeforeInitIsDecided else {
                closed = true
                return [.close(code: 1008, reason: "Too many messages before connection_init was answered")]
            }
            deferred.append(text)
            return []
        }
        guard case .object(let message)? = try? JSONParser.parse(text), case .string(let type)? = message["type"] else {
            return [.send(#"{"type":"connection_error","payload":{"message":"Message must be a JSON object with a type."}}"#)]
        }
        switch type {
        case "connection_init":
            var payload: JSONObject?
            if case .object(let object)? = message["payload"] { payload = object }
            authenticating = true
            return [.authenticate(payload)]
        case "start":
            guard case .string(let id)? = message["id"], case .object(let payload)? = message["payload"],
                  case .string(let query)? = payload["query"] else {
                return [.send(#"{"type":"error","payload":{"message":"Invalid start message."}}"#)]
            }
            guard initialised else {
                return [.send(frame("error", id: id, payload: Array(#"{"message":"Connection not initialised."}"#.utf8)))]
            }
            var variables = JSONObject()
            if case .object(let object)? = payload["variables"] { variables = object }
            var operationName: String?
            if case .string(let name)? = payload["operationName"] { operationName = name }
            var actions: [Action] = []
            // A duplicate id replaces the running operation, as the reference server does.
            if active.contains(id) { actions.append(.stop(id: id)) }
            active.insert(id)
            actions.append(.start(id: id, request: GraphQLRequest(query: query, operationName: operationName, variables: variables)))
            return actions
        case "stop":
            guard case .string(let id)? = message["id"], active.remove(id) != nil else { return [] }
            return [.stop(id: id), .send(completeFrame(id))]
        case "connection_terminate":
            closed = true
            let stops = active.sorted().map { Action.stop(id: $0) }
            active = []
            return stops + [.close(code: 1000, reason: "")]
        default:
            return [.send(#"{"type":"error","payload":{"message":"Unknown message type."}}"#)]
        }
    }

    mutating func authenticated(_ accepted: Bool) -> [Action] {
        authenticating = false
        if !accepted {
            closed = true
            return [.send(#"{"type":"connection_error","payload":{"message":"Forbidden"}}"#), .close(code: 1011, reason: "Forbidden")]
        }
        initialised = true
        var actions: [Action] = [.send(#"{"type":"connection_ack"}"#), .send(#"{"type":"ka"}"#)]
        let waiting = deferred
        deferred = []
        for text in waiting { actions += receive(text) }
        return actions
    }

    /// The keep-alive period passed.
    mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        if closed { return [] }
        if !initialised {
            guard !authenticating, now >= initDeadline else { return [] }
            closed = true
            return [.close(code: 4408, reason: "Connection initialisation timeout")]
        }
        guard now >= nextKeepAlive else { return [] }
        nextKeepAlive = now + keepAliveInterval
        return [.send(#"{"type":"ka"}"#)]
    }

    /// A result (`data`); request errors are also sent as `data` with `errors`, as the reference does.
    mutating func data(id: String, payload: [UInt8]) -> [Action] {
        guard active.contains(id) else { return [] }
        return [.send(frame("data", id: id, payload: payload))]
    }

    mutating func next(id: String, payload: [UInt8]) -> [Action] { data(id: id, payload: payload) }

    /// A failed operation: its whole response (with `errors`) as `data`, then `complete`, as the
    /// reference server does.
    mutating func failed(id: String, errors: [UInt8]) -> [Action] {
        data(id: id, payload: errors) + complete(id: id)
    }

    mutating func complete(id: String) -> [Action] {
        guard active.remove(id) != nil else { return [] }
        return [.send(completeFrame(id))]
    }

    mutating func shutdown() -> [Action] {
        closed = true
        let stops = active.sorted().map { Action.stop(id: $0) }
        active = []
        return stops + [.close(code: 1001, reason: "Server shutting down")]
    }

    private func frame(_ type: String, id: String, payload: [UInt8]) -> String {
        var writer = JSONWriter(capacity: payload.count + 32)
        writer.raw("{\"id\":")
        writer.string(id)
        writer.raw(",\"type\":\"")
        writer.bytes.append(contentsOf: type.utf8)
        writer.raw("\",\"payload\":")
        writer.bytes.append(contentsOf: payload)
        writer.byte(0x7D)
        return writer.text
    }

    private func completeFrame(_ id: String) -> String {
        #"{"id":"# + JSONValue.string(id).jsonText + #","type":"complete"}"#
    }
}
