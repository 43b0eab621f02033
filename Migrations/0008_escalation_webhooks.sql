-- Escalation policies, notifications and webhooks. Timers and outgoing messages are rows,
-- written in the transaction of the change that causes them, so a restart loses none; workers
-- claim due rows (FOR UPDATE SKIP LOCKED on PostgreSQL), so no two instances act on the same one.

ALTER TABLE incidents ADD COLUMN urgency TEXT NOT NULL DEFAULT 'HIGH';
-- For ESCALATED entries: the level that fired.
ALTER TABLE timeline_entries ADD COLUMN level INTEGER;

-- `levels` is a JSON array of {"delaySeconds": n, "targetUserIds": [...]}, in firing order.
CREATE TABLE escalation_policies (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    name         TEXT NOT NULL,
    levels       TEXT NOT NULL,
    repeat_count INTEGER NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX escalation_policies_by_tenant ON escalation_policies (tenant_id, name);

-- `severity` is a severity's name, or '*' for the default route.
CREATE TABLE escalation_routes (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    severity  TEXT NOT NULL,
    policy_id TEXT NOT NULL REFERENCES escalation_policies (id),
    PRIMARY KEY (tenant_id, severity)
);

-- One per escalating incident. `level` is the level that fired last (0 before the first),
-- `loop_count` how many times the policy started over; `next_at` is when the next level is due.
CREATE TABLE incident_escalations (
    incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    policy_id   TEXT,
    level       INTEGER NOT NULL,
    loop_count  INTEGER NOT NULL,
    next_at     BIGINT,
    state       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX incident_escalations_due ON incident_escalations (next_at) WHERE state = 'ACTIVE';
CREATE INDEX incident_escalations_by_policy ON incident_escalations (policy_id);

-- `event_sequence` is the tenant event log sequence of the ESCALATED event that created it:
-- live subscribers read the notifications after the last sequence they saw.
CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL,
    incident_id    TEXT NOT NULL REFERENCES incidents (id),
    level          INTEGER,
    event_sequence BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    read_at        BIGINT
);
CREATE INDEX notifications_by_user ON notifications (tenant_id, user_id, created_at, id);
CREATE INDEX notifications_by_sequence ON notifications (tenant_id, user_id, event_sequence);

-- The secret signs deliveries, so it is kept (not hashed). `event_types` is a JSON array.
CREATE TABLE webhook_endpoints (
    id                      TEXT PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id),
    url                     TEXT NOT NULL,
    description             TEXT NOT NULL,
    event_types             TEXT NOT NULL,
    secret                  TEXT NOT NULL,
    previous_secret         TEXT,
    previous_secret_expires BIGINT,
    disabled_reason         TEXT,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_tenant ON webhook_endpoints (tenant_id, created_at);

-- The outbox: one row per event per endpoint. While an attempt is in flight the message is
-- leased (`leased_until`), so an instance that dies mid-attempt leaves it due again once the
-- lease ends.
CREATE TABLE webhook_messages (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT,
    leased_until    BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_messages_by_endpoint ON webhook_messages (tenant_id, endpoint_id, created_at, id);

CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints (id),
    message_id   TEXT NOT NULL REFERENCES webhook_messages (id),
    attempt      INTEGER NOT NULL,
    succeeded    INTEGER NOT NULL,
    status_code  INTEGER,
    latency_ms   INTEGER NOT NULL,
    error        TEXT,
    attempted_at BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (tenant_id, endpoint_id, attempted_at, id);
