-- How the French site speaks of an author (SQLite). Keep in step with
-- store/postgres/migrations/0018_author_french_noun.sql: the schema
-- fingerprint test compares the tables and columns of both.
--
-- fr_noun is the author's choice of French noun where pages say « À propos
-- de l'auteur » (content.FrenchNoun): '' for « l'auteur » (the default, the
-- wording every author had before), 'auteure', 'autrice', or 'neutre' for
-- « la personne autrice ». Existing authors keep the default.
--
-- The CHECK repeats the domain's list; SQLite cannot change a CHECK in
-- place, so a further choice would come with a rebuild of authors
-- (-- migrate: rebuild).
ALTER TABLE authors ADD COLUMN fr_noun TEXT NOT NULL DEFAULT ''
    CHECK (fr_noun IN ('', 'auteure', 'autrice', 'neutre'));
