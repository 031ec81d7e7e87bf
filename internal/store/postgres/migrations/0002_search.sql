-- Search index (PostgreSQL). The same tables as in SQLite: terms are made
-- by internal/search in Go, so both databases hold and rank the same data.

-- One row per episode version: what search filters on (copied from the
-- episode and version at index time, so that matching never reads the wide
-- versions rows) and its plain text, for snippets. body_text comes last:
-- in SQLite, columns after a long text live on overflow pages.
CREATE TABLE search_docs (
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    kind       TEXT NOT NULL,
    series_id  BIGINT,
    minutes    INTEGER NOT NULL,
    topic_ids  TEXT NOT NULL, -- comma-separated topic ids
    body_text  TEXT NOT NULL,
    PRIMARY KEY (episode_id, lang)
);

-- The inverted index: a term's weight in a version is its best field
-- (title > summary > topic and author names > body and transcript) plus a
-- small bonus for repetition.
CREATE TABLE search_postings (
    lang       TEXT NOT NULL,
    term       TEXT NOT NULL,
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    weight     INTEGER NOT NULL,
    -- INCLUDE (weight): matching reads the index alone (index-only scans,
    -- once VACUUM has set the visibility map), as SQLite's WITHOUT ROWID
    -- table does; no second index on (lang, term) to maintain.
    PRIMARY KEY (lang, term, episode_id) INCLUDE (weight)
);
CREATE INDEX search_postings_episode ON search_postings (episode_id, lang);

-- Every indexed word (folded, before stemming), for "Did you mean".
CREATE TABLE search_words (
    lang TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (lang, word)
);
