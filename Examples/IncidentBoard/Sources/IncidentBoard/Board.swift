import LanternCodegenRuntime
import LanternExecution
import Synchronization

/// What every resolver receives: who is asking (from the `X-User` header).
struct BoardContext: Sendable {
    var user: String
}

/// The implementation of the protocols generated from `Schema/board.graphql`. A missing or
/// mistyped method is a compile error naming the protocol.
final class Board: SchemaResolvers {
    private let incidents = Mutex<[Incident]>([])

    func incidents(_ arguments: QueryIncidentsArguments, context: BoardContext, selection: FieldSelection) async throws -> [Incident] {
        incidents.withLock { all in all.reversed().filter { arguments.status == nil || $0.status == arguments.status } }
    }

    func incident(_ arguments: QueryIncidentArguments, context: BoardContext, selection: FieldSelection) async throws -> Incident? {
        incidents.withLock { all in all.first { $0.id == arguments.id } }
    }

    func reportIncident(_ arguments: MutationReportIncidentArguments, context: BoardContext,
                        selection: FieldSelection) async throws -> Incident {
        guard !arguments.title.isEmpty else { throw ClientError("A title is required.") }
        return incidents.withLock { all in
            let incident = Incident(id: String(all.count + 1), title: arguments.title, severity: arguments.severity ?? .medium,
                                    status: .open, reportedBy: context.user)
            all.append(incident)
            return incident
        }
    }

    func resolveIncident(_ arguments: MutationResolveIncidentArguments, context: BoardContext,
                         selection: FieldSelection) async throws -> Incident? {
        incidents.withLock { all in
            guard let index = all.firstIndex(where: { $0.id == arguments.id }) else { return nil }
            // Generated models are immutable values: a change is a new value.
            let old = all[index]
            all[index] = Incident(id: old.id, title: old.title, severity: old.severity, status: .resolved, reportedBy: old.reportedBy)
            return all[index]
        }
    }
}
