import Foundation
import Hummingbird
import HummingbirdWebSocket
import HTTPTypes
import Logging
import LanternExecution
import NIOWebSocket
import ServiceLifecycle
import Synchronization

/// Everything that can happen to a WebSocket session, serialised through one stream so that the
/// protocol state machine is only ever touched by the session loop.
enum SessionEvent<Context: Sendable>: Sendable {
    case message(String)
    case invalidFrame
    case inboundClosed
    case tick
    case authenticated(Context?)
    /// The connection's credential was revoked or expired (or no longer authenticates).
    case credentialEnded(CredentialEnd)
    case next(id: String, payload: [UInt8])
    case failed(id: String, errors: [UInt8])
    case finished(id: String)
    case shutdown
}

extension GraphQLServer {
    /// Adds the WebSocket endpoint (graphql-transport-ws, and the legacy graphql-ws) on
    /// `configuration.path` to an application's WebSocket router: the `webSocketRouter` of its
    /// `.http1WebSocketUpgrade` server (see `webSocketServerConfiguration`).
    public func mountWebSocket<Context: WebSocketRequestContext>(on router: some RouterMethods<Context>) {
        let server = self
        router.ws(RouterPath(configuration.path), shouldUpgrade: { request, _ in
            switch Self.subprotocol(request.headers[.secWebSocketProtocol]) {
            case "graphql-transport-ws": return .upgrade([.secWebSocketProtocol: "graphql-transport-ws"])
            case "graphql-ws": return .upgrade([.secWebSocketProtocol: "graphql-ws"])
            default: return .upgrade([:])
            }
        }, onUpgrade: { inbound, outbound, context in
            let head = server.head(context.request, context.requestContext)
            switch Self.subprotocol(context.request.headers[.secWebSocketProtocol]) {
            case "graphql-transport-ws":
                await server.runTransportSession(inbound: inbound, outbound: outbound, head: head)
            case "graphql-ws":
                await server.runLegacySession(inbound: inbound, outbound: outbound, head: head)
            default:
                // Unit-tested through `subprotocol(_:)`; a live test of this close raced the client.
                try await outbound.close(WebSocketErrorCode(codeNumber: 4406), reason: "Subprotocol not acceptable")
            }
        })
    }

    /// graphql-transport-ws when offered; else the legacy graphql-ws; else none (4406).
    static func subprotocol(_ header: String?) -> String? {
        let offered = (header ?? "").split(separator: ",").map { $0.trimmed }
        if offered.contains("graphql-transport-ws") { return "graphql-transport-ws" }
        if offered.contains("graphql-ws") { return "graphql-ws" }
        return nil
    }

    /// Starts one operation; its results come back to the session as events. Subscribers that
    /// read slowly are waited for: with `maxPendingSubscriptionMessages` results queued, the
    /// operation reads no further events until the queue shrinks (a resumed subscription's
    /// replay goes at the client's pace, and nothing is dropped); one that takes nothing for
    /// `subscriberStallTimeout` is closed with 1008.
    /// Each operation gets a context built afresh from the connection's `connection_init`
    /// payload, so users, tenants and roles are current and a credential that no longer
    /// authenticates ends the connection instead of running the operation.
    func startOperation(id: String, request: GraphQLRequest, freshContext: @escaping @Sendable () async -> R.Context?,
                        events: AsyncStream<SessionEvent<R.Context>>.Continuation, pending: PendingCounter,
                        outbound: WebSocketOutboundWriter, singleErrorPayload: Bool = false,
                        language: MessageLanguage = .english) -> Task<Void, Never> {
        let engine = self.engine
        let metrics = self.metrics
        let limit = configuration.maxPendingSubscriptionMessages
        let stall = configuration.subscriberStallTimeout
        let deadline = configuration.executionTimeout
        return Task {
            guard let context = await freshContext() else {
                events.yield(.credentialEnded(.revoked))
                return
            }
            switch await engine.subscribe(request, context: context, deadline: deadline) {
            case .failure(let failed):
                let response = MessageCatalog.localize(failed, to: language)
                var writer = JSONWriter()
                if singleErrorPayload {
                    writer.bytes = response.json
                } else {
                    ResponseWriter.writeErrors(response.errors, into: &writer)
                }
                events.yield(.failed(id: id, errors: writer.bytes))
            case .stream(let stream):
                metrics.subscriptionStarted()
                defer { metrics.subscriptionEnded() }
                do {
                    for try await response in stream {
                        guard await pending.waitForRoom(below: limit, stall: stall) else {
                            if Task.isCancelled { return }
                            try? await outbound.close(WebSocketErrorCode(codeNumber: 1008), reason: "Subscriber is not reading")
                            events.yield(.inboundClosed)
                            return
                        }
                        pending.value.add(1, ordering: .relaxed)
                        events.yield(.next(id: id, payload: (language == .english ? response
                                                                 : MessageCatalog.localize(response, to: language)).json))
                    }
                    if !Task.isCancelled { events.yield(.finished(id: id)) }
                } catch {
                    var writer = JSONWriter()
                    let reported = (error as? any PublicError).map { GraphQLError($0.message, code: $0.code) }
                        ?? GraphQLError("Internal server error", code: "INTERNAL")
                    ResponseWriter.writeErrors([MessageCatalog.localize(reported, to: language)], into: &writer)
                    events.yield(.failed(id: id, errors: writer.bytes))
                }
            }
        }
    }

