-- Search speed (SQLite). Keep in step with
-- store/postgres/migrations/0009_search_docs_narrow.sql: the schema
-- fingerprint test compares the tables and columns of both.

-- A version's plain text (for snippets) moves out of search_docs into its
-- own table, read only for the page of results shown. search_docs keeps
-- the few narrow columns that every candidate of a search reads (filters,
-- facets), so a search's lookups stay within a few hot pages; WITHOUT
-- ROWID makes each lookup one B-tree descent.
CREATE TABLE search_texts (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    body_text  TEXT NOT NULL,
    PRIMARY KEY (episode_id, lang)
) WITHOUT ROWID;
INSERT INTO search_texts (episode_id, lang, body_text) SELECT episode_id, lang, body_text FROM search_docs;

CREATE TABLE search_docs_narrow (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    kind       TEXT NOT NULL,
    series_id  INTEGER,
    minutes    INTEGER NOT NULL,
    topic_ids  TEXT NOT NULL, -- comma-separated topic ids
    PRIMARY KEY (episode_id, lang)
) WITHOUT ROWID;
INSERT INTO search_docs_narrow (episode_id, lang, kind, series_id, minutes, topic_ids)
    SELECT episode_id, lang, kind, series_id, minutes, topic_ids FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_narrow RENAME TO search_docs;
