import LanternExecution

/// What a WebSocket protocol's state machine asks the session loop to do.
enum SessionAction: Equatable {
    case send(String)
    case close(code: UInt16, reason: String)
    /// Ask the application whether to accept the connection with this `connection_init` payload.
    case authenticate(JSONObject?)
    case start(id: String, request: GraphQLRequest)
    case stop(id: String)
}

/// A GraphQL-over-WebSocket protocol (graphql-transport-ws or the legacy graphql-ws) as the one
/// session loop drives it: events in, actions out.
/// Messages a connection may send while the application decides on its `connection_init`; they
/// wait until then, so a client cannot make the server hold an unbounded queue (1008 beyond).
let maximumMessagesBeforeInitIsDecided = 100

protocol SessionStateMachine {
    mutating func receive(_ text: String) -> [SessionAction]
    /// The session's timer fired (an init deadline or a keep-alive period).
    mutating func tick(now: ContinuousClock.Instant) -> [SessionAction]
    mutating func authenticated(_ accepted: Bool) -> [SessionAction]
    /// One result of operation `id`.
    mutating func next(id: String, payload: [UInt8]) -> [SessionAction]
    /// Operation `id` failed with `errors` (the encoding `startOperation` was asked for).
    mutating func failed(id: String, errors: [UInt8]) -> [SessionAction]
    mutating func complete(id: String) -> [SessionAction]
    mutating func shutdown() -> [SessionAction]
}
