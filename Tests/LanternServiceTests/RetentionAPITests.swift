import Foundation
import LanternDomain
import LanternExecution
@testable import LanternService
import Testing

/// The retention policy through GraphQL: partial input (absent keeps, null clears) and the
/// server's default window.
@Suite("Retention API")
struct RetentionAPITests {
    @Test func absentKeepsNullClearsAndTheDefaultWindowIsShown() async throws {
        let harness = try await ServiceHarness(slug: "retain") { $0.eventRetentionSeconds = 3 * 86_400 }
        let token = harness.owner.accessToken
        let set = try await harness.execute("mutation { setRetentionPolicy(input: {auditLogDays: 60, eventLogDays: 2}) { auditLogDays eventLogDays } }",
                                            token: token)
        #expect(set.json["data"]?["setRetentionPolicy"]?["auditLogDays"] == .int(60), "\(set.json)")
        let cleared = try await harness.execute("""
            mutation { setRetentionPolicy(input: {eventLogDays: null}) { auditLogDays archivedDocumentDays eventLogDays defaultEventLogDays updatedAt } }
            """, token: token)
        let policy = cleared.json["data"]?["setRetentionPolicy"]
        #expect(policy?["auditLogDays"] == .int(60) && policy?["eventLogDays"] == .null && policy?["archivedDocumentDays"] == .null, "\(cleared.json)")
        #expect(policy?["defaultEventLogDays"]?.doubleValue == 3)
        let refused = try await harness.execute("mutation { setRetentionPolicy(input: {auditLogDays: 7}) { auditLogDays } }", token: token)
        guard case .array(let errors)? = refused.json["errors"], case .string(let code)? = errors.first?["code"] else {
            Issue.record("a 7-day audit log was accepted: \(refused.json)"); return
        }
        #expect(code == "BAD_USER_INPUT")
        let read = try await harness.execute("{ retentionPolicy { auditLogDays } }", token: token)
        #expect(read.json["data"]?["retentionPolicy"]?["auditLogDays"] == .int(60))
    }
}
