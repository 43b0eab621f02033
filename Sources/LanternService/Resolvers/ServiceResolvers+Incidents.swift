import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/incidents.graphql`: incidents, their timelines and the live event stream.
extension ServiceResolvers {
    func incident(_ arguments: QueryIncidentArguments, context: RequestContext, selection: FieldSelection) async throws -> Incident? {
        try await context.services.incidents.incident(try await context.tenantAccess(), id: arguments.id)
    }

    func incidents(_ arguments: QueryIncidentsArguments, context: RequestContext,
                   selection: FieldSelection) async throws -> Connection<Incident> {
        Connection(try await context.services.incidents.incidents(try await context.tenantAccess(), filter: Self.filter(arguments.filter),
                                                                  first: arguments.first, after: arguments.after))
    }

    func reportIncident(_ arguments: MutationReportIncidentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Incident {
        let input = arguments.input
        return try await context.services.incidents.report(try await context.tenantAccess(), title: input.title,
                                                           description: input.description, severity: input.severity, tags: input.tags,
                                                           urgency: input.urgency ?? .high, escalationPolicy: input.escalationPolicyId)
    }

    func acknowledgeIncident(_ arguments: MutationAcknowledgeIncidentArguments, context: RequestContext,
                             selection: FieldSelection) async throws -> Incident {
        try await context.services.incidents.acknowledge(try await context.tenantAccess(), id: arguments.id)
    }

    func assignIncident(_ arguments: MutationAssignIncidentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Incident {
        try await context.services.incidents.assign(try await context.tenantAccess(), id: arguments.id, assigneeID: arguments.assigneeId)
    }

    func commentOnIncident(_ arguments: MutationCommentOnIncidentArguments, context: RequestContext,
                           selection: FieldSelection) async throws -> Incident {
        try await context.services.incidents.comment(try await context.tenantAccess(), id: arguments.id, body: arguments.body)
    }

    func resolveIncident(_ arguments: MutationResolveIncidentArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Incident {
        try await context.services.incidents.resolve(try await context.tenantAccess(), id: arguments.id, resolution: arguments.resolution)
    }

    func reopenIncident(_ arguments: MutationReopenIncidentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Incident {
        try await context.services.incidents.reopen(try await context.tenantAccess(), id: arguments.id)
    }

    /// Over Server-Sent Events, a reconnecting `EventSource`'s `Last-Event-ID` stands for `after`.
    func incidentEvents(_ arguments: SubscriptionIncidentEventsArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> AsyncThrowingStream<IncidentEvent, any Error> {
        Self.relay(try await context.services.incidents.events(try await context.tenantAccess(), filter: Self.eventFilter(arguments.filter),
                                                               after: arguments.after ?? context.lastEventID))
    }

    func incidentEventHistory(_ arguments: QueryIncidentEventHistoryArguments, context: RequestContext,
                              selection: FieldSelection) async throws -> Connection<IncidentEvent> {
        Connection(try await context.services.incidents.eventHistory(try await context.tenantAccess(), filter: Self.eventFilter(arguments.filter),
                                                                     first: arguments.first, after: arguments.after))
    }

    /// The incidents filter as the domain has it (also for metric queries and exports).
    static func filter(_ given: IncidentFilterInput?) -> IncidentFilter {
        IncidentFilter(status: given?.status, severity: given?.severity, assigneeID: given?.assigneeId, tag: given?.tag)
    }

    private static func eventFilter(_ given: IncidentEventFilter?) -> EventFilter {
        EventFilter(minSeverity: given?.minSeverity, incidentID: given?.incidentId)
    }

    // MARK: Incident, TimelineEntry, IncidentEvent

    func reporter(of parents: [Incident], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.reporterID), context)
    }

    func assignee(of parents: [Incident], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.assigneeID), context)
    }

    /// First pages of every incident of a level in one query; a page after a cursor is read for
    /// its incident alone.
    func timeline(of parents: [Incident], _ arguments: IncidentTimelineArguments, context: RequestContext,
                  selection: FieldSelection) async throws -> [Connection<TimelineEntry>] {
        let incidents = context.services.incidents, access = try await context.tenantAccess()
        guard let after = arguments.after else {
            let pages = try await incidents.firstTimelinePages(access, incidents: parents.map(\.id), first: arguments.first)
            return try parents.map { incident in
                guard let page = pages[incident.id] else { throw DomainError.notFound("Incident") }
                return Connection(page)
            }
        }
        var connections: [Connection<TimelineEntry>] = []
        for incident in parents {
            connections.append(Connection(try await incidents.timeline(access, incident: incident.id, first: arguments.first, after: after)))
        }
        return connections
    }

    func actor(of parents: [TimelineEntry], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.actor.userID), context)
    }

    func assignee(of parents: [TimelineEntry], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.assigneeID), context)
    }

    func actor(of parents: [IncidentEvent], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.entry.actor.userID), context)
    }
}

/// The event's fields the schema reads as if stored: they are its timeline entry's.
extension IncidentEvent {
    var id: TimelineEntryID { entry.id }
    var kind: IncidentEventKind { entry.kind }
    var at: Timestamp { entry.at }
    var message: String? { entry.message }
    var level: Int? { entry.level }
}
