-- Dashboards and their widgets, export files, and what metrics need from incidents: the first
-- acknowledgement (kept when an incident is reopened) and an index by report time.

ALTER TABLE incidents ADD COLUMN first_acknowledged_at BIGINT;
UPDATE incidents SET first_acknowledged_at = (
    SELECT MIN(t.at) FROM timeline_entries t WHERE t.incident_id = incidents.id AND t.kind = 'ACKNOWLEDGED'
);
CREATE INDEX incidents_by_created ON incidents (tenant_id, created_at);
CREATE INDEX documents_by_created ON documents (tenant_id, created_at);

CREATE TABLE dashboards (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    range_from  TEXT NOT NULL,
    range_to    TEXT NOT NULL,
    time_zone   TEXT,
    created_by  TEXT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX dashboards_by_name ON dashboards (tenant_id, name, id);

-- `query` is the widget's metric query as JSON: {"metric", "groupBy", "bucket", "filter"}.
CREATE TABLE widgets (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    dashboard_id TEXT NOT NULL REFERENCES dashboards (id),
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    x            BIGINT NOT NULL,
    y            BIGINT NOT NULL,
    w            BIGINT NOT NULL,
    h            BIGINT NOT NULL,
    query        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX widgets_by_dashboard ON widgets (dashboard_id, y, x);

-- A rendered export, fetched by the SHA-256 of its URL token until it expires.
CREATE TABLE exports (
    token_hash   TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body         TEXT NOT NULL,
    row_count    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX exports_by_expiry ON exports (expires_at);

-- Every tenant that exists already gets the "Incident overview" new tenants start with
-- (`Dashboard.incidentOverview`).
INSERT INTO dashboards (id, tenant_id, name, description, range_from, range_to, time_zone, created_by, created_at, updated_at)
SELECT id || '-overview', id, 'Incident overview', 'Open incidents, incidents by severity per day, and how fast they are acknowledged and resolved.',
       'now-7d', 'now', NULL, NULL, created_at, created_at
FROM tenants;
INSERT INTO widgets (id, tenant_id, dashboard_id, title, kind, x, y, w, h, query, created_at, updated_at)
SELECT id || '-overview-open', id, id || '-overview', 'Open incidents', 'STAT', 0, 0, 8, 4,
       '{"metric":"OPEN_INCIDENTS","groupBy":[],"filter":{}}', created_at, created_at
FROM tenants;
INSERT INTO widgets (id, tenant_id, dashboard_id, title, kind, x, y, w, h, query, created_at, updated_at)
SELECT id || '-overview-mtta', id, id || '-overview', 'Mean time to acknowledge', 'STAT', 8, 0, 8, 4,
       '{"metric":"MTTA","groupBy":[],"filter":{}}', created_at, created_at
FROM tenants;
INSERT INTO widgets (id, tenant_id, dashboard_id, title, kind, x, y, w, h, query, created_at, updated_at)
SELECT id || '-overview-mttr', id, id || '-overview', 'Mean time to resolve', 'STAT', 16, 0, 8, 4,
       '{"metric":"MTTR","groupBy":[],"filter":{}}', created_at, created_at
FROM tenants;
INSERT INTO widgets (id, tenant_id, dashboard_id, title, kind, x, y, w, h, query, created_at, updated_at)
SELECT id || '-overview-severity', id, id || '-overview', 'Incidents by severity per day', 'TIMESERIES', 0, 4, 24, 8,
       '{"metric":"INCIDENT_COUNT","groupBy":["SEVERITY"],"bucket":"DAY","filter":{}}', created_at, created_at
FROM tenants;
