-- 0001_init: the first shelfwatch schema for PostgreSQL.
-- Times are TIMESTAMPTZ (microseconds; the store writes UTC). Money columns are
-- BIGINT hundredths (pricing.Amount). Identity columns use COLLATE "C" so that
-- ORDER BY sorts bytewise, exactly as SQLite's BINARY collation does, whatever
-- the database's locale.

CREATE TABLE competitors (
	name       TEXT COLLATE "C" PRIMARY KEY CHECK (name <> '')
);

CREATE TABLE runs (
	id                      BIGSERIAL PRIMARY KEY,
	competitor              TEXT COLLATE "C" NOT NULL REFERENCES competitors (name),
	started_at              TIMESTAMPTZ NOT NULL,
	finished_at             TIMESTAMPTZ,
	status                  TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'suspect')),
	pages                   INTEGER NOT NULL DEFAULT 0,
	items                   INTEGER NOT NULL DEFAULT 0,
	errors                  INTEGER NOT NULL DEFAULT 0,
	reason                  TEXT NOT NULL DEFAULT '',
	items_with_price        INTEGER NOT NULL DEFAULT 0,
	items_with_title        INTEGER NOT NULL DEFAULT 0,
	items_with_availability INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_competitor_started ON runs (competitor, started_at);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE listings (
	id             BIGSERIAL PRIMARY KEY,
	competitor     TEXT COLLATE "C" NOT NULL REFERENCES competitors (name),
	key            TEXT COLLATE "C" NOT NULL CHECK (key <> ''),
	url            TEXT NOT NULL DEFAULT '',
	title          TEXT NOT NULL DEFAULT '',
	brand          TEXT NOT NULL DEFAULT '',
	category       TEXT NOT NULL DEFAULT '',
	sku            TEXT NOT NULL DEFAULT '',
	gtin           TEXT NOT NULL DEFAULT '',
	mpn            TEXT NOT NULL DEFAULT '',
	image          TEXT NOT NULL DEFAULT '',
	first_seen_run BIGINT NOT NULL REFERENCES runs (id),
	last_seen_run  BIGINT NOT NULL REFERENCES runs (id),
	UNIQUE (competitor, key)
);

-- observations keeps the listing's descriptive fields as seen in that run too,
-- so RunOffers reconstructs an old run exactly even after a title or category
-- changed; listings holds only the latest.
CREATE TABLE observations (
	listing_id   BIGINT NOT NULL REFERENCES listings (id),
	run_id       BIGINT NOT NULL REFERENCES runs (id),
	url          TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	brand        TEXT NOT NULL DEFAULT '',
	category     TEXT NOT NULL DEFAULT '',
	sku          TEXT NOT NULL DEFAULT '',
	gtin         TEXT NOT NULL DEFAULT '',
	mpn          TEXT NOT NULL DEFAULT '',
	image        TEXT NOT NULL DEFAULT '',
	price        BIGINT,
	list_price   BIGINT,
	min_price    BIGINT,
	max_price    BIGINT,
	currency     TEXT NOT NULL DEFAULT '',
	availability TEXT NOT NULL DEFAULT ''
		CHECK (availability IN ('', 'unknown', 'in_stock', 'out_of_stock', 'preorder', 'discontinued')),
	sales        BIGINT,
	reviews      BIGINT,
	source       TEXT NOT NULL DEFAULT 'null',
	observed_at  TIMESTAMPTZ,
	PRIMARY KEY (listing_id, run_id)
);
CREATE INDEX observations_run ON observations (run_id);

CREATE TABLE catalog (
	sku         TEXT COLLATE "C" PRIMARY KEY CHECK (sku <> ''),
	title       TEXT NOT NULL DEFAULT '',
	brand       TEXT NOT NULL DEFAULT '',
	category    TEXT NOT NULL DEFAULT '',
	price       BIGINT NOT NULL,
	currency    TEXT NOT NULL DEFAULT '',
	gtin        TEXT NOT NULL DEFAULT '',
	target_tier TEXT NOT NULL DEFAULT '' CHECK (target_tier IN ('', 'low', 'mid', 'high'))
);

-- matches has no foreign keys: a match is derived data and may name a listing
-- or SKU that a later import removes; the report decides what to show.
CREATE TABLE matches (
	catalog_sku TEXT COLLATE "C" NOT NULL,
	competitor  TEXT COLLATE "C" NOT NULL,
	listing_key TEXT COLLATE "C" NOT NULL,
	method      TEXT NOT NULL DEFAULT '',
	score       DOUBLE PRECISION NOT NULL DEFAULT 0,
	decision    TEXT NOT NULL CHECK (decision IN ('auto', 'candidate', 'confirmed', 'rejected')),
	updated_at  TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (catalog_sku, competitor, listing_key)
);
