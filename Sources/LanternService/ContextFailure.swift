import LanternExecution
import LanternHTTP
import LanternStore

/// Failures to build a request's context that are not the request's fault, classified so the
/// answer says what happened: the database unreachable is 503 with `Retry-After` (see
/// `TemporarilyUnavailable`), anything else 500. Either way the log line names the cause, which
/// PostgreSQL's errors hide when printed as they are.
enum ContextFailure {
    /// Runs `build`, letting errors meant for the client (`PublicError`: a bad token, a tenant
    /// the caller is not in) and cancellation through unchanged, and classifying the rest.
    static func classified<T>(_ build: () async throws -> T) async throws -> T {
        do {
            return try await build()
        } catch let error where error is any PublicError || error is CancellationError {
            throw error
        } catch let error where DatabaseFailure.isUnavailability(error) {
            throw DatabaseUnreachable(description: "database unavailable: \(DatabaseFailure.describe(error))")
        } catch {
            throw Unexpected(description: DatabaseFailure.describe(error))
        }
    }

    /// The database could not be reached or a connection was lost (answered 503).
    struct DatabaseUnreachable: Error, CustomStringConvertible, TemporarilyUnavailable {
        let description: String
        var retryAfterSeconds: Int { 1 }
    }

    /// Any other failure, described for the log (answered 500).
    struct Unexpected: Error, CustomStringConvertible {
        let description: String
    }
}
