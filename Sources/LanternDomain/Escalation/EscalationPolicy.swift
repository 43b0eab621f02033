public typealias EscalationPolicyID = EntityID<EscalationPolicy>
public typealias NotificationID = EntityID<UserNotification>

/// Who is told, level by level, while an incident stays unacknowledged.
public struct EscalationPolicy: Sendable, Hashable {
    public var id: EscalationPolicyID
    public var tenantID: TenantID
    public var name: String
    public var levels: [EscalationLevel]
    /// How many more times the whole policy runs after its last level.
    public var repeatCount: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: EscalationPolicyID, tenantID: TenantID, name: String, levels: [EscalationLevel], repeatCount: Int,
                createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.levels = levels
        self.repeatCount = repeatCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let maximumLevels = 20
    public static let maximumTargets = 10
    public static let delayRange = 1...86_400
    public static let repeatRange = 0...9
}

public struct EscalationLevel: Sendable, Hashable {
    /// From 1.
    public var position: Int
    /// How long after this level fires the next one does.
    public var delaySeconds: Int
    public var targets: [EscalationTarget]

    public init(position: Int, delaySeconds: Int, targets: [EscalationTarget]) {
        self.position = position
        self.delaySeconds = delaySeconds
        self.targets = targets
    }
}

public struct EscalationTarget: Sendable, Hashable {
    public var userID: UserID

    public init(userID: UserID) { self.userID = userID }
}

/// Which policy a new incident gets when its report names none.
public struct EscalationRouting: Sendable, Hashable {
    public var defaultPolicy: EscalationPolicy?
    public var bySeverity: [SeverityRoute]

    public init(defaultPolicy: EscalationPolicy?, bySeverity: [SeverityRoute]) {
        self.defaultPolicy = defaultPolicy
        self.bySeverity = bySeverity
    }
}

public struct SeverityRoute: Sendable, Hashable {
    public var severity: Severity
    public var policy: EscalationPolicy

    public init(severity: Severity, policy: EscalationPolicy) {
        self.severity = severity
        self.policy = policy
    }
}

public enum EscalationState: String, Sendable, CaseIterable {
    case active = "ACTIVE", stopped = "STOPPED", exhausted = "EXHAUSTED"
}

/// Where one incident's escalation stands.
public struct IncidentEscalation: Sendable, Hashable {
    public var incidentID: IncidentID
    /// Nil once the policy is deleted.
    public var policyID: EscalationPolicyID?
    /// The level that fired last, from 1; 0 before the first firing.
    public var level: Int
    /// How many times the policy has started over.
    public var loop: Int
    public var nextAt: Timestamp?
    public var state: EscalationState

    public init(incidentID: IncidentID, policyID: EscalationPolicyID?, level: Int, loop: Int, nextAt: Timestamp?, state: EscalationState) {
        self.incidentID = incidentID
        self.policyID = policyID
        self.level = level
        self.loop = loop
        self.nextAt = nextAt
        self.state = state
    }

    /// What firing the next level does: which level fires, and the state after it. A policy
    /// edited to fewer levels continues with its new last level's end.
    public func nextStep(policy: EscalationPolicy, at now: Timestamp) -> EscalationStep? {
        guard state == .active, !policy.levels.isEmpty else { return nil }
        var level = self.level + 1, loop = self.loop
        if level > policy.levels.count {
            guard loop < policy.repeatCount else { return nil }
            level = 1
            loop += 1
        }
        let fired = policy.levels[level - 1]
        let finished = level == policy.levels.count && loop >= policy.repeatCount
        var after = self
        after.level = level
        after.loop = loop
        after.state = finished ? .exhausted : .active
        after.nextAt = finished ? nil : now.adding(seconds: fired.delaySeconds)
        return EscalationStep(level: fired, after: after)
    }
}

/// One firing: the level that fires and where the escalation stands after it.
public struct EscalationStep: Sendable, Hashable {
    public var level: EscalationLevel
    public var after: IncidentEscalation
}

public enum NotificationKind: String, Sendable, CaseIterable {
    case escalation = "ESCALATION"
}

/// Something a user is told about, in one tenant.
public struct UserNotification: Sendable, Hashable {
    public var id: NotificationID
    public var tenantID: TenantID
    public var userID: UserID
    public var kind: NotificationKind
    public var incidentID: IncidentID
    public var level: Int?
    /// The tenant event log sequence of the event that created it.
    public var eventSequence: Int
    public var createdAt: Timestamp
    public var readAt: Timestamp?

    public init(id: NotificationID, tenantID: TenantID, userID: UserID, kind: NotificationKind, incidentID: IncidentID,
                level: Int?, eventSequence: Int, createdAt: Timestamp, readAt: Timestamp?) {
        self.id = id
        self.tenantID = tenantID
        self.userID = userID
        self.kind = kind
        self.incidentID = incidentID
        self.level = level
        self.eventSequence = eventSequence
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// A fired escalation level as committed: its event (to publish) and who was notified.
public struct EscalationFiring: Sendable {
    public var event: IncidentEvent
    public var notified: [UserID]
    /// How late the firing was against its due time.
    public var lagMilliseconds: Int

    public init(event: IncidentEvent, notified: [UserID], lagMilliseconds: Int) {
        self.event = event
        self.notified = notified
        self.lagMilliseconds = lagMilliseconds
    }
}
