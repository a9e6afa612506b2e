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
-- bytes, ':' and the field (store/versions.go computes the same in Go). Two
-- different contents of one listing sharing it would violate the UNIQUE key,
-- so a collision fails loudly instead of merging versions.
--
-- observations is partitioned by the month its run started (run_month, UTC),
-- so retention detaches or drops whole months. The store creates a month's
-- partition when a run starts in it and, when it opens a database, for the
-- current month and the next ones; this migration creates those the existing
-- runs need. The primary key leads with the run, since a run's rows arrive
-- together and are read together (RunOffers); observations_listing serves a
-- listing's history and the run before.
--
-- observations references runs but not listings or listing_versions: a
-- foreign key check locks the referenced row (FOR KEY SHARE) once per
-- inserted observation, which made writing a batch twice as slow, while the
-- store takes both ids from the rows it joins in the same statement and
-- never deletes listings or versions. SQLite, whose checks cost little,
-- keeps all three.

-- Every crawl updates each listing it sees (last_seen_run); room left in each
-- page lets PostgreSQL update in place (HOT) without touching the indexes.
ALTER TABLE listings SET (fillfactor = 70);

CREATE FUNCTION pg_temp.version_hash(url TEXT, title TEXT, brand TEXT, category TEXT, source_category TEXT,
	sku TEXT, gtin TEXT, mpn TEXT, image TEXT, source TEXT) RETURNS BIGINT
LANGUAGE SQL IMMUTABLE AS $$
	SELECT ('x' || substr(md5(
		octet_length(url) || ':' || url ||
		octet_length(title) || ':' || title ||
		octet_length(brand) || ':' || brand ||
		octet_length(category) || ':' || category ||
		octet_length(source_category) || ':' || source_category ||
		octet_length(sku) || ':' || sku ||
		octet_length(gtin) || ':' || gtin ||
		octet_length(mpn) || ':' || mpn ||
		octet_length(image) || ':' || image ||
		octet_length(source) || ':' || source), 1, 16))::bit(64)::bigint
$$;

CREATE TABLE listing_versions (
	id              BIGSERIAL PRIMARY KEY,
	listing_id      BIGINT NOT NULL REFERENCES listings (id),
	run_id          BIGINT NOT NULL REFERENCES runs (id),
	hash            BIGINT NOT NULL,
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
	pg_temp.version_hash(url, title, brand, category, source_category, sku, gtin, mpn, image, source),
	url, title, brand, category, source_category, sku, gtin, mpn, image, source
FROM observations
GROUP BY listing_id, url, title, brand, category, source_category, sku, gtin, mpn, image, source
ORDER BY listing_id, MIN(run_id);

ALTER TABLE observations RENAME TO observations_0004;
ALTER INDEX observations_run RENAME TO observations_0004_run;
ALTER TABLE observations_0004 RENAME CONSTRAINT observations_pkey TO observations_0004_pkey;

CREATE TABLE observations (
	run_id       BIGINT NOT NULL REFERENCES runs (id),
	listing_id   BIGINT NOT NULL,
	run_month    DATE NOT NULL,
	version_id   BIGINT NOT NULL,
	price        BIGINT,
	list_price   BIGINT,
	min_price    BIGINT,
	max_price    BIGINT,
	currency     TEXT NOT NULL DEFAULT '',
	availability TEXT NOT NULL DEFAULT ''
		CHECK (availability IN ('', 'unknown', 'in_stock', 'out_of_stock', 'preorder', 'discontinued')),
	sales        BIGINT,
	reviews      BIGINT,
	observed_at  TIMESTAMPTZ,
	PRIMARY KEY (run_id, listing_id, run_month)
) PARTITION BY RANGE (run_month);
CREATE INDEX observations_listing ON observations (listing_id, run_id);

DO $$
DECLARE m DATE;
BEGIN
	FOR m IN SELECT DISTINCT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM runs LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF observations FOR VALUES FROM (%L) TO (%L)',
			'observations_' || to_char(m, 'YYYY_MM'), m, (m + interval '1 month')::date);
	END LOOP;
END
$$;

INSERT INTO observations (run_id, listing_id, run_month, version_id, price, list_price, min_price, max_price,
	currency, availability, sales, reviews, observed_at)
SELECT o.run_id, o.listing_id, date_trunc('month', r.started_at AT TIME ZONE 'UTC')::date, v.id,
	o.price, o.list_price, o.min_price, o.max_price, o.currency, o.availability, o.sales, o.reviews, o.observed_at
FROM observations_0004 o
JOIN runs r ON r.id = o.run_id
JOIN listing_versions v ON v.listing_id = o.listing_id AND v.hash = pg_temp.version_hash(o.url, o.title, o.brand,
	o.category, o.source_category, o.sku, o.gtin, o.mpn, o.image, o.source)
ORDER BY o.run_id, o.listing_id;

DROP TABLE observations_0004;
DROP FUNCTION pg_temp.version_hash;
