import Foundation
import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `DateTime` as the domain's `Timestamp`: RFC 3339 in UTC with milliseconds on the way out; any
/// RFC 3339 instant (with or without fractional seconds, any offset) on the way in.
enum TimestampCoding: ScalarCoding {
    static func encode(_ value: Timestamp) -> JSONValue { .string(value.rfc3339) }

    static func decode(_ json: JSONValue) throws -> Timestamp {
        guard case .string(let text) = json else { throw ClientError("A DateTime is an RFC 3339 string.") }
        guard let timestamp = RFC3339.parse(text) else {
            throw ClientError("\"\(text)\" is not an RFC 3339 date-time such as 2026-11-21T09:30:00Z.")
        }
        return timestamp
    }
}
