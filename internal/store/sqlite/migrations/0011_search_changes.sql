-- Search changes journal (SQLite). Keep in step with
-- store/postgres/migrations/0011_search_changes.sql: the schema fingerprint
-- test compares the tables and columns of both.

-- Each server keeps search posting lists in memory (sqldb/search_mem.go)
-- and brings them up to date from this journal before a search, so that a
-- change made through any server is seen by every server.
--
-- Whatever changes what search finds (a version indexed or removed from
-- the index, an episode's status) adds a row here with gen NULL; the
-- transaction's generation bump (content_state) then stamps its rows with
-- the new generation. Generations are taken at the end of transactions,
-- one at a time (content_state has one row), so once a server reads
-- generation G, every row stamped G or less is committed and visible.
CREATE TABLE search_changes (
    gen        INTEGER,
    episode_id INTEGER NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr'))
);
CREATE INDEX search_changes_gen ON search_changes (gen);
