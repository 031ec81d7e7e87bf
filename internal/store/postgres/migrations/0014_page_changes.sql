-- Page changes journal (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0014_page_changes.sql: the schema fingerprint
-- test compares the tables and columns of both.

-- Page caches drop only the pages a change touches (store/changes.go):
-- each transaction that moves the content generation records here the
-- tags of what it changed ("ep:42", "topic-list:7", "lists", "*"…) with
-- gen NULL, and its generation bump stamps them, as search_changes.
CREATE TABLE page_changes (
    gen BIGINT,
    tag TEXT NOT NULL
);
CREATE INDEX page_changes_gen ON page_changes (gen);
