import Foundation
import LanternDomain
import Testing

/// Signatures, retry timing and address rules of webhooks.
@Suite("Webhook rules")
struct WebhookRulesTests {
    @Test func theStandardWebhooksTestVectorVerifies() {
        // The example in the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id = "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp = 1_614_265_330
        let body = #"{"test": 2432232314}"#
        #expect(WebhookSignature.sign(id: id, timestamp: timestamp, body: body, secret: secret) == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(WebhookSignature.verify(header: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", id: id, timestamp: timestamp, body: body, secret: secret))
        #expect(!WebhookSignature.verify(header: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", id: id, timestamp: timestamp + 1, body: body, secret: secret))
        // Two secrets (a rotation): both signatures, either verifies.
        let other = WebhookSignature.newSecret()
        let header = WebhookSignature.header(id: id, timestamp: timestamp, body: body, secrets: [other, secret])
        #expect(header.split(separator: " ").count == 2)
        #expect(WebhookSignature.verify(header: header, id: id, timestamp: timestamp, body: body, secret: secret))
        #expect(WebhookSignature.verify(header: header, id: id, timestamp: timestamp, body: body, secret: other))
        #expect(WebhookSignature.key(of: other)?.count == 32 && other.hasPrefix("whsec_"))
    }

    @Test func retriesFollowTheScheduleThenDeadLetter() {
        let policy = WebhookRetryPolicy()
        let failed = Timestamp(milliseconds: 1_000_000)
        #expect(policy.maximumAttempts == 8)
        for (attempt, delay) in WebhookRetryPolicy.standardDelays.enumerated() {
            let next = policy.nextAttempt(after: attempt + 1, failedAt: failed, retryAfterSeconds: nil, jitter: 0)
            #expect(next == failed.adding(seconds: delay))
            let early = policy.nextAttempt(after: attempt + 1, failedAt: failed, retryAfterSeconds: nil, jitter: -0.1)!
            #expect(early.milliseconds == failed.milliseconds + delay * 900)
        }
        #expect(policy.nextAttempt(after: 8, failedAt: failed, retryAfterSeconds: nil) == nil)
        // Retry-After waits at least as long as asked, and never less than the schedule.
        #expect(policy.nextAttempt(after: 1, failedAt: failed, retryAfterSeconds: 120, jitter: 0) == failed.adding(seconds: 120))
        #expect(policy.nextAttempt(after: 2, failedAt: failed, retryAfterSeconds: 1, jitter: 0) == failed.adding(seconds: 300))
        #expect(WebhookRetryPolicy.delays(parsing: "1, 2,3") == [1, 2, 3])
        #expect(WebhookRetryPolicy.delays(parsing: "1,x") == nil && WebhookRetryPolicy.delays(parsing: "") == nil)
        #expect(WebhookRetryPolicy.delays(parsing: "-1") == nil && WebhookRetryPolicy.delays(parsing: "86401") == nil)
    }

    @Test func privateAndMetadataAddressesAreRefused() throws {
        let strict = WebhookAddressPolicy()
        for url in ["http://127.0.0.1/hook", "http://localhost:8080/", "http://10.1.2.3/", "http://172.20.0.1/", "http://192.168.1.1/",
                    "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/",
                    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://metadata.google.internal/"] {
            #expect(throws: DomainError.self, "\(url) should be refused") { try strict.validated(url) }
        }
        for url in ["ftp://example.com/", "javascript:alert(1)", "/relative", "http://user:pass@example.com/", "http:///nohost"] {
            #expect(throws: DomainError.self, "\(url) should be refused") { try strict.validated(url) }
        }
        #expect(try strict.validated("https://93.184.215.14/hook").host == "93.184.215.14")
        #expect(try strict.validated("https://[2606:4700::1]/hook").scheme == "https")
        #expect(try WebhookAddressPolicy(allowPrivate: true).validated("http://127.0.0.1:9/x").port == 9)
    }

    @Test func eventTypesMatchNamesAndPrefixes() {
        #expect(WebhookEventTypes.matches(["incident.*"], "incident.escalated"))
        #expect(WebhookEventTypes.matches(["incident.reported"], "incident.reported"))
        #expect(!WebhookEventTypes.matches(["incident.reported"], "incident.resolved"))
        #expect(WebhookEventTypes.type(of: .escalated) == "incident.escalated")
        #expect(Set(IncidentEventKind.allCases.map(WebhookEventTypes.type(of:))) == Set(WebhookEventTypes.incident))
    }
}
