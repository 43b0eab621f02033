/// Why a domain operation refused. The kinds are the `extensions.code` values clients see; the
/// message is written for the client and never carries internal detail.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unauthenticated = "UNAUTHENTICATED"
        case forbidden = "FORBIDDEN"
        case notFound = "NOT_FOUND"
        case badUserInput = "BAD_USER_INPUT"
        case conflict = "CONFLICT"
        case rateLimited = "RATE_LIMITED"
        /// A resume cursor older than the event log keeps: refetch state by query instead.
        case cursorExpired = "CURSOR_EXPIRED"
    }

    public let kind: Kind
    public let message: String
    /// For RATE_LIMITED: whole seconds until a retry can succeed (`extensions.retryAfterSeconds`).
    public let retryAfterSeconds: Int?

    public init(_ kind: Kind, _ message: String, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    public static func unauthenticated(_ message: String = "Sign in first: send Authorization: Bearer <token>.") -> Self {
        Self(.unauthenticated, message)
    }
    public static func forbidden(_ message: String) -> Self { Self(.forbidden, message) }
    public static func notFound(_ what: String) -> Self { Self(.notFound, "\(what) not found.") }
    public static func badInput(_ message: String) -> Self { Self(.badUserInput, message) }
    public static func conflict(_ message: String) -> Self { Self(.conflict, message) }
    public static func rateLimited(_ message: String, retryAfterSeconds: Int) -> Self {
        Self(.rateLimited, message, retryAfterSeconds: max(1, retryAfterSeconds))
    }
}
