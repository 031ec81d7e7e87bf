-- The editorial glossary (SQLite). Keep in step with
-- store/postgres/migrations/0010_glossary.sql: the schema fingerprint test
-- compares the tables and columns of both.

-- One term in both official languages and its plain-text definitions.
-- key_en and key_fr are the terms as content.GlossaryKey compares them
-- (lower case, single spaces), so that two entries cannot share a term.
CREATE TABLE glossary_terms (
    id            INTEGER PRIMARY KEY,
    term_en       TEXT NOT NULL,
    term_fr       TEXT NOT NULL,
    key_en        TEXT NOT NULL UNIQUE,
    key_fr        TEXT NOT NULL UNIQUE,
    definition_en TEXT NOT NULL DEFAULT '',
    definition_fr TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
