-- Caption files of a version's recording (SQLite). Keep in step with
-- store/postgres/migrations/0013_captions.sql: the schema fingerprint test
-- compares the tables and columns of both.
--
-- A Watch version names the WebVTT caption file of its recording in each
-- official language: captions_en_url and captions_fr_url hold a /media/
-- path or an https URL, or '' for none (content.Version.Captions).
--
-- The columns are added at the end of the row, after the bodies that
-- 0012_large_columns_last.sql moved there. Only the full load of an
-- episode (sqldb/load.go) reads them, and it reads the bodies anyway;
-- lists and search results never name them, so they do not walk the
-- bodies' overflow pages to reach them.
ALTER TABLE versions ADD COLUMN captions_en_url TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN captions_fr_url TEXT NOT NULL DEFAULT '';
