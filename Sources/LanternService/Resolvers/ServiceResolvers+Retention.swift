import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/retention.graphql`: the tenant's retention policy.
extension ServiceResolvers {
    func retentionPolicy(context: RequestContext, selection: FieldSelection) async throws -> RetentionPolicyView {
        let retention = context.services.retention
        return RetentionPolicyView(try await retention.policy(try await context.tenantAccess()), defaultEventLogSeconds: retention.defaultEventLogSeconds)
    }

    func setRetentionPolicy(_ arguments: MutationSetRetentionPolicyArguments, context: RequestContext,
                            selection: FieldSelection) async throws -> RetentionPolicyView {
        let input = arguments.input, retention = context.services.retention
        return RetentionPolicyView(try await retention.setPolicy(try await context.tenantAccess(), auditLogDays: Self.change(input.auditLogDays),
                                                                 archivedDocumentDays: Self.change(input.archivedDocumentDays),
                                                                 eventLogDays: Self.change(input.eventLogDays)),
                                   defaultEventLogSeconds: retention.defaultEventLogSeconds)
    }

    /// A partial input field as a change: nil keeps, `.some(nil)` clears, a value sets.
    private static func change(_ field: Omittable<Int>) -> Int?? {
        switch field {
        case .absent: .none
        case .null: .some(nil)
        case .value(let days): .some(days)
        }
    }
}

/// A policy with the server's default window, as `RetentionPolicy` in the schema.
struct RetentionPolicyView: Sendable {
    let policy: RetentionPolicy
    let defaultEventLogSeconds: Int

    init(_ policy: RetentionPolicy, defaultEventLogSeconds: Int) {
        self.policy = policy
        self.defaultEventLogSeconds = defaultEventLogSeconds
    }

    var auditLogDays: Int? { policy.auditLogDays }
    var archivedDocumentDays: Int? { policy.archivedDocumentDays }
    var eventLogDays: Int? { policy.eventLogDays }
    var updatedAt: Timestamp? { policy.updatedAt }
    var defaultEventLogDays: Double { Double(defaultEventLogSeconds) / 86_400 }
}
