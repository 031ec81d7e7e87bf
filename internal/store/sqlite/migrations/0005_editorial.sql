-- migrate: rebuild
-- Editorial workflow, revisions and translation parity (SQLite). Keep in
-- step with store/postgres/migrations/0005_editorial.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- The first line makes the runner apply this file with foreign keys off:
-- SQLite cannot widen the status CHECK in place, so episodes is rebuilt
-- (copy, drop, rename), which must not cascade into versions.

CREATE TABLE episodes_new (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('read', 'listen', 'watch')),
    -- draft → review → scheduled → published → unpublished (→ draft).
    -- Only 'published' is ever visible to the public.
    status          TEXT NOT NULL CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished')),
    published_at    TEXT,
    modified_at     TEXT NOT NULL,
    series_id       INTEGER REFERENCES series (id) ON DELETE SET NULL,
    series_position INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- The staff member who created the episode (contributors and authors
    -- edit and publish their own); NULL for imported episodes.
    owner_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The number of the latest revision: a save names the revision it
    -- started from, and a save from an older one is a conflict.
    revision        INTEGER NOT NULL DEFAULT 0,
    -- Scheduled publication (status 'scheduled') and unpublication.
    publish_at      TEXT,
    unpublish_at    TEXT
);
INSERT INTO episodes_new (id, key, kind, status, published_at, modified_at, series_id, series_position, created_at, updated_at)
    SELECT id, key, kind, status, published_at, modified_at, series_id, series_position, created_at, updated_at FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes_new RENAME TO episodes;
CREATE INDEX episodes_live ON episodes (status, published_at);
CREATE INDEX episodes_series ON episodes (series_id, series_position);
CREATE INDEX episodes_owner ON episodes (owner_id);
CREATE INDEX episodes_publish_at ON episodes (status, publish_at);
CREATE INDEX episodes_unpublish_at ON episodes (unpublish_at);

-- Translation parity. changed_rev is the revision in which this version
-- last changed substantively (a save not ticked "minor edit"), changed_at
-- when; aligned_rev is the other language's changed_rev this version was
-- last brought in line with. A version is stale when the other language's
-- changed_rev is greater than its aligned_rev.
ALTER TABLE versions ADD COLUMN changed_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN changed_at TEXT;
ALTER TABLE versions ADD COLUMN aligned_rev INTEGER NOT NULL DEFAULT 0;

-- Every save of an episode is a revision: who, when, which languages
-- changed, and a JSON snapshot of the episode and both versions as saved.
CREATE TABLE revisions (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
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
    episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    reason     TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
