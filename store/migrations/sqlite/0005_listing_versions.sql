-- 0005_listing_versions: a schema for years of history.
--
-- Until 0004 every observation repeated the listing's descriptive fields (URL,
-- title, brand, category, source category, SKU, GTIN, MPN, image) and the
-- JSON map of where each field came from, although they change rarely: a year
-- of daily crawls of 200,000 listings was 73 M wide rows. Now those fields
-- live in listing_versions, one row per distinct content a listing has shown,
-- with the run in which it first took effect; an observation is a narrow row
-- (listing, run, version, prices, currency, availability, counts, time) that
-- names the version it saw, so RunOffers still gives every run's offers
-- exactly as they were seen, titles of that day included.
--
-- hash identifies a version's content within its listing: the first 64 bits
-- of the MD5 of the fields in the order above, each written as its length in
-- bytes, ':' and the field. shelfwatch_version_hash is that function in Go
-- (store/versions.go), registered with the driver by the store. Two different
-- contents of one listing sharing a hash would violate the UNIQUE key, so a
-- collision fails loudly instead of merging versions.
--
-- observations is a WITHOUT ROWID table keyed by (run, listing): a run's rows
-- arrive together and are read together (RunOffers), so they sit together in
-- the b-tree; observations_listing serves a listing's history and the run
-- before. SQLite has no partitioning; retention deletes by run.

CREATE TABLE listing_versions (
	id              INTEGER PRIMARY KEY,
	listing_id      INTEGER NOT NULL REFERENCES listings (id),
	run_id          INTEGER NOT NULL REFERENCES runs (id),
	hash            INTEGER NOT NULL,
	url             TEXT NOT NULL DEFAULT '',
	title           TEXT NOT NULL DEFAULT '',
	brand           TEXT NOT NULL DEFAULT '',
	category        TEXT NOT NULL DEFAULT '',
	source_category TEXT NOT NULL DEFAULT '',
	sku             TEXT NOT NULL DEFAULT '',
	gtin            TEXT NOT NULL DEFAULT '',
	mpn             TEXT NOT NULL DEFAULT '',
	image           TEXT NOT NULL DEFAULT '',
	source          TEXT NOT NULL DEFAULT 'null',
	UNIQUE (listing_id, hash)
);

INSERT INTO listing_versions (listing_id, run_id, hash, url, title, brand, category, source_category,
	sku, gtin, mpn, image, source)
SELECT listing_id, MIN(run_id),
	shelfwatch_version_hash(url, title, brand, category, source_category, sku, gtin, mpn, image, source),
	url, title, brand, category, source_category, sku, gtin, mpn, image, source
FROM observations
GROUP BY listing_id, url, title, brand, category, source_category, sku, gtin, mpn, image, source
ORDER BY listing_id, MIN(run_id);

CREATE TABLE observations_0005 (
	run_id       INTEGER NOT NULL REFERENCES runs (id),
	listing_id   INTEGER NOT NULL REFERENCES listings (id),
	version_id   INTEGER NOT NULL REFERENCES listing_versions (id),
	price        BIGINT,
	list_price   BIGINT,
	min_price    BIGINT,
	max_price    BIGINT,
	currency     TEXT NOT NULL DEFAULT '',
	availability TEXT NOT NULL DEFAULT ''
		CHECK (availability IN ('', 'unknown', 'in_stock', 'out_of_stock', 'preorder', 'discontinued')),
	sales        BIGINT,
	reviews      BIGINT,
	observed_at  DATETIME,
	PRIMARY KEY (run_id, listing_id)
) WITHOUT ROWID;

INSERT INTO observations_0005 (run_id, listing_id, version_id, price, list_price, min_price, max_price,
	currency, availability, sales, reviews, observed_at)
SELECT o.run_id, o.listing_id, v.id,
	o.price, o.list_price, o.min_price, o.max_price, o.currency, o.availability, o.sales, o.reviews, o.observed_at
FROM observations o
JOIN listing_versions v ON v.listing_id = o.listing_id AND v.hash = shelfwatch_version_hash(o.url, o.title, o.brand,
	o.category, o.source_category, o.sku, o.gtin, o.mpn, o.image, o.source)
ORDER BY o.run_id, o.listing_id;

DROP TABLE observations;
ALTER TABLE observations_0005 RENAME TO observations;
CREATE INDEX observations_listing ON observations (listing_id, run_id);
