-- 0007_last_seen_from_observations: a crawl writes only what changed.
--
-- Until now every crawl rewrote each listing it saw, to move last_seen_run
-- to that run: one row update per offer, on top of the observation. When a
-- listing was last seen is in its observations already
-- (observations_listing gives a listing's newest one from an index), so the
-- column goes; the store writes a listing only when it is new, its content
-- changes or an older run is saved, and an unchanged listing's observation
-- is the only row written.
--
-- SQLite cannot drop a column that has a foreign key, so the table is
-- rebuilt (foreign keys are off while a migration runs, and checked before
-- it commits); the other tables' references to listings name the table,
-- not its storage, and hold across the rename.
CREATE TABLE listings_0007 (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	competitor      TEXT NOT NULL REFERENCES competitors (name),
	key             TEXT NOT NULL CHECK (key <> ''),
	url             TEXT NOT NULL DEFAULT '',
	title           TEXT NOT NULL DEFAULT '',
	brand           TEXT NOT NULL DEFAULT '',
	category        TEXT NOT NULL DEFAULT '',
	sku             TEXT NOT NULL DEFAULT '',
	gtin            TEXT NOT NULL DEFAULT '',
	mpn             TEXT NOT NULL DEFAULT '',
	image           TEXT NOT NULL DEFAULT '',
	first_seen_run  INTEGER NOT NULL REFERENCES runs (id),
	source_category TEXT NOT NULL DEFAULT '',
	UNIQUE (competitor, key)
);

INSERT INTO listings_0007 (id, competitor, key, url, title, brand, category, sku, gtin, mpn, image,
	first_seen_run, source_category)
SELECT id, competitor, key, url, title, brand, category, sku, gtin, mpn, image, first_seen_run, source_category
FROM listings ORDER BY id;

DROP TABLE listings;
ALTER TABLE listings_0007 RENAME TO listings;
