-- Related episodes, derived when content changes (PostgreSQL). Keep in step
-- with store/sqlite/migrations/0016_related_episodes.sql: the schema
-- fingerprint test compares the tables and columns of both.

-- The rule is internal/related; the upkeep is store/sqldb/related.go.
-- related_lists has a row for each version with a public page (published
-- episode, version shown): n entries are stored in related_episodes;
-- more = 1 when other candidates rank below them.
CREATE TABLE related_lists (
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    n          INTEGER NOT NULL,
    more       INTEGER NOT NULL,
    PRIMARY KEY (episode_id, lang)
);

-- The stored entries, best first (position 0), with the keys they rank
-- by (shared topics, shared terms, the related episode's publication
-- time in microseconds), so that a change of one candidate is placed
-- without the others. Pages skip entries not yet live.
CREATE TABLE related_episodes (
    episode_id        BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang              TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    position          INTEGER NOT NULL,
    related_id        BIGINT NOT NULL,
    shared_topics     INTEGER NOT NULL,
    shared_terms      INTEGER NOT NULL,
    related_published BIGINT NOT NULL,
    PRIMARY KEY (episode_id, lang, position)
);
-- The lists an episode appears in.
CREATE INDEX related_episodes_related ON related_episodes (related_id, lang);

-- related_gen is the content generation the lists are derived for: pages
-- read them only while it equals generation. A transaction that changes
-- a few versions brings them up to its own generation; after a larger
-- change a server catches up in the background (related_claim and
-- related_claimed_at: the server deriving every list, and when it last
-- wrote). -1: never derived (a database that had episodes before).
ALTER TABLE content_state ADD COLUMN related_gen BIGINT NOT NULL DEFAULT -1;
ALTER TABLE content_state ADD COLUMN related_claim TEXT;
ALTER TABLE content_state ADD COLUMN related_claimed_at TIMESTAMPTZ;
UPDATE content_state SET related_gen = generation WHERE NOT EXISTS (SELECT 1 FROM episodes);
