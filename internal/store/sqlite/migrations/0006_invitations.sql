-- Invitations to the back office (SQLite). Keep in step with
-- store/postgres/migrations/0006_invitations.sql.
--
-- An administrator invites someone by e-mail address and role; the person
-- opens a one-time link, chooses a password and becomes a staff member.
-- Only the SHA-256 of the link's token is stored.
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'administrator')),
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    invited_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    accepted_at TEXT,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invitations_email ON invitations (email);
