-- Review requests and the mail outbox (SQLite). Keep in step with
-- store/postgres/migrations/0026_review_requests.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- reviewer_id: the person asked to review an episode in review (NULL: any
-- editor); it may open and edit the episode while it is in review, and is
-- cleared when the episode leaves review.
ALTER TABLE episodes ADD COLUMN reviewer_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX episodes_reviewer ON episodes (reviewer_id) WHERE reviewer_id IS NOT NULL;

-- to_user_id: whom a note was addressed to (the reviewer asked, the owner
-- asked for changes); NULL for a note to the thread.
ALTER TABLE episode_notes ADD COLUMN to_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- E-mail notifications, written in the transaction of what they tell and
-- sent by a worker (store.Outbox); only when an SMTP server is configured.
-- next_try_at is the claim: a sender moves it forward before sending, so
-- two servers never send one message at the same time.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    to_addr     TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    next_try_at TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    sent_at     TEXT,
    last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_try_at) WHERE sent_at IS NULL;
