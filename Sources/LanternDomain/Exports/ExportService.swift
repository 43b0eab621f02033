/// A rendered export as stored until it expires.
public struct StoredExport: Sendable, Hashable {
    public var tenantID: TenantID
    public var filename: String
    public var contentType: String
    public var body: String
    public var rowCount: Int
    public var createdAt: Timestamp
    public var expiresAt: Timestamp

    public init(tenantID: TenantID, filename: String, contentType: String, body: String, rowCount: Int,
                createdAt: Timestamp, expiresAt: Timestamp) {
        self.tenantID = tenantID
        self.filename = filename
        self.contentType = contentType
        self.body = body
        self.rowCount = rowCount
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Where to download an export, and until when.
public struct ExportLink: Sendable, Hashable {
    public var url: String
    public var expiresAt: Timestamp
    public var rowCount: Int
}

/// Incident lists and audit logs as CSV or Markdown files. The file is rendered when asked
/// for (a consistent snapshot of that moment) and kept for 15 minutes under an unguessable
/// token; the URL is the only credential a download needs, so it can go to a browser or `curl`.
public struct ExportService: Sendable {
    public static let lifetimeSeconds = 15 * 60
    /// Larger exports are refused (BAD_USER_INPUT): narrow the range or filter instead.
    public static let maximumRows = 100_000
    static let pageSize = 1_000

    public let store: any DashboardStore

    public init(store: any DashboardStore) { self.store = store }

    /// `baseURL` is the scheme and authority the client reached the server at.
    public func exportIncidents(_ access: TenantAccess, format: ExportFormat, filter: IncidentFilter, range: TimeRangeSpec?,
                                baseURL: String) async throws -> ExportLink {
        try access.require(.viewer, to: "export incidents")
        let now = Timestamp.now()
        let range = try range?.resolved(at: now)
        var filter = filter
        if let tag = filter.tag { filter.tag = try InputRules.tags([tag]).first }
        var file = TableFile(format: format, columns: ["number", "id", "title", "severity", "status", "reporter", "assignee", "tags",
                                                       "created_at", "acknowledged_at", "resolved_at", "resolution"])
        var after = 0
        while true {
            let page = try await store.exportIncidents(tenant: access.tenant.id, filter: filter, range: range, afterNumber: after,
                                                       limit: Self.pageSize)
            for incident in page {
                file.add([String(incident.number), incident.id.rawValue, incident.title, incident.severity.rawValue, incident.status.rawValue,
                          incident.reporterID?.rawValue, incident.assigneeID?.rawValue, incident.tags.joined(separator: ";"),
                          incident.createdAt.rfc3339, incident.acknowledgedAt?.rfc3339, incident.resolvedAt?.rfc3339, incident.resolution])
            }
            try Self.checkSize(file)
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.number
        }
        return try await store(file, name: "incidents", access: access, at: now, baseURL: baseURL)
    }

    public func exportAuditLog(_ access: TenantAccess, format: ExportFormat, range: TimeRangeSpec?, baseURL: String) async throws -> ExportLink {
        try access.require(.admin, to: "export the audit log")
        let now = Timestamp.now()
        let range = try range?.resolved(at: now)
        var file = TableFile(format: format, columns: ["at", "action", "actor", "api_key", "target_type", "target_id", "request_id"])
        var after: (Timestamp, AuditEntryID)?
        while true {
            let page = try await store.exportAuditEntries(tenant: access.tenant.id, range: range, after: after, limit: Self.pageSize)
            for entry in page {
                file.add([entry.at.rfc3339, entry.action, entry.actor?.userID?.rawValue, entry.actor?.apiKeyID?.rawValue,
                          entry.targetType, entry.targetID, entry.requestID])
            }
            try Self.checkSize(file)
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = (last.at, last.id)
        }
        return try await store(file, name: "audit-log", access: access, at: now, baseURL: baseURL)
    }

    /// The export a download URL's token names, unless it expired.
    public func download(token: String) async throws -> StoredExport? {
        guard token.utf8.count <= 128 else { return nil }
        return try await store.export(tokenHash: SecureRandom.digest(token), now: .now())
    }

    private static func checkSize(_ file: TableFile) throws(DomainError) {
        guard file.rowCount <= maximumRows else {
            throw .badInput("An export holds at most \(maximumRows) rows; narrow `timeRange` or `filter`.")
        }
    }

    private func store(_ file: TableFile, name: String, access: TenantAccess, at now: Timestamp, baseURL: String) async throws -> ExportLink {
        let token = SecureRandom.token(32)
        let expiresAt = now.adding(seconds: Self.lifetimeSeconds)
        let stamp = String(now.rfc3339.prefix(19)).replacingOccurrences(of: ":", with: "")
        let export = StoredExport(tenantID: access.tenant.id, filename: "\(access.tenant.slug)-\(name)-\(stamp).\(file.format.fileExtension)",
                                  contentType: file.format.contentType, body: file.text, rowCount: file.rowCount,
                                  createdAt: now, expiresAt: expiresAt)
        try await store.insertExport(export, tokenHash: SecureRandom.digest(token),
                                     audit: access.audit("export.\(name)", "Export", nil, at: now))
        return ExportLink(url: "\(baseURL)/exports/\(token)", expiresAt: expiresAt, rowCount: file.rowCount)
    }
}