    /// Reads inbound messages into the event stream.
    func pumpInbound(_ inbound: WebSocketInboundStream, into events: AsyncStream<SessionEvent<R.Context>>.Continuation) -> Task<Void, Never> {
        let maxSize = configuration.maxWebSocketMessageBytes
        return Task {
            do {
                for try await message in inbound.messages(maxSize: maxSize) {
                    switch message {
                    case .text(let text): events.yield(.message(text))
                    case .binary: events.yield(.invalidFrame)
                    }
                }
            } catch {}
            events.yield(.inboundClosed)
        }
    }

    func runTransportSession(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, head: RequestHead) async {
        let timeout = configuration.connectionInitTimeout
        await runSession(TransportWSStateMachine(now: .now, initTimeout: timeout), inbound: inbound, outbound: outbound,
                         head: head, tickEvery: timeout, repeating: false, singleErrorPayload: false)
    }

    func runLegacySession(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, head: RequestHead) async {
        let timeout = configuration.connectionInitTimeout
        await runSession(LegacyWSStateMachine(now: .now, initTimeout: timeout), inbound: inbound, outbound: outbound, head: head,
                         tickEvery: timeout, repeating: true, singleErrorPayload: true)
    }

    /// The session loop shared by both protocols: every event goes through `machine`, whose
    /// actions are carried out here. The timer ticks once after `tickEvery` (the init deadline)
    /// or, `repeating`, every `tickEvery` (keep-alive).
    private func runSession<Machine: SessionStateMachine>(
        _ initial: Machine, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, head: RequestHead,
        tickEvery interval: Duration, repeating: Bool, singleErrorPayload: Bool
    ) async {
        let (events, continuation) = AsyncStream<SessionEvent<R.Context>>.makeStream()
        var machine = initial
        let pending = PendingCounter()
        var operations: [String: Task<Void, Never>] = [:]
        var context: R.Context?
        var initPayload: JSONObject?
        var credentialWatch: Task<Void, Never>?
        let reader = pumpInbound(inbound, into: continuation)
        let timer = Task {
            repeat {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                continuation.yield(.tick)
            } while repeating
        }
        let hooks = self.hooks
        let maxOperations = configuration.maxOperationsPerConnection
        let unregister = sessions.register { continuation.yield(.shutdown) }
        defer { unregister() }
        await withGracefulShutdownHandler {
            loop: for await event in events {
                var actions: [SessionAction]
                switch event {
                case .message(let text): actions = machine.receive(text)
                case .invalidFrame: actions = machine.receive("")
                case .tick: actions = machine.tick(now: .now)
                case .authenticated(let built):
                    context = built
                    actions = machine.authenticated(built != nil)
                    if let built, let watch = hooks.credentialEnded {
                        credentialWatch = Task {
                            if let ended = await watch(built) { continuation.yield(.credentialEnded(ended)) }
                        }
                    }
                case .credentialEnded(let ended):
                    let (code, reason) = ended == .expired ? (4401, "Unauthorized") : (4403, "Forbidden")
                    try? await outbound.close(WebSocketErrorCode(codeNumber: code), reason: reason)
                    break loop
                case .next(let id, let payload):
                    pending.value.subtract(1, ordering: .relaxed)
                    actions = machine.next(id: id, payload: payload)
                case .failed(let id, let errors):
                    operations[id] = nil
                    actions = machine.failed(id: id, errors: errors)
                case .finished(let id):
                    operations[id] = nil
                    actions = machine.complete(id: id)
                case .shutdown: actions = machine.shutdown()
                case .inboundClosed: break loop
                }
                for action in actions {
                    switch action {
                    case .send(let text):
                        do { try await outbound.write(.text(text)) } catch { break loop }
                    case .close(let code, let reason):
                        try? await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
                        break loop
                    case .authenticate(let payload):
                        initPayload = payload
                        Task {
                            let built = try? await hooks.webSocketContext(payload, head)
                            continuation.yield(.authenticated(built ?? nil))
                        }
                    case .start(let id, let request):
                        guard context != nil else { continue }
                        if operations.count >= maxOperations {
                            var writer = JSONWriter()
                            ResponseWriter.writeErrors([GraphQLError(
                                "This connection already runs \(maxOperations) operations; complete one first.",
                                code: "RATE_LIMITED")], into: &writer)
                            continuation.yield(.failed(id: id, errors: writer.bytes))
                            continue
                        }
                        let payload = initPayload
                        let language = MessageCatalog.language(initPayload: payload, acceptLanguage: head.headers["accept-language"])
                        var request = request
                        if let trusted = configuration.trustedDocuments { request.origin = trusted.origin(ofText: request.query) }
                        if let refusal = configuration.documentGate.refusal(of: request.origin) {
                            var writer = JSONWriter()
                            ResponseWriter.writeErrors([MessageCatalog.localize(refusal, to: language)], into: &writer)
                            continuation.yield(.failed(id: id, errors: writer.bytes))
                            continue
                        }
                        operations[id] = startOperation(id: id, request: request,
                                                        freshContext: { try? await hooks.webSocketContext(payload, head) },
                                                        events: continuation, pending: pending, outbound: outbound,
                                                        singleErrorPayload: singleErrorPayload, language: language)
                    case .stop(let id):
                        operations.removeValue(forKey: id)?.cancel()
                    }
                }
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        for operation in operations.values { operation.cancel() }
        credentialWatch?.cancel()
        reader.cancel()
        timer.cancel()
        continuation.finish()
    }
}

/// Results queued for a connection but not yet written (shared with operation tasks).
final class PendingCounter: Sendable {
    let value = Atomic<Int>(0)

    /// Waits until fewer than `limit` results are queued; false if the queue did not shrink once
    /// in `stall` (the client is not reading) or the task was cancelled.
    func waitForRoom(below limit: Int, stall: Duration) async -> Bool {
        var seen = value.load(ordering: .relaxed)
        var since = ContinuousClock.now
        while seen >= limit {
            do { try await Task.sleep(for: .milliseconds(5)) } catch { return false }
            let now = value.load(ordering: .relaxed)
            if now < seen { since = .now }
            seen = now
            if seen >= limit, ContinuousClock.now - since >= stall { return false }
        }
        return true
    }
}

/// The open WebSocket sessions, so that a graceful shutdown can close each with 1001 before the
/// HTTP server stops.
final class SessionRegistry: Sendable {
    private let sessions = Mutex<[Int: @Sendable () -> Void]>([:])
    private let next = Atomic<Int>(0)

    /// Registers a session's shutdown action; returns its unregistration.
    func register(_ shutdown: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let id = next.add(1, ordering: .relaxed).newValue
        sessions.withLock { $0[id] = shutdown }
        return { [self] in _ = sessions.withLock { $0.removeValue(forKey: id) } }
    }

    var count: Int { sessions.withLock { $0.count } }

    func shutdownAll() {
        for action in sessions.withLock({ Array($0.values) }) { action() }
    }
}

/// A service that, on graceful shutdown, closes every WebSocket with 1001 and waits (briefly)
/// for them to go before the server stops accepting.
struct SessionShutdownService: Service {
    let registry: SessionRegistry

    func run() async throws {
        try? await gracefulShutdown()
        registry.shutdownAll()
        for _ in 0..<50 where registry.count > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Bounds a graceful shutdown: once it starts, the process exits after `deadline` even if a
/// connection (a client that half-closed and never reads, say) keeps the server from draining.
/// ServiceLifecycle escalates to cancellation before that; this is the last resort.
struct ShutdownDeadlineService: Service {
    let deadline: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let deadline = deadline, logger = logger
        Task.detached {
            try? await Task.sleep(for: deadline)
            logger.warning("shutdown did not finish within the drain deadline; exiting")
            exit(0)
        }
    }
}
