/// Which documents a request may use, from the loosest to the strictest. The server has one
/// (`LANTERN_DOCUMENT_MODE`) and each tenant may choose its own; the stricter of the two applies,
/// so a tenant can tighten what the operator allows but never loosen it.
public enum DocumentMode: String, Sendable, CaseIterable, Comparable {
    /// Any document: sent as text, as an automatic persisted query, or a trusted document.
    case open = "OPEN"
    /// Documents named by hash or id: automatic persisted queries (which clients register
    /// themselves) and trusted documents; a request with only a text is refused.
    case apq = "APQ"
    /// Trusted documents only: what the operator registered with `lantern trust`.
    case trustedOnly = "TRUSTED_ONLY"

    private var strictness: Int {
        switch self {
        case .open: 0
        case .apq: 1
        case .trustedOnly: 2
        }
    }

    public static func < (lhs: DocumentMode, rhs: DocumentMode) -> Bool { lhs.strictness < rhs.strictness }

    /// How a request's document arrived, as far as the mode is concerned.
    public enum Arrival: Sendable, Equatable {
        case text
        case persisted
        case trusted
    }

    /// Nil when `arrival` is allowed, else the refusal (FORBIDDEN, saying what is allowed);
    /// `scope` names whose mode it is ("server" or "tenant").
    public func refusal(of arrival: Arrival, scope: String = "tenant") -> DomainError? {
        switch (self, arrival) {
        case (.open, _), (.apq, .persisted), (_, .trusted):
            return nil
        case (.apq, .text):
            return .forbidden("This \(scope) runs persisted documents only: send the document's SHA-256 (extensions.persistedQuery or documentId) instead of its text.")
        case (.trustedOnly, _):
            return .forbidden("This \(scope) runs trusted documents only: send a registered document's id (documentId or doc_id).")
        }
    }
}

/// A trusted document as stored.
public struct TrustedDocument: Sendable, Equatable {
    public var id: String
    public var body: String
    public var sha256: String
    /// "query Name, mutation Other".
    public var operations: String
    public var cost: Int
    public var createdAt: Timestamp

    public init(id: String, body: String, sha256: String, operations: String, cost: Int, createdAt: Timestamp) {
        self.id = id
        self.body = body
        self.sha256 = sha256
        self.operations = operations
        self.cost = cost
        self.createdAt = createdAt
    }
}
