import Foundation

/// One bucket of a time series: `start` is where it begins on the calendar (what a chart labels
/// it with); `range` is the part of it inside the requested range, which is what it counts.
public struct TimeBucketSlot: Sendable, Hashable {
    public var start: Timestamp
    public var range: TimeRange
}

/// Splits ranges into hours, days or weeks (from Monday) of a time zone, following its daylight
/// saving changes: a DAY is local midnight to local midnight, 23 or 25 hours long when the clocks move.
public struct TimeBucketing: Sendable {
    /// More buckets than this is a mistake (an hourly series over a year); refused, not computed.
    public static let maximumBuckets = 1_000

    private let calendar: Calendar

    /// BAD_USER_INPUT for a name the time zone database does not know.
    public init(timeZone: String?) throws(DomainError) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        if let timeZone {
            guard let zone = TimeZone(identifier: timeZone) else {
                throw .badInput("`timeZone` \"\(timeZone)\" is not an IANA time zone name like Europe/Berlin or America/New_York.")
            }
            calendar.timeZone = zone
        } else {
            calendar.timeZone = TimeZone(identifier: "UTC")!
        }
        self.calendar = calendar
    }

    /// Checks an IANA name (nil and "" mean UTC and pass).
    public static func validZone(_ name: String?) throws(DomainError) -> String? {
        guard let name = name?.trimmingWhitespace(), !name.isEmpty else { return nil }
        guard name.utf8.count <= 64 else { throw .badInput("`timeZone` has at most 64 bytes.") }
        _ = try TimeBucketing(timeZone: name)
        return name
    }

    /// The buckets covering `range`, the first starting at or before `range.from`.
    public func buckets(_ bucket: TimeBucket, over range: TimeRange) throws(DomainError) -> [TimeBucketSlot] {
        var slots: [TimeBucketSlot] = []
        var start = align(date(range.from), to: bucket)
        while timestamp(start) < range.to {
            guard slots.count < Self.maximumBuckets else {
                throw .badInput("The range holds more than \(Self.maximumBuckets) \(bucket.rawValue) buckets; choose a larger bucket or a shorter range.")
            }
            let next = advance(start, by: bucket)
            let slotStart = timestamp(start), slotEnd = timestamp(next)
            slots.append(TimeBucketSlot(start: slotStart, range: TimeRange(from: max(slotStart, range.from), to: min(slotEnd, range.to))))
            start = next
        }
        return slots
    }

    private func align(_ date: Date, to bucket: TimeBucket) -> Date {
        switch bucket {
        case .hour: calendar.dateInterval(of: .hour, for: date)?.start ?? date
        case .day: calendar.startOfDay(for: date)
        case .week: calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? calendar.startOfDay(for: date)
        }
    }

    private func advance(_ start: Date, by bucket: TimeBucket) -> Date {
        switch bucket {
        case .hour:
            // Absolute hours: a local hour that repeats when clocks go back is two buckets.
            return start.addingTimeInterval(3_600)
        case .day:
            let next = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
            return calendar.startOfDay(for: next.addingTimeInterval(7_200))
        case .week:
            let next = calendar.date(byAdding: .day, value: 7, to: start) ?? start.addingTimeInterval(604_800)
            return calendar.startOfDay(for: next.addingTimeInterval(7_200))
        }
    }

    private func date(_ timestamp: Timestamp) -> Date { Date(timeIntervalSince1970: Double(timestamp.milliseconds) / 1000) }

    private func timestamp(_ date: Date) -> Timestamp {
        Timestamp(milliseconds: Int((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
