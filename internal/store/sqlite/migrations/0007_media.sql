-- Media library (SQLite). Keep in step with
-- store/postgres/migrations/0007_media.sql: the schema fingerprint test
-- compares the tables and columns of both.

-- Files of the media library. path is the server's name for the file in
-- the media folder (content-addressed: see media.StoredName); label is the
-- uploaded name, cleaned, shown to staff only. sha256 (of the stored
-- bytes) makes an upload of the same bytes find the existing row.
-- version moves with every change, so a stale save is a conflict.
CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('image', 'audio', 'captions')),
    mime        TEXT NOT NULL,
    bytes       INTEGER NOT NULL CHECK (bytes >= 0),
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    label       TEXT NOT NULL DEFAULT '',
    alt_en      TEXT NOT NULL DEFAULT '',
    alt_fr      TEXT NOT NULL DEFAULT '',
    sha256      TEXT NOT NULL UNIQUE,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);
CREATE INDEX media_created ON media (created_at);
CREATE INDEX media_kind_created ON media (kind, created_at);
