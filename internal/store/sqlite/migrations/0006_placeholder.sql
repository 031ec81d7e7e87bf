-- Placeholder so that migration 0007 can be tested on this branch; dropped at merge.
SELECT 1;
