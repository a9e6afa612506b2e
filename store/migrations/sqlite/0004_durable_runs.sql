-- 0004_durable_runs: what a monitor left running for months needs.
--
-- Runs gain two statuses: interrupted (stopped by a signal after what was
-- fetched was saved) and abandoned (left running by a process that died:
-- kill -9, power loss). Neither is used by reports; both can be resumed.
-- SQLite cannot alter a CHECK, so runs is rebuilt the way its documentation
-- prescribes (new table, copy, drop, rename); the migration runner turns
-- foreign keys off around it and runs foreign_key_check before committing.
-- AUTOINCREMENT's high-water mark is carried over so the id of a deleted run
-- is never handed out again.
--
-- crawl_locks is the crawl lock itself on SQLite: a lease row per competitor,
-- taken when absent or expired and renewed by its holder, so a holder that
-- died lets go when expires_at passes.
--
-- run_pages records each page a run finished, in the same transaction as the
-- offers the page produced, so a page is recorded if and only if its offers
-- are stored; links holds the URLs the page led to (a JSON array of strings),
-- from which a resumed crawl rebuilds its frontier without fetching the page
-- again.

CREATE TABLE runs_0004 (
	id                      INTEGER PRIMARY KEY AUTOINCREMENT,
	competitor              TEXT NOT NULL REFERENCES competitors (name),
	started_at              DATETIME NOT NULL,
	finished_at             DATETIME,
	status                  TEXT NOT NULL
		CHECK (status IN ('running', 'succeeded', 'failed', 'suspect', 'interrupted', 'abandoned')),
	pages                   INTEGER NOT NULL DEFAULT 0,
	items                   INTEGER NOT NULL DEFAULT 0,
	errors                  INTEGER NOT NULL DEFAULT 0,
	reason                  TEXT NOT NULL DEFAULT '',
	items_with_price        INTEGER NOT NULL DEFAULT 0,
	items_with_title        INTEGER NOT NULL DEFAULT 0,
	items_with_availability INTEGER NOT NULL DEFAULT 0
);
INSERT INTO runs_0004 (id, competitor, started_at, finished_at, status, pages, items, errors, reason,
	items_with_price, items_with_title, items_with_availability)
SELECT id, competitor, started_at, finished_at, status, pages, items, errors, reason,
	items_with_price, items_with_title, items_with_availability
FROM runs;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'runs')
	WHERE name = 'runs_0004' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'runs');
INSERT INTO sqlite_sequence (name, seq)
	SELECT 'runs_0004', seq FROM sqlite_sequence WHERE name = 'runs'
	AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'runs_0004');
DROP TABLE runs;
ALTER TABLE runs_0004 RENAME TO runs;
CREATE INDEX runs_competitor_started ON runs (competitor, started_at);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE crawl_locks (
	competitor TEXT PRIMARY KEY CHECK (competitor <> ''),
	host       TEXT NOT NULL DEFAULT '',
	pid        INTEGER NOT NULL DEFAULT 0,
	started_at DATETIME NOT NULL,
	expires_at DATETIME,
	token      TEXT NOT NULL CHECK (token <> '')
);

CREATE TABLE run_pages (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	run_id INTEGER NOT NULL REFERENCES runs (id),
	url    TEXT NOT NULL CHECK (url <> ''),
	kind   TEXT NOT NULL DEFAULT '',
	links  TEXT NOT NULL DEFAULT '[]',
	UNIQUE (run_id, url)
);
