-- Staff and access (SQLite). Keep in step with
-- store/postgres/migrations/0003_staff.sql: the schema fingerprint test
-- compares the tables and columns of both.

-- Back-office staff. The e-mail address is stored normalised (trimmed,
-- lowercase: content.NormalizeEmail), so UNIQUE is case-insensitive.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'administrator')),
    lang          TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    status        TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Server-side sessions. Only the SHA-256 of the cookie's token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, counted per account and per IP for throttling.
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Append-only: the store has no method to change or remove a line, and
-- the triggers below refuse it from SQL too. actor_id is NULL for the
-- system and the command line; it references users without a cascade, so
-- staff with a history are suspended, not deleted.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action   TEXT NOT NULL,
    target   TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    ip       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
