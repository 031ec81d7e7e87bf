-- Search speed (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0009_search_docs_narrow.sql: the schema
-- fingerprint test compares the tables and columns of both.

-- A version's plain text (for snippets) moves out of search_docs into its
-- own table, read only for the page of results shown. search_docs keeps
-- the few narrow columns that every candidate of a search reads (filters,
-- facets): about a hundred rows a page instead of a few, so a search's
-- lookups stay within a few hot pages. The table is rebuilt rather than
-- altered, as DROP COLUMN would leave the old wide rows in place.
CREATE TABLE search_texts (
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    body_text  TEXT NOT NULL,
    PRIMARY KEY (episode_id, lang)
);
INSERT INTO search_texts (episode_id, lang, body_text) SELECT episode_id, lang, body_text FROM search_docs;

CREATE TABLE search_docs_narrow (
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    kind       TEXT NOT NULL,
    series_id  BIGINT,
    minutes    INTEGER NOT NULL,
    topic_ids  TEXT NOT NULL, -- comma-separated topic ids
    PRIMARY KEY (episode_id, lang)
);
INSERT INTO search_docs_narrow (episode_id, lang, kind, series_id, minutes, topic_ids)
    SELECT episode_id, lang, kind, series_id, minutes, topic_ids FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_narrow RENAME TO search_docs;
ALTER TABLE search_docs RENAME CONSTRAINT search_docs_narrow_pkey TO search_docs_pkey;
