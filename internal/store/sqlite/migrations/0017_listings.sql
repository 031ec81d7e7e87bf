-- Public listings (SQLite). Keep in step with
-- store/postgres/migrations/0017_listings.sql: the schema fingerprint test
-- compares the tables and columns of both.
--
-- The home, topic, author and series pages, feeds, sitemaps and the
-- planner list live episodes newest first (a series in its order), a page
-- at a time, with the number of matches. Read from the episodes, each page
-- counted and sorted every match; these two tables, derived from the
-- episodes and kept up to date in the transaction of every write that
-- changes them (sqldb/listings.go), make a page cost the same whatever
-- the size of the library.
--
-- listing_entries: one row per published episode, language it is shown in
-- (it has that version, and no Official Languages exception keeps it out)
-- and list it appears in: scope 'all' (scope_id 0), 'topic', 'author' or
-- 'series' (the topic's, author's or series' id). Its primary key reads
-- each list newest first and stops after a page; the partial index reads
-- a series in its order (series_position, 0 elsewhere). The publication
-- time may be ahead of now: a list is read up to the time of the request.
CREATE TABLE listing_entries (
    lang            TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    scope           TEXT NOT NULL CHECK (scope IN ('all', 'topic', 'author', 'series')),
    scope_id        INTEGER NOT NULL,
    published_at    TEXT NOT NULL,
    episode_id      INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    series_position INTEGER NOT NULL,
    PRIMARY KEY (lang, scope, scope_id, published_at, episode_id)
) WITHOUT ROWID;
CREATE INDEX listing_entries_episode ON listing_entries (episode_id);
CREATE INDEX listing_entries_series ON listing_entries (scope_id, lang, series_position, episode_id) WHERE scope = 'series';

-- listing_counts: how many entries each list has of each kind and length
-- in minutes (rows at zero are removed). A total is the sum of a few rows,
-- less the list's entries dated after now.
CREATE TABLE listing_counts (
    lang     TEXT NOT NULL,
    scope    TEXT NOT NULL,
    scope_id INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    minutes  INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (lang, scope, scope_id, kind, minutes)
) WITHOUT ROWID;

-- Filled from the episodes as sqldb/listings.go derives them (currentEntries;
-- minutes as content.ReadingMinutes and content.MediaMinutes count them:
-- 238 words a minute in English, 195 in French, rounded up; a recording
-- to the nearest minute, at least 1).
INSERT INTO listing_entries (lang, scope, scope_id, published_at, episode_id, kind, minutes, series_position)
SELECT v.lang, l.scope, l.scope_id, e.published_at, e.id, e.kind,
       CASE WHEN e.kind = 'read' THEN
                CASE WHEN v.word_count <= 0 THEN 0
                     WHEN v.lang = 'fr' THEN (v.word_count + 194) / 195
                     ELSE (v.word_count + 237) / 238 END
            WHEN v.media_seconds <= 0 THEN 0
            WHEN v.media_seconds < 30 THEN 1
            ELSE (v.media_seconds + 30) / 60 END,
       CASE WHEN l.scope = 'series' THEN COALESCE(e.series_position, 0) ELSE 0 END
FROM episodes e
JOIN versions v ON v.episode_id = e.id
JOIN (SELECT id AS episode_id, 'all' AS scope, 0 AS scope_id FROM episodes
      UNION ALL SELECT episode_id, 'topic', topic_id FROM episode_topics
      UNION ALL SELECT episode_id, 'author', author_id FROM episode_authors
      UNION ALL SELECT id, 'series', series_id FROM episodes WHERE series_id IS NOT NULL) l ON l.episode_id = e.id
WHERE e.status = 'published' AND e.published_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> v.lang);

INSERT INTO listing_counts (lang, scope, scope_id, kind, minutes, n)
SELECT lang, scope, scope_id, kind, minutes, COUNT(*)
FROM listing_entries
GROUP BY lang, scope, scope_id, kind, minutes;
