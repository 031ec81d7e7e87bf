-- Editor-managed redirects and author photos (SQLite). Keep in step with
-- store/postgres/migrations/0008_taxonomy_redirects.sql: the schema
-- fingerprint test compares the tables and columns of both.

-- Old path → new internal URL, answered with 301 by the public site when
-- nothing else lives at the path. Paths are stored normalised (lowercase
-- ASCII, one leading slash, no trailing slash; sqldb.NormalizePath). origin
-- is 'editor' (typed or imported in the back office) or 'slug' (added when
-- a topic, series or author page moved).
CREATE TABLE path_redirects (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL UNIQUE,
    target     TEXT NOT NULL,
    origin     TEXT NOT NULL DEFAULT 'editor' CHECK (origin IN ('editor', 'slug')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX path_redirects_target ON path_redirects (target);

-- An author's photo: an https URL or a path under /media/; '' for none.
ALTER TABLE authors ADD COLUMN photo_url TEXT NOT NULL DEFAULT '';
