-- Busrides schema, version 1 (SQLite). Keep in step with
-- store/postgres/migrations/0001_init.sql: the schema fingerprint test
-- compares the tables and columns of both.
-- Times are UTC RFC 3339 text with microseconds, fixed width, so they sort.

CREATE TABLE topics (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    name_en        TEXT NOT NULL,
    name_fr        TEXT NOT NULL,
    slug_en        TEXT NOT NULL UNIQUE,
    slug_fr        TEXT NOT NULL UNIQUE,
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT ''
);

CREATE TABLE authors (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    slug_en TEXT NOT NULL UNIQUE,
    slug_fr TEXT NOT NULL UNIQUE,
    role_en TEXT NOT NULL DEFAULT '',
    role_fr TEXT NOT NULL DEFAULT '',
    bio_en  TEXT NOT NULL DEFAULT '',
    bio_fr  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE series (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    title_en      TEXT NOT NULL,
    title_fr      TEXT NOT NULL,
    slug_en       TEXT NOT NULL UNIQUE,
    slug_fr       TEXT NOT NULL UNIQUE,
    intro_en      TEXT NOT NULL DEFAULT '',
    intro_fr      TEXT NOT NULL DEFAULT '',
    intro_html_en TEXT NOT NULL DEFAULT '',
    intro_html_fr TEXT NOT NULL DEFAULT ''
);

CREATE TABLE episodes (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('read', 'listen', 'watch')),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at    TEXT,
    modified_at     TEXT NOT NULL,
    series_id       INTEGER REFERENCES series (id) ON DELETE SET NULL,
    series_position INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX episodes_live ON episodes (status, published_at);
CREATE INDEX episodes_series ON episodes (series_id, series_position);

CREATE TABLE versions (
    episode_id      INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    title           TEXT NOT NULL,
    slug            TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    body_md         TEXT NOT NULL DEFAULT '',
    body_html       TEXT NOT NULL DEFAULT '',
    word_count      INTEGER NOT NULL DEFAULT 0,
    image_url       TEXT NOT NULL DEFAULT '',
    image_alt       TEXT NOT NULL DEFAULT '',
    image_caption   TEXT NOT NULL DEFAULT '',
    transcript_md   TEXT NOT NULL DEFAULT '',
    transcript_html TEXT NOT NULL DEFAULT '',
    media_url       TEXT NOT NULL DEFAULT '',
    media_type      TEXT NOT NULL DEFAULT '',
    media_seconds   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (episode_id, lang),
    UNIQUE (lang, slug)
);

CREATE TABLE version_links (
    episode_id INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (episode_id, lang, position),
    FOREIGN KEY (episode_id, lang) REFERENCES versions (episode_id, lang) ON DELETE CASCADE
);

CREATE TABLE episode_topics (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (episode_id, topic_id)
);
CREATE INDEX episode_topics_topic ON episode_topics (topic_id);

CREATE TABLE episode_authors (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (episode_id, author_id)
);
CREATE INDEX episode_authors_author ON episode_authors (author_id);

CREATE TABLE redirects (
    path       TEXT PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr'))
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE feedback (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
    path       TEXT NOT NULL,
    episode_id INTEGER REFERENCES episodes (id) ON DELETE SET NULL,
    answer     TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    comment    TEXT NOT NULL DEFAULT '',
    redacted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feedback_episode ON feedback (episode_id, created_at);

CREATE TABLE content_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO content_state (id, generation) VALUES (1, 1);
