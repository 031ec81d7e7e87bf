-- Feedback review (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0004_feedback_review.sql: the schema fingerprint
-- test compares the tables and columns of both.

-- When and by whom a feedback row was marked reviewed in the back office;
-- NULL while unreviewed.
ALTER TABLE feedback ADD COLUMN reviewed_at TIMESTAMPTZ;
ALTER TABLE feedback ADD COLUMN reviewed_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX feedback_created ON feedback (created_at);
