import Foundation
import Synchronization

/// The time background work runs on: the system clock in service, a hand-moved one in tests,
/// so a test of a 10-hour retry need not wait 10 hours.
public protocol WorkClock: Sendable {
    func now() -> Timestamp
}

public struct SystemWorkClock: WorkClock {
    public init() {}
    public func now() -> Timestamp { .now() }
}

/// What firing escalations needs from persistence.
public protocol EscalationWorkStore: Sendable {
    /// Fires the next level of one escalation due at `now` that no other instance holds, in one
    /// transaction: its timeline and audit entries, its logged event, a notification per target
    /// still in the tenant, its webhook messages, and the escalation's next state. Nil when none
    /// is due.
    func fireDueEscalation(now: Timestamp) async throws -> EscalationFiring?
    /// ACTIVE escalations due at `now`.
    func escalationBacklog(now: Timestamp) async throws -> Int
}

/// How a webhook is sent (async-http-client in the service).
public protocol WebhookTransport: Sendable {
    /// POSTs `body`; never throws: a failure without an answer is an error text.
    func post(url: String, headers: [(String, String)], body: String, timeoutSeconds: Int) async -> WebhookResponse
}

public struct WebhookResponse: Sendable, Hashable {
    public var statusCode: Int?
    /// The `Retry-After` the receiver sent, in seconds.
    public var retryAfterSeconds: Int?
    public var error: String?

    public init(statusCode: Int?, retryAfterSeconds: Int? = nil, error: String? = nil) {
        self.statusCode = statusCode
        self.retryAfterSeconds = retryAfterSeconds
        self.error = error
    }
}

/// Where the worker reports what it did (metrics and logs in the service).
public protocol BackgroundWorkObserver: Sendable {
    func escalationFired(lagMilliseconds: Int)
    /// `outcome`: delivered, retrying, dead_lettered or gone.
    func webhookAttempted(outcome: String, seconds: Double)
    func backlog(escalations: Int, webhooks: Int)
    func failed(_ what: String, _ error: any Error)
}

/// Fires due escalation levels and delivers due webhook messages, from rows in the database
/// (so nothing is lost by a restart, and several instances sharing PostgreSQL never act on the
/// same row). Polls every `pollInterval`, and at once when `signal()` says work was added here.
public final class BackgroundWorker: Sendable {
    let escalations: any EscalationWorkStore
    let webhooks: any WebhookStore
    let events: any IncidentEventBus
    let transport: any WebhookTransport
    let retry: WebhookRetryPolicy
    let addresses: WebhookAddressPolicy
    let clock: any WorkClock
    let observer: any BackgroundWorkObserver
    let pollInterval: Duration
    /// Deliveries in flight at most (a slow receiver holds one slot, not the whole queue).
    let maximumInFlight: Int
    private let escalationWork = WorkSignal()
    private let inFlight = Atomic<Int>(0)
    private let webhookWork = WorkSignal()

    public init(escalations: any EscalationWorkStore, webhooks: any WebhookStore, events: any IncidentEventBus,
                transport: any WebhookTransport, retry: WebhookRetryPolicy = WebhookRetryPolicy(),
                addresses: WebhookAddressPolicy = WebhookAddressPolicy(), clock: any WorkClock = SystemWorkClock(),
                observer: any BackgroundWorkObserver, pollInterval: Duration = .milliseconds(500), maximumInFlight: Int = 16) {
        self.escalations = escalations
        self.webhooks = webhooks
        self.events = events
        self.transport = transport
        self.retry = retry
        self.addresses = addresses
        self.clock = clock
        self.observer = observer
        self.pollInterval = pollInterval
        self.maximumInFlight = maximumInFlight
    }

    /// Work was added on this instance (an incident changed): look now rather than at the next poll.
    public func signal() {
        escalationWork.signal()
        webhookWork.signal()
    }

