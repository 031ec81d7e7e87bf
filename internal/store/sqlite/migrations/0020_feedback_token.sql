-- The page feedback's second step (SQLite). Keep in step with
-- store/postgres/migrations/0020_feedback_token.sql: the schema fingerprint
-- test compares the tables and columns of both.
--
-- A "No" is stored as soon as it is chosen; the comment that may follow is
-- added to that row. token_hash is the SHA-256 (hex) of a random token
-- given to the reader's form when the answer was stored (or chosen by the
-- page script, so that a repeated post of one answer stores it once): the
-- comment step names its row by it. NULL for rows stored before, or
-- without a token. Unique, so one token names one row.
ALTER TABLE feedback ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX feedback_token ON feedback (token_hash);
