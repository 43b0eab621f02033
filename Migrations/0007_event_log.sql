-- The per-tenant incident event log subscribers resume from. `tenants.event_seq` is the last
-- sequence given out (bumped in the transaction that makes the change, holding the tenant's row
-- until it commits, so sequence order is commit order); `tenants.event_floor` is the last
-- sequence retention deleted (a cursor before it can no longer be resumed).

ALTER TABLE tenants ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN event_floor BIGINT NOT NULL DEFAULT 0;

-- `incident` is the incident as it was right after the change (JSON), so a replayed event says
-- what the live one said.
CREATE TABLE incident_event_log (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    sequence    BIGINT NOT NULL,
    entry_id    TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    severity    TEXT NOT NULL,
    incident    TEXT NOT NULL,
    at          BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);
CREATE INDEX incident_event_log_by_at ON incident_event_log (at);
CREATE INDEX incident_event_log_by_incident ON incident_event_log (tenant_id, incident_id, sequence);
