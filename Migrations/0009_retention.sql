-- Per-tenant retention: how long audit entries, archived documents and logged incident events
-- are kept (NULL: audit entries and archived documents forever, the event log for the server's
-- window). Incidents are never deleted by retention.
CREATE TABLE tenant_retention (
    tenant_id              TEXT PRIMARY KEY REFERENCES tenants (id),
    audit_log_days         INTEGER,
    archived_document_days INTEGER,
    event_log_days         INTEGER,
    updated_at             BIGINT NOT NULL
);

-- Jobs that one instance at a time runs: whoever moves `leased_until` past now runs the pass.
CREATE TABLE job_leases (
    name         TEXT PRIMARY KEY,
    leased_until BIGINT NOT NULL
);

-- What an entry recorded beyond its target, such as a retention pass's counts.
ALTER TABLE audit_entries ADD COLUMN details TEXT;
CREATE INDEX documents_archived ON documents (tenant_id, archived_at) WHERE archived_at IS NOT NULL;
