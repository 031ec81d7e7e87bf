-- Feedback review (SQLite). Keep in step with
-- store/postgres/migrations/0004_feedback_review.sql: the schema fingerprint
-- test compares the tables and columns of both.

-- When and by whom a feedback row was marked reviewed in the back office;
-- NULL while unreviewed.
ALTER TABLE feedback ADD COLUMN reviewed_at TEXT;
ALTER TABLE feedback ADD COLUMN reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX feedback_created ON feedback (created_at);
