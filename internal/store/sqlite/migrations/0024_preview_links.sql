-- Preview links (SQLite). Keep in step with
-- store/postgres/migrations/0024_preview_links.sql: the schema fingerprint
-- test compares the tables and columns of both.
--
-- A secret address that shows an episode as its editor has it (a draft,
-- or a published episode's pending change) to people without an account
-- (content.PreviewLink): the SHA-256 (hex) of its token, who made it,
-- until when it works, and when it was revoked (NULL while not).
CREATE TABLE preview_links (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX preview_links_episode ON preview_links (episode_id);
