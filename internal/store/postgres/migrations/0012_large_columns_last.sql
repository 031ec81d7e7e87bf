-- Reading speed. Keep in step with
-- store/sqlite/migrations/0012_large_columns_last.sql, which moves the
-- bodies of versions after its small columns and makes search_texts a
-- rowid table. PostgreSQL needs neither: it stores large values out of
-- line (TOAST), so a row's small columns are read without the bodies, and
-- its tables are heaps reached through their primary key's index. This
-- migration changes nothing; it keeps both dialects' versions in step.
SELECT 1;
