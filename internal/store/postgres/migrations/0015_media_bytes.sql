-- The declared size of a version's recording (PostgreSQL). Keep in step
-- with store/sqlite/migrations/0015_media_bytes.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- media_bytes is the size in bytes of a Listen or Watch version's
-- recording as its editor declared it, 0 when not given
-- (content.Version.MediaBytes). Feeds give it as the length of an
-- external (https) file, which the site cannot measure; a file of the
-- media folder is measured instead. BIGINT: recordings may exceed 2 GiB.
ALTER TABLE versions ADD COLUMN media_bytes BIGINT NOT NULL DEFAULT 0;
