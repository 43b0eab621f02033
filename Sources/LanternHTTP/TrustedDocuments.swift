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
        /// Built into the binary (`registerBuilt`): kept whatever set `replace` brings.
        var builtIn: [Document] = []
    }
    private let index = Mutex(Index())

    public init(_ documents: [Document] = []) { replace(with: documents) }

    /// Makes `documents` the trusted set (the previous set is forgotten).
    public func replace(with documents: [Document]) {
        index.withLock { index in
            var fresh = Index()
            fresh.builtIn = index.builtIn
            for document in index.builtIn + documents {
                fresh.byID[document.id] = document
                fresh.bySHA256[document.sha256] = document
            }
            index = fresh
        }
    }

    /// Trusts the operations the codegen plugin checked against the schema at build time
    /// (`GeneratedDocuments.all`, from the config's `documents`), and prepares each in `engine`
    /// now — parsed, validated and measured once, at startup — so that requests naming them
    /// (or sending their text) find them in the document cache and nothing is parsed per
    /// request. Returns the documents that failed to prepare (none, unless the schema served
    /// differs from the one they were built against).
    @discardableResult
    public func registerBuilt<R: Resolvers>(_ built: [(id: String, file: String, operations: String, text: String)],
                                            warming engine: GraphQLEngine<R>) -> [String] {
        let documents = built.map { Document(id: $0.id, text: $0.text) }
        var failed: [String] = []
        for document in documents {
            if case .failure = engine.prepare(document.text) { failed.append(document.id) }
        }
        index.withLock { index in
            index.builtIn += documents
            for document in documents {
                index.byID[document.id] = document
                index.bySHA256[document.sha256] = document
            }
        }
        return failed
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

/// The server-wide rule on documents, enforced before a document is parsed (so an untrusted one
/// learns nothing from validation errors, and fills no cache): what `LANTERN_DOCUMENT_MODE`
/// sets. Per-tenant modes are the application's admission check.
public enum DocumentGate: Sendable {
    /// Any document.
    case open
    /// Documents named by hash or id (automatic persisted queries, trusted documents).
    case persistedOnly
    /// Trusted documents only.
    case trustedOnly

    static let persistedOnlyMessage = "This server runs persisted documents only: send the document's SHA-256 (extensions.persistedQuery or documentId) instead of its text."
    static let trustedOnlyMessage = "This server runs trusted documents only: send a registered document's id (documentId or doc_id)."

    /// Nil when a document that arrived this way may run.
    func refusal(of origin: DocumentOrigin) -> GraphQLError? {
        switch (self, origin) {
        case (.open, _), (_, .trusted), (.persistedOnly, .persisted): nil
        case (.persistedOnly, .text): GraphQLError(Self.persistedOnlyMessage, code: "FORBIDDEN")
        case (.trustedOnly, _): GraphQLError(Self.trustedOnlyMessage, code: "FORBIDDEN")
        }
    }
}
