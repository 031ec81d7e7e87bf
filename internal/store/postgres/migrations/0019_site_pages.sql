-- Site pages (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0019_site_pages.sql: the schema fingerprint
-- test compares the tables and columns of both.
--
-- The site's own pages (About, Contact, Terms and conditions), written in
-- the back office in both official languages (content.SitePage). A page
-- is known by its key, which never changes; the public site finds it by
-- the slug of each language (/en/about, /fr/a-propos).

-- One row per page: its status (a draft is on no public page), the number
-- of its latest revision (a save from an older one is a conflict), its
-- first publication and its last substantive change ("Date modified").
CREATE TABLE site_pages (
    key          TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision     INTEGER NOT NULL,
    published_at TIMESTAMPTZ,
    modified_at  TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Each language of a page: title, slug (unique in its language among site
-- pages), Markdown and the HTML rendered and sanitised at save time, and
-- the translation parity marks as episodes' versions have them.
CREATE TABLE site_page_versions (
    page_key    TEXT NOT NULL REFERENCES site_pages (key) ON DELETE CASCADE,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    title       TEXT NOT NULL,
    slug        TEXT NOT NULL,
    changed_rev INTEGER NOT NULL DEFAULT 0,
    changed_at  TIMESTAMPTZ,
    aligned_rev INTEGER NOT NULL DEFAULT 0,
    body_md     TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    PRIMARY KEY (page_key, lang),
    UNIQUE (lang, slug)
);

-- Every save of a page, as episodes' revisions: who, when, whether minor,
-- the languages whose text changed, a note ("restore:N") and a JSON
-- snapshot (content.SitePageSnapshot).
CREATE TABLE site_page_revisions (
    page_key   TEXT NOT NULL REFERENCES site_pages (key) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    minor      INTEGER NOT NULL DEFAULT 0,
    langs      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (page_key, number)
);
