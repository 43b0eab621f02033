import ServiceContextModule

/// A span's W3C trace context: 16-byte trace id, 8-byte span id, sampled flag. Carried in the
/// task's `ServiceContext`, so spans started below it (resolver batches, SQL statements) become
/// its children, and sent on as `traceparent`.
public struct SpanIdentity: Sendable, Hashable {
    /// 32 lower-case hex digits.
    public var traceID: String
    /// 16 lower-case hex digits.
    public var spanID: String
    public var sampled: Bool

    static func random() -> SpanIdentity {
        SpanIdentity(traceID: hex(UInt64.random(in: 1...UInt64.max)) + hex(UInt64.random(in: 0...UInt64.max)),
                     spanID: hex(UInt64.random(in: 1...UInt64.max)), sampled: true)
    }

    static func newSpanID() -> String { hex(UInt64.random(in: 1...UInt64.max)) }

    /// `00-<trace id>-<span id>-<flags>` (W3C Trace Context, version 00). Anything else, or an
    /// all-zero id, is ignored (the request starts a new trace).
    init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        // Version 00 has exactly four fields; a later version may add fields after them.
        guard parts.count >= 4, parts[0] != "00" || parts.count == 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy(Self.isLowerHex) }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
              let flags = UInt8(parts[3], radix: 16) else { return nil }
        self.init(traceID: String(parts[1]), spanID: String(parts[2]), sampled: flags & 1 == 1)
    }

    init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    private static func isLowerHex(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

private enum SpanIdentityKey: ServiceContextKey {
    typealias Value = SpanIdentity
}

extension ServiceContext {
    /// The current span's trace context, if a span (or an incoming `traceparent`) set one.
    public var spanIdentity: SpanIdentity? {
        get { self[SpanIdentityKey.self] }
        set { self[SpanIdentityKey.self] = newValue }
    }
}
