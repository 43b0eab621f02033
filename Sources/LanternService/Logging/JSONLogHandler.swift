import Foundation
import Logging
import ServiceContextModule
import Synchronization

/// One JSON object per log line on standard output (`LANTERN_LOG_FORMAT=json`), for log
/// collectors: `timestamp` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`, then the
/// metadata as string fields (`request_id`, `tenant`, `operation`, and `trace_id`/`span_id` of
/// the current span when tracing is on).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider?) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(level: event.level, message: event.message, metadata: event.metadata)
    }

    private func write(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) {
        var fields: [String: String] = [:]
        for (key, value) in metadataProvider?.get() ?? [:] { fields[Self.name(key)] = "\(value)" }
        for (key, value) in metadata { fields[Self.name(key)] = "\(value)" }
        for (key, value) in explicit ?? [:] { fields[Self.name(key)] = "\(value)" }
        fields["timestamp"] = Self.timestamp()
        fields["level"] = level.rawValue
        fields["label"] = label
        fields["message"] = message.description
        guard var data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        Self.output.withLock { _ in FileHandle.standardOutput.write(data) }
    }

    /// Hummingbird's `hb.request.id` is this server's `request_id`.
    private static func name(_ key: String) -> String { key == "hb.request.id" ? "request_id" : key }

    private static let output = Mutex(())

    private static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let milliseconds = Int(time.tv_nsec / 1_000_000)
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds)
    }

    /// Adds the current span's `trace_id` and `span_id` to every line logged under it.
    public static let traceMetadata = Logger.MetadataProvider {
        guard let identity = ServiceContext.current?.spanIdentity else { return [:] }
        return ["trace_id": "\(identity.traceID)", "span_id": "\(identity.spanID)"]
    }
}
