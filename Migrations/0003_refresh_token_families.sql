-- Refresh tokens a session has rotated away from. A session is one refresh-token family: when a
-- retired token is presented again (it was stolen, or the legitimate client lost the race to a
-- thief), the whole session is revoked.
CREATE TABLE retired_refresh_tokens (
    refresh_hash TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id),
    retired_at   BIGINT NOT NULL
);
