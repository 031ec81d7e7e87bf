-- The editor's automatic saves (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0023_autosaves.sql: the schema fingerprint
-- test compares the tables and columns of both.
--
-- With JavaScript, the episode editor sends what is typed every few
-- seconds of change and when the page is left (admin/autosave.go): one
-- private draft per staff member and episode (episode_id 0: a new episode
-- not saved yet), the form URL-encoded, with the revision it was typed
-- on. Reopening the editor offers to restore it; a save drops it.
CREATE TABLE autosaves (
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    episode_id    BIGINT NOT NULL,
    base_revision INTEGER NOT NULL,
    body          TEXT NOT NULL,
    saved_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, episode_id)
);
