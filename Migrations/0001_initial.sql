-- Identity, tenancy, incidents and the audit log. Portable SQL: the same file runs on SQLite and
-- PostgreSQL. Times are milliseconds since the Unix epoch (UTC); ids are UUID strings.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    refresh_hash TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);

CREATE TABLE tenants (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    incident_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

CREATE TABLE incidents (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    number          BIGINT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    severity        TEXT NOT NULL,
    status          TEXT NOT NULL,
    reporter_id     TEXT REFERENCES users (id),
    assignee_id     TEXT REFERENCES users (id),
    tags            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at     BIGINT,
    resolution      TEXT,
    version         BIGINT NOT NULL,
    UNIQUE (tenant_id, number)
);
CREATE INDEX incidents_by_status ON incidents (tenant_id, status, number);
CREATE INDEX incidents_by_assignee ON incidents (tenant_id, assignee_id);

CREATE TABLE incident_tags (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (incident_id, tag)
);
CREATE INDEX incident_tags_by_tag ON incident_tags (tenant_id, tag);

CREATE TABLE timeline_entries (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    incident_id   TEXT NOT NULL REFERENCES incidents (id),
    kind          TEXT NOT NULL,
    actor_user_id TEXT REFERENCES users (id),
    actor_key_id  TEXT REFERENCES api_keys (id),
    at            BIGINT NOT NULL,
    message       TEXT,
    assignee_id   TEXT REFERENCES users (id)
);
CREATE INDEX timeline_by_incident ON timeline_entries (tenant_id, incident_id, at, id);

CREATE TABLE audit_entries (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT REFERENCES tenants (id),
    actor_user_id TEXT REFERENCES users (id),
    actor_key_id  TEXT REFERENCES api_keys (id),
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT,
    at            BIGINT NOT NULL,
    request_id    TEXT
);
CREATE INDEX audit_by_tenant ON audit_entries (tenant_id, at, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
