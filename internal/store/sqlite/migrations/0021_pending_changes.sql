-- Pending changes of live episodes (SQLite). Keep in step with
-- store/postgres/migrations/0021_pending_changes.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- A save of a published episode is kept here, not in the public tables,
-- until someone allowed to publish publishes it (sqldb/pending.go): the
-- episode as its editor saved it, whole (texts, rendered HTML, topics,
-- authors, series, translation parity marks), as JSON. live_revision is
-- the revision the public tables show; revision the latest pending one
-- (the episode's revision while the change is pending). substantive is 1
-- when a save of the change altered a text without being minor: its
-- publication moves the episode's "Date modified".
CREATE TABLE episode_pending (
    episode_id    INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    live_revision INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    substantive   INTEGER NOT NULL DEFAULT 0,
    data          TEXT NOT NULL,
    user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
