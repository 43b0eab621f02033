import Foundation
import LanternDomain
import Logging
import SQLKit

/// Document events across instances: on PostgreSQL `publish` sends a NOTIFY with the ids and every
/// instance loads the document once and hands the event to its own subscribers; on SQLite (one
/// process) events go straight to the local subscribers.
public final class StoreDocumentEvents: DocumentEventBus {
    public static let channel = "lantern_document_events"

    private let database: Database
    private let local = TenantFanout<DocumentEvent>()
    private let listener: Task<Void, Never>?

    public init(database: Database) {
        self.database = database
        if database.dialect == .postgres {
            let store = SQLStore(database: database), local = local, logger = database.logger
            listener = Task {
                await database.listen(channel: Self.channel) { payload in
                    guard let notice = Notice(payload), local.hasSubscribers(tenant: notice.tenant) else { return }
                    do {
                        let document = notice.kind == .deleted ? nil : try await store.document(tenant: notice.tenant, id: notice.document)
                        if notice.kind != .deleted && document == nil { return }  // deleted since
                        local.deliver(DocumentEvent(kind: notice.kind, tenantID: notice.tenant, documentID: notice.document,
                                                    document: document, actor: notice.actor, at: notice.at), to: notice.tenant)
                    } catch {
                        logger.error("could not load a notified document event", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                    }
                }
            }
        } else {
            listener = nil
        }
    }

    deinit { listener?.cancel() }

    public func publish(_ event: DocumentEvent) async {
        guard database.dialect == .postgres else { return local.deliver(event, to: event.tenantID) }
        do {
            try await database.notify(channel: Self.channel, payload: Notice(event).payload)
        } catch {
            database.logger.error("could not publish a document event; delivering locally only", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            local.deliver(event, to: event.tenantID)
        }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<DocumentEvent> { local.subscribe(tenant: tenant) }

    /// Stops listening.
    public func stop() { listener?.cancel() }

    /// What a NOTIFY carries: `tenant document KIND at u:<user>|k:<key>`.
    struct Notice {
        var tenant: TenantID
        var document: DocumentID
        var kind: DocumentEventKind
        var at: Timestamp
        var actor: Actor

        init(_ event: DocumentEvent) {
            tenant = event.tenantID
            document = event.documentID
            kind = event.kind
            at = event.at
            actor = event.actor
        }

        init?(_ payload: String) {
            let parts = payload.split(separator: " ").map(String.init)
            guard parts.count == 5, let kind = DocumentEventKind(rawValue: parts[2]), let at = Int(parts[3]) else { return nil }
            let actorParts = parts[4].split(separator: ":", maxSplits: 1).map(String.init)
            guard actorParts.count == 2 else { return nil }
            switch actorParts[0] {
            case "u": actor = .user(UserID(actorParts[1]))
            case "k": actor = .apiKey(APIKeyID(actorParts[1]))
            case "s": actor = .system
            default: return nil
            }
            tenant = TenantID(parts[0])
            document = DocumentID(parts[1])
            self.kind = kind
            self.at = Timestamp(milliseconds: at)
        }

        var payload: String {
            let who = switch actor {
            case .user(let id): "u:\(id.rawValue)"
            case .apiKey(let id): "k:\(id.rawValue)"
            case .system: "s:-"
            }
            return "\(tenant.rawValue) \(document.rawValue) \(kind.rawValue) \(at.milliseconds) \(who)"
        }
    }
}
