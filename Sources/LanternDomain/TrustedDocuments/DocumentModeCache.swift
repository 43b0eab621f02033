import Synchronization

/// Tenants' document modes in memory, so the admission check of every request reads no row.
/// Reloaded from the store periodically (other instances' changes arrive within the reload
/// interval) and updated at once by this instance's own changes.
public final class DocumentModeCache: Sendable {
    private let modes = Mutex<[TenantID: DocumentMode]>([:])

    public init() {}

    public var isEmpty: Bool { modes.withLock { $0.isEmpty } }
    public func mode(of tenant: TenantID) -> DocumentMode? { modes.withLock { $0[tenant] } }
    public func set(_ mode: DocumentMode?, for tenant: TenantID) { modes.withLock { $0[tenant] = mode } }
    public func replace(with all: [TenantID: DocumentMode]) { modes.withLock { $0 = all } }
}
