-- Placeholder for migration 0006, which another branch adds: migrations are
-- numbered contiguously and this branch's search migration is 0008.
-- DELETE THIS FILE when merging (the real 0006 takes its place).
SELECT 1;
