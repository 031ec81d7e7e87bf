-- Forms held for their sender while they sign in again, and ended sessions (SQLite). Keep in
-- step with store/postgres/migrations/0022_held_posts.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- A form posted to the back office after its sender's session ended is
-- kept here (admin/held.go), URL-encoded, for the staff member whose
-- session it was, by the SHA-256 (hex) of a random token given to their
-- browser; after signing in again they send it on. Rows last an hour.
CREATE TABLE held_posts (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX held_posts_user ON held_posts (user_id, created_at);

-- Sessions that ended while idle or too old: the session row is deleted
-- (an ended session never comes back), and its token hash and user are
-- kept here for a while, so that a form its user posts afterwards, from
-- any tab, is still held for them.
CREATE TABLE ended_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ended_at   TEXT NOT NULL
);
