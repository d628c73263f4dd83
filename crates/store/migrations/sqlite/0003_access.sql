-- Access: accounts and their credentials (sessions, bearer tokens), login attempts, the
-- hash-chained audit trail, and data-sharing grants with their usage. Times are Unix seconds
-- (UTC) except grant dates, which are ISO dates compared as text.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'province_analyst', 'chain_office',
                      'region_bureau', 'department', 'park_office', 'enterprise', 'viewer')),
    region_code   INTEGER REFERENCES region (code),
    chains        TEXT NOT NULL DEFAULT '',
    park_code     TEXT,
    uscc          TEXT CHECK (uscc IS NULL OR length(uscc) = 18),
    department    TEXT,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);

-- The session cookie's value is never stored, only its SHA-256.
CREATE TABLE account_session (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    client_ip   TEXT
);
CREATE INDEX account_session_account ON account_session (account_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX api_token_account ON api_token (account_id);

CREATE TABLE login_attempt (
    id        INTEGER PRIMARY KEY,
    username  TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at        INTEGER NOT NULL,
    success   BOOLEAN NOT NULL
);
CREATE INDEX login_attempt_user ON login_attempt (username, at);

-- Append-only: each row's hash covers its content and the previous row's hash; audit_head holds
-- the last sequence number and hash, so appends are serialised and a cut tail is detectable.
CREATE TABLE audit_event (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    grant_id  INTEGER,
    subjects  TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_event_at ON audit_event (at);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;

-- Which enterprises' data an event read (an index over audit_event.subjects).
CREATE TABLE audit_subject (
    uscc TEXT NOT NULL,
    seq  INTEGER NOT NULL REFERENCES audit_event (seq),
    PRIMARY KEY (uscc, seq)
);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE sharing_grant (
    id           INTEGER PRIMARY KEY,
    grantee_kind TEXT NOT NULL CHECK (grantee_kind IN ('department', 'token')),
    grantee      TEXT NOT NULL,
    dataset      TEXT NOT NULL CHECK (dataset IN ('enterprise_registry', 'indicator_series', 'supply_links')),
    fields       TEXT NOT NULL DEFAULT '',
    regions      TEXT NOT NULL DEFAULT '',
    period_from  INTEGER,
    period_to    INTEGER,
    purpose      TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    revoked_by   TEXT
);
CREATE INDEX sharing_grant_grantee ON sharing_grant (grantee_kind, grantee);

CREATE TABLE grant_usage (
    grant_id  INTEGER NOT NULL REFERENCES sharing_grant (id),
    day       TEXT NOT NULL,
    requests  INTEGER NOT NULL DEFAULT 0,
    rows_read INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grant_id, day)
);

-- The API's enterprise list is sorted by name; this keeps a page off a full sort.
CREATE INDEX enterprise_name ON enterprise (name, uscc);
