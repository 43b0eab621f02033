-- Trusted documents (`lantern trust MANIFEST.json`): the operations the application's own
-- clients were built with, validated against the schema when registered. Requests name them by
-- id or SHA-256; a server or tenant in TRUSTED_ONLY mode runs nothing else.
CREATE TABLE trusted_documents (
    id         TEXT PRIMARY KEY,
    sha256     TEXT NOT NULL,
    body       TEXT NOT NULL,
    -- The document's operations, as "query Name, mutation Other".
    operations TEXT NOT NULL,
    -- The largest static cost of its operations (with default list sizes).
    cost       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX trusted_documents_sha256 ON trusted_documents (sha256);

-- A tenant's own document mode (OPEN, APQ, TRUSTED_ONLY); no row: the server's setting.
CREATE TABLE tenant_document_modes (
    tenant_id  TEXT PRIMARY KEY REFERENCES tenants (id),
    mode       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
