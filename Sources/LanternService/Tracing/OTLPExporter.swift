import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization
import Tracing

/// Sends ended spans to an OpenTelemetry collector: OTLP over HTTP with the JSON encoding
/// (`POST <endpoint>/v1/traces`), batched once a second, at most `maxQueued` spans waiting (newer
/// ones dropped, counted, when the collector is slower than the server), and a last batch when
/// the server stops. Export never blocks a request: `end()` only appends to the queue.
public final class OTLPExporter: Sendable {
    struct Record: Sendable {
        var name: String
        /// OTLP's number for the span kind.
        var kind: Int
        var identity: SpanIdentity
        var parentSpanID: String?
        var start: UInt64
        var end: UInt64
        var attributes: SpanAttributes
        var failed: Bool
        var statusMessage: String?
    }

    private struct Queue {
        var records: [Record] = []
        var dropped = 0
    }
    private let queue = Mutex(Queue())
    let url: String
    let serviceName: String
    let maxQueued = 8_192
    private let logger: Logger

    /// `endpoint`: the collector's base URL (`http://collector:4318`); `/v1/traces` is added.
    public init(endpoint: String, serviceName: String = "lantern", logger: Logger) {
        url = (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
        self.serviceName = serviceName
        self.logger = logger
    }

    /// A client that traces nothing: exporting must not make spans of its own to export.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    func enqueue(_ record: Record) {
        queue.withLock { queue in
            // Full (the collector is slow or down): the newest spans are dropped, counted.
            guard queue.records.count < maxQueued else {
                queue.dropped += 1
                return
            }
            queue.records.append(record)
        }
    }

    /// Exports every second until cancelled, then once more (outside the cancelled task, whose
    /// HTTP request would otherwise be cancelled at once).
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { break }
            await flush()
        }
        await Task.detached { await self.flush() }.value
    }

    /// Sends what is queued now.
    public func flush() async {
        let (records, dropped) = queue.withLock { queue in
            defer { queue = Queue() }
            return (queue.records, queue.dropped)
        }
        if dropped > 0 { logger.warning("trace export queue full; spans dropped", metadata: ["dropped": "\(dropped)"]) }
        guard !records.isEmpty else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body(records)))
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(10))
            if response.status.code >= 300 {
                logger.warning("trace export refused", metadata: ["status": "\(response.status.code)", "spans": "\(records.count)"])
            }
            _ = try? await response.body.collect(upTo: 64 << 10)
        } catch {
            logger.warning("trace export failed", metadata: ["error": "\(error)", "spans": "\(records.count)"])
        }
    }

    /// ExportTraceServiceRequest in OTLP's JSON encoding (ids as hex, 64-bit numbers as strings).
    func body(_ records: [Record]) -> Data {
        let spans: [[String: Any]] = records.map { (record: Record) -> [String: Any] in
            var span: [String: Any] = [:]
            span["traceId"] = record.identity.traceID
            span["spanId"] = record.identity.spanID
            span["name"] = record.name
            span["kind"] = record.kind
            span["startTimeUnixNano"] = String(record.start)
            span["endTimeUnixNano"] = String(record.end)
            span["attributes"] = Self.attributes(record.attributes)
            var status: [String: Any] = ["code": record.failed ? 2 : 0]
            if record.failed { status["message"] = record.statusMessage ?? "" }
            span["status"] = status
            if let parent = record.parentSpanID { span["parentSpanId"] = parent }
            return span
        }
        let payload: [String: Any] = ["resourceSpans": [[
            "resource": ["attributes": [["key": "service.name", "value": ["stringValue": serviceName]]]],
            "scopeSpans": [["scope": ["name": "lantern"], "spans": spans]],
        ]]]
        return (try? JSONSerialization.data(withJSONObject: payload)) ?? Data()
    }

    static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    private static func attributes(_ attributes: SpanAttributes) -> [[String: Any]] {
        var list: [[String: Any]] = []
        attributes.forEach { key, attribute in
            let value: [String: Any] = switch attribute {
            case .int32(let number): ["intValue": String(number)]
            case .int64(let number): ["intValue": String(number)]
            case .double(let number): ["doubleValue": number]
            case .bool(let flag): ["boolValue": flag]
            case .string(let text): ["stringValue": text]
            default: ["stringValue": "\(attribute)"]
            }
            list.append(["key": key, "value": value])
        }
        return list
    }
}
