-- Editorial workflow, revisions and translation parity (PostgreSQL). Keep
-- in step with store/sqlite/migrations/0005_editorial.sql: the schema
-- fingerprint test compares the tables and columns of both.

-- draft → review → scheduled → published → unpublished (→ draft). Only
-- 'published' is ever visible to the public.
ALTER TABLE episodes DROP CONSTRAINT episodes_status_check;
ALTER TABLE episodes ADD CONSTRAINT episodes_status_check
    CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));
-- The staff member who created the episode (contributors and authors edit
-- and publish their own); NULL for imported episodes.
ALTER TABLE episodes ADD COLUMN owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
-- The number of the latest revision: a save names the revision it started
-- from, and a save from an older one is a conflict.
ALTER TABLE episodes ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- Scheduled publication (status 'scheduled') and unpublication.
ALTER TABLE episodes ADD COLUMN publish_at TIMESTAMPTZ;
ALTER TABLE episodes ADD COLUMN unpublish_at TIMESTAMPTZ;
CREATE INDEX episodes_owner ON episodes (owner_id);
CREATE INDEX episodes_publish_at ON episodes (status, publish_at);
CREATE INDEX episodes_unpublish_at ON episodes (unpublish_at);

-- Translation parity. changed_rev is the revision in which this version
-- last changed substantively (a save not ticked "minor edit"), changed_at
-- when; aligned_rev is the other language's changed_rev this version was
-- last brought in line with. A version is stale when the other language's
-- changed_rev is greater than its aligned_rev.
ALTER TABLE versions ADD COLUMN changed_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN changed_at TIMESTAMPTZ;
ALTER TABLE versions ADD COLUMN aligned_rev INTEGER NOT NULL DEFAULT 0;

-- Every save of an episode is a revision: who, when, which languages
-- changed, and a JSON snapshot of the episode and both versions as saved.
CREATE TABLE revisions (
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    minor      INTEGER NOT NULL DEFAULT 0,
    langs      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (episode_id, number)
);

-- The Official Languages exception: an editor allowed an episode to be
-- published in one language only, with a written reason. The row stays
-- until the other language is published.
CREATE TABLE language_exceptions (
    episode_id BIGINT PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    reason     TEXT NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);
