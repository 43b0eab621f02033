import PostgresNIO

/// What logs and callers need to know about a database failure. PostgresNIO's `PSQLError`
/// describes itself with one fixed, generic sentence (so that it cannot leak into a response by
/// accident), which left every log line about an outage saying nothing about its cause.
public enum DatabaseFailure {
    /// A log line's account of `error`: for PostgreSQL, the error's code, SQLSTATE and the
    /// server's message, or the connection error beneath it ("connection refused"); not the
    /// statement or its bound values (though a server message may quote a value it refused, as
    /// "invalid input syntax for type integer" does). Other errors as they describe themselves.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        var parts = ["PostgreSQL \(error.code)"]
        if let state = error.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
        if let message = error.serverInfo?[.message] { parts.append(message) }
        if let underlying = error.underlying { parts.append("\(underlying)") }
        return parts.joined(separator: ": ")
    }

    /// Whether `error` says the database could not be reached or a connection was lost, so that
    /// the same request may succeed later, as opposed to a statement the database refused.
    public static func isUnavailability(_ error: any Error) -> Bool {
        if error is DatabaseUnavailable || error is ConnectionClosed { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // Class 08 (connection exceptions), the server shutting down or starting up, and no
            // connection slot left on it.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
        default:
            return false
        }
    }
}
