/// When a failed delivery is tried again: after each entry of `delays` in turn (with ±10%
/// jitter, so receivers coming back are not hit by every sender at once), then dead-lettered.
/// A `Retry-After` from the receiver makes the wait at least that long (at most a day).
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// Seconds before the 2nd, 3rd, … attempt.
    public var delays: [Int]
    /// How long one attempt may take before it counts as failed.
    public var timeoutSeconds: Int

    /// Standard Webhooks' suggested schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    public static let standardDelays = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]

    public init(delays: [Int] = WebhookRetryPolicy.standardDelays, timeoutSeconds: Int = 15) {
        self.delays = delays
        self.timeoutSeconds = timeoutSeconds
    }

    /// Attempts a message gets before it is dead-lettered.
    public var maximumAttempts: Int { delays.count + 1 }

    /// When attempt `attempt + 1` is due after attempt `attempt` (from 1) failed at `now`; nil
    /// when there is none (dead letter).
    public func nextAttempt(after attempt: Int, failedAt now: Timestamp, retryAfterSeconds: Int?,
                            jitter: Double = Double.random(in: -0.1...0.1)) -> Timestamp? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let scheduled = Double(delays[attempt - 1] * 1000) * (1 + jitter)
        let asked = Double(min(max(retryAfterSeconds ?? 0, 0), 86_400) * 1000)
        return Timestamp(milliseconds: now.milliseconds + Int(max(scheduled, asked)))
    }

    /// `LANTERN_WEBHOOK_RETRY_SCHEDULE`: comma-separated seconds, each 0…86,400; nil when malformed.
    public static func delays(parsing text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.count <= 20, parts.allSatisfy({ $0.map { (0...86_400).contains($0) } ?? false }) else { return nil }
        return parts.compactMap { $0 }
    }
}
