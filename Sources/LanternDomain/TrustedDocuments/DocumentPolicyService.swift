/// Where trusted documents and tenants' document modes are kept.
public protocol TrustedDocumentStore: Sendable {
    func trustedDocuments() async throws -> [TrustedDocument]
    /// Adds documents; one whose id is taken by a different body is a CONFLICT (nothing is
    /// added then). Returns how many were new.
    func trust(_ documents: [TrustedDocument]) async throws -> Int
    func documentModes() async throws -> [TenantID: DocumentMode]
    /// Nil: the tenant follows the server's mode.
    func setDocumentMode(tenant: TenantID, _ mode: DocumentMode?, audit: AuditEntry) async throws
}

/// A tenant's document mode: OWNER reads and sets it (it decides what its clients may send).
public struct DocumentPolicyService: Sendable {
    public let store: any TrustedDocumentStore
    /// The server's mode, which a tenant may only make stricter.
    public let serverMode: DocumentMode
    /// Tenants' modes as last loaded, shared with the admission check.
    public let modes: DocumentModeCache

    public init(store: any TrustedDocumentStore, serverMode: DocumentMode, modes: DocumentModeCache) {
        self.store = store
        self.serverMode = serverMode
        self.modes = modes
    }

    public func mode(_ access: TenantAccess) throws -> DocumentMode? {
        try access.require(.owner, to: "read the document mode")
        return modes.mode(of: access.tenant.id)
    }

    public func setMode(_ access: TenantAccess, _ mode: DocumentMode?) async throws -> DocumentMode? {
        try access.require(.owner, to: "set the document mode")
        try await store.setDocumentMode(tenant: access.tenant.id, mode,
                                        audit: access.audit("documents.mode.set", "Tenant", access.tenant.id.rawValue, at: .now()))
        modes.set(mode, for: access.tenant.id)
        return mode
    }

    /// What applies to a tenant: the stricter of its mode and the server's.
    public func effectiveMode(tenant: TenantID?) -> DocumentMode {
        guard let tenant, let own = modes.mode(of: tenant) else { return serverMode }
        return max(own, serverMode)
    }
}
