-- Documents: the current version denormalised on `documents`, every version in
-- `document_versions`, tags and incident links in their own tables (for filters and facets).
-- Portable SQL; the search index is dialect-specific (0005_document_search).

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    tags        TEXT NOT NULL,
    body        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    created_by  TEXT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT REFERENCES users (id),
    archived_at BIGINT
);
CREATE INDEX documents_by_updated ON documents (tenant_id, updated_at, id);
CREATE INDEX documents_by_sha256 ON documents (tenant_id, sha256);

CREATE TABLE document_versions (
    document_id TEXT NOT NULL REFERENCES documents (id),
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    version     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    author      TEXT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE document_tags (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (document_id, tag)
);
CREATE INDEX document_tags_by_tag ON document_tags (tenant_id, tag);

CREATE TABLE document_incidents (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (document_id, incident_id)
);
CREATE INDEX document_incidents_by_incident ON document_incidents (tenant_id, incident_id);
