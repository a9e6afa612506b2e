-- 0002_catalog_mpn: our catalog items carry the manufacturer's part number,
-- so the matcher need not guess it from our titles. Existing rows get ''
-- (unknown), as for every other optional text column.

ALTER TABLE catalog ADD COLUMN mpn TEXT NOT NULL DEFAULT '';
