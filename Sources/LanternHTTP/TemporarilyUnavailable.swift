/// An error from building a request's context that says a dependency of the server (its
/// database) cannot be reached for now, not that the request or the server is wrong. The answer
/// is HTTP 503 with `Retry-After`, which load balancers and clients retry, instead of the 500 of
/// an unexpected failure. The GraphQL error is still `INTERNAL` with a generic message: the cause
/// is logged, never sent.
///
/// Only a failure before execution starts is answered this way. Once execution has started the
/// response carries `data` (possibly null), and GraphQL over HTTP answers such a response with
/// 200: the failing field's error is `INTERNAL` there.
public protocol TemporarilyUnavailable: Error {
    /// Seconds a client should wait before trying again.
    var retryAfterSeconds: Int { get }
}
