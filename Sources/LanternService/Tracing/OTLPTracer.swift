import Instrumentation
import ServiceContextModule
import Synchronization
import Tracing

/// A tracer whose spans go to an OpenTelemetry collector over OTLP/HTTP (`OTLPExporter`). It
/// honours and sends W3C `traceparent`. Installed with `InstrumentationSystem.bootstrap` when
/// `LANTERN_OTLP_ENDPOINT` is set; otherwise the library's no-op tracer costs next to nothing.
public final class OTLPTracer: Tracer, Sendable {
    public typealias Span = OTLPSpan
    public let exporter: OTLPExporter

    public init(exporter: OTLPExporter) { self.exporter = exporter }

    public func startSpan<Instant: TracerInstant>(_ operationName: String, context: @autoclosure () -> ServiceContext,
                                                  ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
                                                  function: String, file fileID: String, line: UInt) -> OTLPSpan {
        var spanContext = context()
        let parent = spanContext.spanIdentity
        let identity = parent.map { SpanIdentity(traceID: $0.traceID, spanID: SpanIdentity.newSpanID(), sampled: $0.sampled) }
            ?? SpanIdentity.random()
        spanContext.spanIdentity = identity
        return OTLPSpan(name: operationName, kind: kind, context: spanContext, identity: identity, parentSpanID: parent?.spanID,
                        start: instant().nanosecondsSinceEpoch, exporter: exporter)
    }

    public func forceFlush() {}

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier), let remote = SpanIdentity(traceparent: header) else { return }
        context.spanIdentity = remote
    }

    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        guard let identity = context.spanIdentity else { return }
        injector.inject(identity.traceparent, forKey: "traceparent", into: &carrier)
    }
}

/// A span being recorded; handed to the exporter when it ends.
public final class OTLPSpan: Tracing.Span, Sendable {
    private struct State {
        var name: String
        var attributes = SpanAttributes()
        var status: SpanStatus?
        var events: [SpanEvent] = []
        var ended = false
    }
    public let context: ServiceContext
    let identity: SpanIdentity
    let parentSpanID: String?
    let kind: Int
    let start: UInt64
    private let state: Mutex<State>
    private let exporter: OTLPExporter

    init(name: String, kind: SpanKind, context: ServiceContext, identity: SpanIdentity, parentSpanID: String?, start: UInt64,
         exporter: OTLPExporter) {
        self.context = context
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.kind = OTLPExporter.kind(kind)
        self.start = start
        self.exporter = exporter
        state = Mutex(State(name: name))
    }

    public var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    public var isRecording: Bool { state.withLock { !$0.ended } }

    public func setStatus(_ status: SpanStatus) { state.withLock { $0.status = status } }
    public func addEvent(_ event: SpanEvent) { state.withLock { $0.events.append(event) } }
    public func addLink(_ link: SpanLink) {}

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        var event = SpanEvent(name: "exception", at: instant())
        event.attributes["exception.message"] = "\(error)"
        addEvent(event)
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let end = instant().nanosecondsSinceEpoch
        let finished: State? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let finished else { return }
        exporter.enqueue(OTLPExporter.Record(name: finished.name, kind: kind, identity: identity, parentSpanID: parentSpanID,
                                             start: start, end: end, attributes: finished.attributes,
                                             failed: finished.status?.code == .error, statusMessage: finished.status?.message))
    }
}
