-- Reserved. Migration numbers 15 and 16 belong to changes made alongside
-- the related episodes (0017); this file only holds the place so that the
-- migrations stay numbered 1…n, and is replaced by theirs when they meet.
SELECT 1;