    /// Runs until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.runEscalations() }
            group.addTask { await self.runWebhooks() }
            group.addTask { await self.reportBacklog() }
        }
    }

    // MARK: Escalations

    /// Fires every escalation level due now (at most `limit`); returns how many fired.
    @discardableResult
    public func fireDueEscalations(limit: Int = 100) async throws -> Int {
        var fired = 0
        while fired < limit, let firing = try await escalations.fireDueEscalation(now: clock.now()) {
            fired += 1
            await events.publish(firing.event)
            observer.escalationFired(lagMilliseconds: firing.lagMilliseconds)
            webhookWork.signal()
        }
        return fired
    }

    private func runEscalations() async {
        while !Task.isCancelled {
            do {
                if try await fireDueEscalations() == 100 { continue }
            } catch {
                observer.failed("firing escalations", error)
            }
            await escalationWork.wait(upTo: pollInterval)
        }
    }

    // MARK: Webhooks

    /// Claims the messages due now (at most `limit`) and delivers them concurrently; returns
    /// how many attempts were made.
    @discardableResult
    public func deliverDueWebhooks(limit: Int = 100) async throws -> Int {
        let batch = try await claim(limit: limit)
        await withDiscardingTaskGroup { group in
            for dispatch in batch { group.addTask { await self.deliver(dispatch) } }
        }
        return batch.count
    }

    private func claim(limit: Int) async throws -> [WebhookDispatch] {
        let now = clock.now()
        // The lease outlasts the longest an attempt can take (`attemptDeadline`), so a live
        // attempt is never taken over.
        return try await webhooks.claimDueWebhookMessages(now: now, leaseUntil: now.adding(seconds: attemptDeadline + 15),
                                                           limit: limit)
    }

    private func runWebhooks() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = maximumInFlight - inFlight.load(ordering: .relaxed)
                if free > 0 {
                    do {
                        let batch = try await claim(limit: free)
                        for dispatch in batch {
                            inFlight.add(1, ordering: .relaxed)
                            group.addTask {
                                await self.deliver(dispatch)
                                self.inFlight.subtract(1, ordering: .relaxed)
                                self.webhookWork.signal()
                            }
                        }
                        if batch.count == free { continue }
                    } catch {
                        observer.failed("claiming webhook messages", error)
                    }
                }
                await webhookWork.wait(upTo: pollInterval)
            }
        }
    }

    /// The longest one attempt takes, address check and connection included.
    var attemptDeadline: Int { retry.timeoutSeconds + 10 }

    /// One attempt: signed, sent, and recorded with what follows it. An attempt cut short by
    /// shutdown records nothing: its lease ends (at once on restart with SQLite) and the same
    /// attempt is made again.
    func deliver(_ dispatch: WebhookDispatch) async {
        let sentAt = clock.now()
        let timestamp = Int(floor(Double(sentAt.milliseconds) / 1000))
        let started = ContinuousClock.now
        let headers = [
            ("content-type", "application/json"),
            ("user-agent", "Lantern-Webhooks/1"),
            ("webhook-id", dispatch.messageID),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", WebhookSignature.header(id: dispatch.messageID, timestamp: timestamp, body: dispatch.body,
                                                          secrets: dispatch.secrets)),
        ]
        let (addresses, transport, timeout, deadline) = (addresses, transport, retry.timeoutSeconds, attemptDeadline)
        let response = await withTaskGroup(of: WebhookResponse.self) { group in
            group.addTask {
                if let host = URL(string: dispatch.url)?.host, let refused = await addresses.refusedAddressOffThread(host: host) {
                    return WebhookResponse(statusCode: nil, error: "Refused: \(refused).")
                }
                return await transport.post(url: dispatch.url, headers: headers, body: dispatch.body, timeoutSeconds: timeout)
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(deadline))
                return WebhookResponse(statusCode: nil, error: "The attempt took longer than \(deadline) seconds.")
            }
            let first = await group.next() ?? WebhookResponse(statusCode: nil, error: "No answer.")
            group.cancelAll()
            return first
        }
        if Task.isCancelled { return }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let succeeded = response.statusCode.map { (200..<300).contains($0) } ?? false
        let outcome: WebhookAttemptOutcome
        let label: String
        if succeeded {
            (outcome, label) = (.delivered, "delivered")
        } else if response.statusCode == 410 {
            (outcome, label) = (.gone, "gone")
        } else if let next = retry.nextAttempt(after: dispatch.attempt, failedAt: clock.now(), retryAfterSeconds: response.retryAfterSeconds) {
            (outcome, label) = (.retry(at: next), "retrying")
        } else {
            (outcome, label) = (.deadLettered, "dead_lettered")
        }
        let attempt = WebhookDelivery(id: .generate(), tenantID: dispatch.tenantID, endpointID: dispatch.endpointID,
                                      messageID: dispatch.messageID, attempt: dispatch.attempt,
                                      status: succeeded ? .succeeded : .failed, statusCode: response.statusCode,
                                      latencyMs: Int(seconds * 1000), error: response.error.map { String($0.prefix(500)) },
                                      attemptedAt: sentAt)
        do {
            try await webhooks.recordWebhookAttempt(attempt, lease: dispatch.lease, outcome: outcome)
        } catch {
            observer.failed("recording a webhook attempt", error)
        }
        observer.webhookAttempted(outcome: label, seconds: seconds)
    }

    private func reportBacklog() async {
        while !Task.isCancelled {
            let now = clock.now()
            if let escalating = try? await escalations.escalationBacklog(now: now), let sending = try? await webhooks.webhookBacklog(now: now) {
                observer.backlog(escalations: escalating, webhooks: sending)
            }
            try? await Task.sleep(for: .seconds(5))
        }
    }
}
