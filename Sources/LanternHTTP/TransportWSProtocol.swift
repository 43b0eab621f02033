import LanternExecution

/// The graphql-transport-ws protocol as a state machine: events in, actions out, no I/O and
/// no clock of its own (times are passed in), so every close code can be tested without a socket.
struct TransportWSStateMachine: SessionStateMachine {
    enum Phase: Equatable {
        /// Waiting for `connection_init` until the deadline.
        case awaitingInit(deadline: ContinuousClock.Instant)
        /// `connection_init` received; the application's hook is deciding.
        case initialising
        case acknowledged
        case closed
    }

    typealias Action = SessionAction

    private(set) var phase: Phase
    private(set) var active: Set<String> = []
    /// Messages that arrived while the application decided on `connection_init`; they are
    /// handled once it has answered, so a client that subscribes right after init is not refused.
    private var deferred: [String] = []

    init(now: ContinuousClock.Instant, initTimeout: Duration) {
        phase = .awaitingInit(deadline: now + initTimeout)
    }

    /// Time has passed: close if `connection_init` did not arrive in time.
    mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        if case .awaitingInit(let deadline) = phase, now >= deadline {
            return close(4408, "Connection initialisation timeout")
        }
        return []
    }

    mutating func receive(_ text: String) -> [Action] {
        if phase == .closed { return [] }
        if phase == .initialising {
            guard deferred.count < maximumMessagesBeforeInitIsDecided else {
                return close(1008, "Too many messages before connection_init was answered")
            }
            deferred.append(text)
            return []
        }
        guard case .object(let message)? = try? JSONParser.parse(text), case .string(let type)? = message["type"] else {
            return close(4400, "Invalid message received")
        }
        switch type {
        case "connection_init":
            guard let payload = optionalObject(message["payload"]) else { return close(4400, "Invalid message received") }
            if case .awaitingInit = phase {
                phase = .initialising
                return [.authenticate(payload)]
            }
            return close(4429, "Too many initialisation requests")
        case "ping":
            guard let payload = optionalObject(message["payload"]) else { return close(4400, "Invalid message received") }
            var writer = JSONWriter()
            writer.raw("{\"type\":\"pong\"")
            if let payload {
                writer.raw(",\"payload\":")
                writer.value(.object(payload))
            }
            writer.byte(0x7D)
            return [.send(writer.text)]
        case "pong":
            guard optionalObject(message["payload"]) != nil else { return close(4400, "Invalid message received") }
            return []
        case "subscribe":
            guard case .string(let id)? = message["id"], !id.isEmpty,
                  case .object(let payload)? = message["payload"], case .string(let query)? = payload["query"] else {
                return close(4400, "Invalid message received")
            }
            var operationName: String?
            switch payload["operationName"] {
            case nil, .null?: break
            case .string(let name)?: operationName = name
            default: return close(4400, "Invalid message received")
            }
            var variables = JSONObject()
            switch payload["variables"] {
            case nil, .null?: break
            case .object(let object)?: variables = object
            default: return close(4400, "Invalid message received")
            }
            if case .array? = payload["extensions"] { return close(4400, "Invalid message received") }
            guard phase == .acknowledged else { return close(4401, "Unauthorized") }
            guard !active.contains(id) else { return close(4409, "Subscriber for \(limitReason(id)) already exists") }
            active.insert(id)
            return [.start(id: id, request: GraphQLRequest(query: query, operationName: operationName, variables: variables))]
        case "complete":
            guard case .string(let id)? = message["id"], !id.isEmpty else { return close(4400, "Invalid message received") }
            guard active.remove(id) != nil else { return [] }
            return [.stop(id: id)]
        default:
            return close(4400, "Invalid message received")
        }
    }

    /// The application's decision on `connection_init`.
    mutating func authenticated(_ accepted: Bool) -> [Action] {
        guard phase == .initialising else { return [] }
        if !accepted { return close(4403, "Forbidden") }
        phase = .acknowledged
        var actions: [Action] = [.send(#"{"type":"connection_ack"}"#)]
        let waiting = deferred
        deferred = []
        for text in waiting { actions += receive(text) }
        return actions
    }

    /// One result of operation `id` (`next`).
    mutating func next(id: String, payload: [UInt8]) -> [Action] {
        guard active.contains(id) else { return [] }
        return [.send(frame("next", id: id, payload: payload))]
    }

    /// Operation `id` failed before or during execution: `error`, and no `complete` after it.
    mutating func error(id: String, errors: [UInt8]) -> [Action] {
        guard active.remove(id) != nil else { return [] }
        return [.send(frame("error", id: id, payload: errors))]
    }

    /// Operation `id` finished on the server: `complete`, unless the client already completed it.
    mutating func failed(id: String, errors: [UInt8]) -> [Action] { error(id: id, errors: errors) }

    mutating func complete(id: String) -> [Action] {
        guard active.remove(id) != nil else { return [] }
        return [.send(#"{"id":"# + JSONValue.string(id).jsonText + #","type":"complete"}"#)]
    }

    /// The server is shutting down.
    mutating func shutdown() -> [Action] {
        let stops = active.sorted().map { Action.stop(id: $0) }
        active = []
        phase = .closed
        return stops + [.close(code: 1001, reason: "Server shutting down")]
    }

    private mutating func close(_ code: UInt16, _ reason: String) -> [Action] {
        let stops = active.sorted().map { Action.stop(id: $0) }
        active = []
        phase = .closed
        return stops + [.close(code: code, reason: reason)]
    }

    private func frame(_ type: String, id: String, payload: [UInt8]) -> String {
        var writer = JSONWriter(capacity: payload.count + id.utf8.count + 32)
        writer.raw("{\"id\":")
        writer.string(id)
        writer.raw(",\"type\":\"")
        writer.bytes.append(contentsOf: type.utf8)
        writer.raw("\",\"payload\":")
        writer.bytes.append(contentsOf: payload)
        writer.byte(0x7D)
        return writer.text
    }

    /// `nil` for a present payload that is not an object; `.some(nil)` when absent or null.
    private func optionalObject(_ value: JSONValue?) -> JSONObject?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .object(let object)?: return .some(object)
        default: return nil
        }
    }

    /// Close reasons must fit a control frame (under 124 bytes).
    private func limitReason(_ id: String) -> String {
        id.utf8.count > 80 ? String(decoding: id.utf8.prefix(80), as: UTF8.self) + "…" : id
    }
}
