-- Placeholder for migration 0005, taken by another branch (drop at merge).
SELECT 1;
