import LanternExecution
import Synchronization

/// The documents an operator trusts: the operations the application's own clients were built
/// with, registered ahead of time (`lantern trust MANIFEST.json` in the service). Requests name
/// them by id (Relay's `doc_id`, a `documentId` of any prefix) or by SHA-256 (`documentId:
/// "sha256:…"`, an APQ hash), or send their exact text; each such request carries
/// `DocumentOrigin.trusted`, which a trusted-only admission check lets through.
///
/// Shared by reference: the application replaces the set when its source changes (the service
/// reloads it from the database), and every request sees the new set at once.
public final class TrustedDocumentRegistry: Sendable {
    public struct Document: Sendable, Equatable {
        public var id: String
        public var text: String
        /// The lower-case hex SHA-256 of `text`'s UTF-8.
        public var sha256: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
            self.sha256 = PersistedQueryStore.sha256(text)
        }
    }

    private struct Index {
        var byID: [String: Document] = [:]
        var bySHA256: [String: Document] = [:]
    }
    private let index = Mutex(Index())

    public init(_ documents: [Document] = []) { replace(with: documents) }

    /// Makes `documents` the trusted set (the previous set is forgotten).
    public func replace(with documents: [Document]) {
        var fresh = Index()
        for document in documents {
            fresh.byID[document.id] = document
            fresh.bySHA256[document.sha256] = document
        }
        index.withLock { $0 = fresh }
    }

    public func document(id: String) -> Document? { index.withLock { $0.byID[id] } }
    public func document(sha256: String) -> Document? { index.withLock { $0.bySHA256[sha256] } }
    public var count: Int { index.withLock { $0.byID.count } }

    /// The origin of a document sent as text: trusted when it is one of the set, byte for byte.
    func origin(ofText text: String) -> DocumentOrigin {
        guard count > 0, let trusted = document(sha256: PersistedQueryStore.sha256(text)) else { return .text }
        return .trusted(id: trusted.id)
    }
}
