-- Caption files of a version's recording (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0013_captions.sql: the schema fingerprint test
-- compares the tables and columns of both.
--
-- A Watch version names the WebVTT caption file of its recording in each
-- official language: captions_en_url and captions_fr_url hold a /media/
-- path or an https URL, or '' for none (content.Version.Captions).
ALTER TABLE versions ADD COLUMN captions_en_url TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN captions_fr_url TEXT NOT NULL DEFAULT '';
