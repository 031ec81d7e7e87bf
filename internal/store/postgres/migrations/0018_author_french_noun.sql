-- How the French site speaks of an author (PostgreSQL). Keep in step with
-- store/sqlite/migrations/0018_author_french_noun.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- fr_noun is the author's choice of French noun where pages say « À propos
-- de l'auteur » (content.FrenchNoun): '' for « l'auteur » (the default, the
-- wording every author had before), 'auteure', 'autrice', or 'neutre' for
-- « la personne autrice ». Existing authors keep the default.
ALTER TABLE authors ADD COLUMN fr_noun TEXT NOT NULL DEFAULT ''
    CHECK (fr_noun IN ('', 'auteure', 'autrice', 'neutre'));
