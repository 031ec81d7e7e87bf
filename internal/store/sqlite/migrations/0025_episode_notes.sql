-- The review loop's notes (SQLite). Keep in step with
-- store/postgres/migrations/0025_episode_notes.sql: the schema fingerprint
-- test compares the tables and columns of both.
--
-- Each episode's internal thread between its editors (content.EpisodeNote):
-- a note, a request for review (with its note, possibly empty) or a
-- request for changes. Never shown on the public site.
CREATE TABLE episode_notes (
    id         INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('note', 'submitted', 'changes_requested')),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX episode_notes_episode ON episode_notes (episode_id, created_at);
