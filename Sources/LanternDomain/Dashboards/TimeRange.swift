import Foundation

/// A half-open range `[from, to)` as a user wrote it: each end an RFC 3339 instant or an
/// expression relative to the time of the request (`now`, `now-30m`, `now-24h`, `now-7d`,
/// `now-2w`). Stored as written, so a dashboard of "the last 7 days" stays that.
public struct TimeRangeSpec: Sendable, Hashable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public static let lastSevenDays = TimeRangeSpec(from: "now-7d", to: "now")

    /// The instants the range means at `now`; BAD_USER_INPUT for an unreadable end or an empty range.
    public func resolved(at now: Timestamp) throws(DomainError) -> TimeRange {
        let start = try Self.instant(from, field: "timeRange.from", now: now)
        let end = try Self.instant(to, field: "timeRange.to", now: now)
        guard start < end else {
            throw .badInput("`timeRange.from` (\(start.rfc3339)) must be before `timeRange.to` (\(end.rfc3339)).")
        }
        return TimeRange(from: start, to: end)
    }

    /// Throws unless both ends can be read (checked when a range is saved).
    public func validated() throws(DomainError) -> TimeRangeSpec {
        guard from.utf8.count <= 64, to.utf8.count <= 64 else { throw .badInput("A `timeRange` end has at most 64 bytes.") }
        _ = try resolved(at: .now())
        return TimeRangeSpec(from: from.trimmingWhitespace(), to: to.trimmingWhitespace())
    }

    static func instant(_ raw: String, field: String, now: Timestamp) throws(DomainError) -> Timestamp {
        let text = raw.trimmingWhitespace()
        if text == "now" { return now }
        if text.hasPrefix("now-") {
            let amount = text.dropFirst(4)
            guard let unit = amount.last, let count = Int(amount.dropLast()), count >= 0, count <= 100_000,
                  amount.dropLast().allSatisfy(\.isASCII),
                  let seconds = ["m": 60, "h": 3_600, "d": 86_400, "w": 604_800][String(unit)] else {
                throw .badInput("`\(field)` \"\(text)\" is not a relative time: write now, or now- and a whole number with m, h, d or w, like now-7d.")
            }
            return Timestamp(milliseconds: now.milliseconds - count * seconds * 1000)
        }
        guard let instant = RFC3339.parse(text) else {
            throw .badInput("`\(field)` \"\(text)\" is neither an RFC 3339 instant (2026-11-21T09:30:00Z) nor a relative time like now-7d.")
        }
        return instant
    }
}

/// Resolved instants: `from` included, `to` excluded.
public struct TimeRange: Sendable, Hashable {
    public var from: Timestamp
    public var to: Timestamp

    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    /// The equally long range just before this one.
    public var previous: TimeRange {
        TimeRange(from: Timestamp(milliseconds: 2 * from.milliseconds - to.milliseconds), to: from)
    }
}

