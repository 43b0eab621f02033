import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/trusted_documents.graphql`: the tenant's document mode.
extension ServiceResolvers {
    func documentPolicy(context: RequestContext, selection: FieldSelection) async throws -> DocumentPolicyView {
        let access = try await context.tenantAccess()
        return DocumentPolicyView(access: access, mode: try context.services.documentPolicy.mode(access), services: context.services)
    }

    func setDocumentMode(_ arguments: MutationSetDocumentModeArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> DocumentPolicyView {
        let access = try await context.tenantAccess()
        let mode = try await context.services.documentPolicy.setMode(access, arguments.mode)
        return DocumentPolicyView(access: access, mode: mode, services: context.services)
    }
}

/// A tenant's mode with the server's, as `DocumentPolicy` in the schema.
struct DocumentPolicyView: Sendable {
    let mode: DocumentMode?
    let serverMode: DocumentMode
    let effectiveMode: DocumentMode
    let trustedDocumentCount: Int

    init(access: TenantAccess, mode: DocumentMode?, services: Services) {
        self.mode = mode
        serverMode = services.documentPolicy.serverMode
        effectiveMode = services.documentPolicy.effectiveMode(tenant: access.tenant.id)
        trustedDocumentCount = services.trustedDocuments.count
    }
}
