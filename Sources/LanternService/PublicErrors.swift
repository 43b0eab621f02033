import LanternDomain
import LanternExecution

/// Domain refusals reach clients with their message and `extensions.code`; anything else a
/// resolver throws is masked as INTERNAL by the engine (and logged with the request id).
extension DomainError: PublicError {
    public var code: String { kind.rawValue }
    public var details: [ErrorDetail] {
        retryAfterSeconds.map { [ErrorDetail("retryAfterSeconds", .int($0))] } ?? []
    }
}
