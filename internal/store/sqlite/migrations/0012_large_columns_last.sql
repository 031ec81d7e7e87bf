-- migrate: rebuild
-- Reading speed (SQLite only). Keep in step with
-- store/postgres/migrations/0012_large_columns_last.sql, which changes
-- nothing: PostgreSQL stores large values out of line (TOAST), so neither
-- change below matters there, and the tables and columns stay the same.
--
-- SQLite stores a row's columns in order, spilling what does not fit in
-- the page into a chain of overflow pages that must be walked in order.
--
-- 1. versions: the bodies and transcripts (kilobytes each) move after the
--    small columns. Lists and search results read the title, summary,
--    word count, image and media of many versions: they no longer walk
--    each version's bodies to reach them.
-- 2. search_texts becomes a rowid table. As a WITHOUT ROWID table, each
--    row is a key of the primary key's B-tree; a lookup compares whole
--    rows, and with a body text of several kilobytes SQLite reads the
--    row's overflow pages for each comparison. A rowid table keeps the
--    text out of the key: the lookup goes through the primary key's index.
-- 3. search_postings_episode also holds the weight. Re-indexing a version
--    and patching a server's copy read a version's postings (term and
--    weight) through this index; the term comes with the primary key, but
--    the weight took one primary-key lookup per posting, hundreds per
--    version.
--
-- The first line makes the runner apply this file with foreign keys off,
-- so that dropping the old versions table cascades nothing into
-- version_links (it checks every reference before committing).

CREATE TABLE versions_new (
    episode_id      INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    title           TEXT NOT NULL,
    slug            TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    word_count      INTEGER NOT NULL DEFAULT 0,
    image_url       TEXT NOT NULL DEFAULT '',
    image_alt       TEXT NOT NULL DEFAULT '',
    image_caption   TEXT NOT NULL DEFAULT '',
    media_url       TEXT NOT NULL DEFAULT '',
    media_type      TEXT NOT NULL DEFAULT '',
    media_seconds   INTEGER NOT NULL DEFAULT 0,
    changed_rev     INTEGER NOT NULL DEFAULT 0,
    changed_at      TEXT,
    aligned_rev     INTEGER NOT NULL DEFAULT 0,
    body_md         TEXT NOT NULL DEFAULT '',
    body_html       TEXT NOT NULL DEFAULT '',
    transcript_md   TEXT NOT NULL DEFAULT '',
    transcript_html TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (episode_id, lang),
    UNIQUE (lang, slug)
);
INSERT INTO versions_new (episode_id, lang, title, slug, summary, word_count, image_url, image_alt, image_caption,
        media_url, media_type, media_seconds, changed_rev, changed_at, aligned_rev,
        body_md, body_html, transcript_md, transcript_html)
    SELECT episode_id, lang, title, slug, summary, word_count, image_url, image_alt, image_caption,
        media_url, media_type, media_seconds, changed_rev, changed_at, aligned_rev,
        body_md, body_html, transcript_md, transcript_html
    FROM versions ORDER BY episode_id, lang;
DROP TABLE versions;
ALTER TABLE versions_new RENAME TO versions;

CREATE TABLE search_texts_new (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    body_text  TEXT NOT NULL,
    PRIMARY KEY (episode_id, lang)
);
INSERT INTO search_texts_new (episode_id, lang, body_text)
    SELECT episode_id, lang, body_text FROM search_texts ORDER BY episode_id, lang;
DROP TABLE search_texts;
ALTER TABLE search_texts_new RENAME TO search_texts;

DROP INDEX search_postings_episode;
CREATE INDEX search_postings_episode ON search_postings (episode_id, lang, weight);
