import Foundation
import Hummingbird
import Logging
import LanternDomain
import LanternStore
@testable import LanternService
import Synchronization
import Testing

/// Webhook delivery end to end inside one process: the real service, its outbox and worker, the
/// async-http-client transport, and a real HTTP receiver on 127.0.0.1. The worker's clock is
/// moved by hand, so hours of retries take no time.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    /// A receiver answering each request with the next scripted status (then 200), recording
    /// what arrived.
    final class Receiver: Sendable {
        struct Arrival: Sendable {
            var id: String
            var timestamp: Int
            var signature: String
            var body: String
        }
        final class Log: Sendable {
            let script: Mutex<[(status: Int, retryAfter: String?)]>
            let arrivals = Mutex<[Arrival]>([])
            init(_ script: [(status: Int, retryAfter: String?)]) { self.script = Mutex(script) }
        }
        private let log: Log
        private let task = Mutex<Task<Void, any Error>?>(nil)
        let port: Int

        init(script: [(status: Int, retryAfter: String?)] = []) async throws {
            let log = Log(script)
            self.log = log
            let router = Router()
            let bound = AsyncStream<Int>.makeStream()
            router.post("/hook") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                log.arrivals.withLock {
                    $0.append(Arrival(id: request.headers[.init("webhook-id")!] ?? "",
                                      timestamp: Int(request.headers[.init("webhook-timestamp")!] ?? "") ?? 0,
                                      signature: request.headers[.init("webhook-signature")!] ?? "",
                                      body: String(buffer: body)))
                }
                let next = log.script.withLock { $0.isEmpty ? (200, nil) : $0.removeFirst() }
                var headers = HTTPFields()
                if let retryAfter = next.1 { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: next.0), headers: headers)
            }
            var quiet = Logger(label: "webhook-receiver")
            quiet.logLevel = .critical
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in bound.continuation.yield(channel.localAddress?.port ?? 0) },
                                  logger: quiet)
            let running = Task { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = bound.stream.makeAsyncIterator()
            port = await iterator.next() ?? 0
            task.withLock { $0 = running }
        }

        var arrivals: [Arrival] { log.arrivals.withLock { $0 } }
        var url: String { "http://127.0.0.1:\(port)/hook" }
        func stop() { task.withLock { $0 }?.cancel() }
    }

    /// A clock the test moves.
    final class HandClock: WorkClock, Sendable {
        private let current: Mutex<Timestamp>
        init() { current = Mutex(.now()) }
        func now() -> Timestamp { current.withLock { $0 } }
        func advance(seconds: Int) { current.withLock { $0 = $0.adding(seconds: seconds) } }
        /// Moves the clock to the real time if it is behind it (work written since is due).
        func catchUp() { current.withLock { $0 = max($0, Timestamp.now()) } }
    }

    private func harness(_ clock: HandClock) async throws -> ServiceHarness {
        try await ServiceHarness(slug: "hooks") { configuration in
            configuration.webhookAddresses = WebhookAddressPolicy(allowPrivate: true)
            configuration.workClock = clock
        }
    }

    @Test func deliveriesAreSignedRetriedAndDeadLettered() async throws {
        // Fails twice (the second with Retry-After: 60), then succeeds.
        let receiver = try await Receiver(script: [(500, nil), (503, "60")])
        defer { receiver.stop() }
        let clock = HandClock()
        let harness = try await harness(clock)
        let webhooks = harness.app.services.webhooks, worker = harness.app.worker
        let created = try await webhooks.create(harness.access, url: receiver.url, description: "pager", eventTypes: ["incident.*"])
        _ = try await harness.app.services.incidents.report(harness.access, title: "Disk full", description: nil, severity: .high, tags: [])
        clock.catchUp()
        #expect(try await worker.deliverDueWebhooks() == 1)
        #expect(try await worker.deliverDueWebhooks() == 0, "nothing is due before the first retry")
        clock.advance(seconds: 6)
        #expect(try await worker.deliverDueWebhooks() == 1)
        // The second retry waits for Retry-After (60 s), not the schedule's 300 s... at least 60.
        clock.advance(seconds: 59)
        #expect(try await worker.deliverDueWebhooks() == 0)
        clock.advance(seconds: 300)
        #expect(try await worker.deliverDueWebhooks() == 1)
        let arrivals = receiver.arrivals
        #expect(arrivals.count == 3)
        #expect(Set(arrivals.map(\.id)).count == 1 && arrivals[0].id.hasPrefix("msg_"), "the webhook-id is stable across retries")
        for arrival in arrivals {
            #expect(WebhookSignature.verify(header: arrival.signature, id: arrival.id, timestamp: arrival.timestamp, body: arrival.body,
                                            secret: created.secret))
        }
        let body = try JSONSerialization.jsonObject(with: Data(arrivals[0].body.utf8)) as? [String: Any]
        #expect(body?["type"] as? String == "incident.reported")
        #expect((body?["data"] as? [String: Any])?["incident"].flatMap { ($0 as? [String: Any])?["title"] as? String } == "Disk full")
        let deliveries = try await webhooks.deliveries(harness.access, endpoint: created.endpoint.id, status: nil, first: 10, after: nil)
        #expect(deliveries.items.map(\.statusCode) == [200, 503, 500])
        #expect(deliveries.items.map(\.attempt) == [3, 2, 1])
        let delivered = try await webhooks.messages(harness.access, endpoint: created.endpoint.id, status: .delivered, first: 10, after: nil)
        #expect(delivered.items.count == 1 && delivered.items[0].attempts == 3)

        // A receiver that never answers 2xx: eight attempts over the schedule, then a dead letter.
        let failing = try await Receiver(script: Array(repeating: (500, nil), count: 20))
        defer { failing.stop() }
        _ = try await webhooks.update(harness.access, id: created.endpoint.id, url: failing.url, description: nil, eventTypes: ["incident.acknowledged"])
        let incident = try await harness.app.services.incidents.report(harness.access, title: "Not sent", description: nil, severity: .low, tags: [])
        _ = try await harness.app.services.incidents.acknowledge(harness.access, id: incident.id)
        clock.catchUp()
        var attempts = 0
        for _ in 0..<20 {
            attempts += try await worker.deliverDueWebhooks()
            clock.advance(seconds: 40_000)
        }
        #expect(attempts == 8 && failing.arrivals.count == 8)
        let dead = try await webhooks.messages(harness.access, endpoint: created.endpoint.id, status: .deadLettered, first: 10, after: nil)
        #expect(dead.items.count == 1 && dead.items.first?.eventType == "incident.acknowledged")
        // Redelivery sends it once more, with the same id.
        let again = try await webhooks.redeliver(harness.access, message: try #require(dead.items.first?.id))
        #expect(again.status == .pending)
        clock.catchUp()
        #expect(try await worker.deliverDueWebhooks() == 1)
        #expect(failing.arrivals.count == 9 && Set(failing.arrivals.map(\.id)).count == 1)
    }

    @Test func goneDisablesRotationSignsTwiceAndTenantsAreApart() async throws {
        let receiver = try await Receiver(script: [(410, nil)])
        defer { receiver.stop() }
        let clock = HandClock()
        let harness = try await harness(clock)
        let webhooks = harness.app.services.webhooks, worker = harness.app.worker
        let created = try await webhooks.create(harness.access, url: receiver.url, description: "", eventTypes: ["incident.reported"])
        _ = try await harness.app.services.incidents.report(harness.access, title: "One", description: nil, severity: .high, tags: [])
        clock.catchUp()
        #expect(try await worker.deliverDueWebhooks() == 1)
        let disabled = try await webhooks.endpoint(harness.access, id: created.endpoint.id)
        #expect(!disabled.enabled && disabled.disabledReason?.contains("410") == true)
        // While disabled nothing is written for it; enabled again, a rotation signs with both secrets.
        _ = try await harness.app.services.incidents.report(harness.access, title: "Two", description: nil, severity: .high, tags: [])
        _ = try await webhooks.setEnabled(harness.access, id: created.endpoint.id, enabled: true)
        let rotated = try await webhooks.rotateSecret(harness.access, id: created.endpoint.id)
        #expect(rotated.secret != created.secret && rotated.endpoint.previousSecretExpiresAt != nil)
        _ = try await harness.app.services.incidents.report(harness.access, title: "Three", description: nil, severity: .high, tags: [])
        clock.catchUp()
        #expect(try await worker.deliverDueWebhooks() == 1)
        let last = try #require(receiver.arrivals.last)
        #expect(last.body.contains("Three") && last.signature.split(separator: " ").count == 2)
        for secret in [created.secret, rotated.secret] {
            #expect(WebhookSignature.verify(header: last.signature, id: last.id, timestamp: last.timestamp, body: last.body, secret: secret))
        }
        // Another tenant sees none of it.
        let origin = harness.access.origin
        let stranger = try await harness.app.services.accounts.signUp(email: "stranger@example.com", password: "password-1", name: "S", origin: origin)
        let principal = try await harness.app.services.accounts.authenticate(bearer: stranger.accessToken)
        _ = try await harness.app.services.accounts.createTenant(principal, name: "Other", slug: "other", origin: origin)
        let other = try await harness.app.services.accounts.access(principal, tenantSlug: "other", origin: origin)
        for attempt in [
            { _ = try await webhooks.endpoint(other, id: created.endpoint.id) },
            { _ = try await webhooks.delete(other, id: created.endpoint.id) },
            { _ = try await webhooks.rotateSecret(other, id: created.endpoint.id) },
            { _ = try await webhooks.deliveries(other, endpoint: created.endpoint.id, status: nil, first: 5, after: nil) },
            { _ = try await webhooks.redeliver(other, message: receiver.arrivals[0].id) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("another tenant reached the endpoint")
            } catch let error as DomainError {
                #expect(error.kind == .notFound)
            }
        }
        #expect(try await webhooks.endpoints(other).isEmpty)
    }

    @Test func documentChangesAreDeliveredToo() async throws {
        let receiver = try await Receiver()
        defer { receiver.stop() }
        let clock = HandClock()
        let harness = try await harness(clock)
        let created = try await harness.app.services.webhooks.create(harness.access, url: receiver.url, description: "",
                                                                    eventTypes: ["document.*"])
        let documents = harness.app.services.documents
        let document = try await documents.create(harness.access, title: "Runbook", kind: .runbook, body: "Restart it.", tags: ["db"],
                                                  incidentIDs: [])
        _ = try await documents.archive(harness.access, id: document.id)
        _ = try await documents.delete(harness.access, id: document.id)
        _ = try await harness.app.services.incidents.report(harness.access, title: "Not subscribed", description: nil, severity: .low, tags: [])
        clock.catchUp()
        #expect(try await harness.app.worker.deliverDueWebhooks() == 3)
        let bodies = receiver.arrivals.map { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
        #expect(Set(bodies.compactMap { $0?["type"] as? String }) == ["document.created", "document.archived", "document.deleted"])
        for arrival in receiver.arrivals {
            #expect(WebhookSignature.verify(header: arrival.signature, id: arrival.id, timestamp: arrival.timestamp, body: arrival.body,
                                            secret: created.secret))
            #expect(!arrival.body.contains("Restart it."), "a document's body is not sent")
        }
    }
}
