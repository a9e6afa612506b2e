-- 0004_durable_runs: what a monitor left running for months needs.
--
-- Runs gain two statuses: interrupted (stopped by a signal after what was
-- fetched was saved) and abandoned (left running by a process that died:
-- kill -9, power loss). Neither is used by reports; both can be resumed.
--
-- crawl_locks names who holds a competitor's crawl lock, so a crawl that finds
-- the competitor busy can say by whom. On PostgreSQL the lock itself is a
-- session advisory lock, freed by the server when the holder's session ends;
-- the row only describes it and expires_at stays NULL.
--
-- run_pages records each page a run finished, in the same transaction as the
-- offers the page produced, so a page is recorded if and only if its offers
-- are stored; links holds the URLs the page led to (a JSON array of strings),
-- from which a resumed crawl rebuilds its frontier without fetching the page
-- again.

ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
	CHECK (status IN ('running', 'succeeded', 'failed', 'suspect', 'interrupted', 'abandoned'));

CREATE TABLE crawl_locks (
	competitor TEXT COLLATE "C" PRIMARY KEY CHECK (competitor <> ''),
	host       TEXT NOT NULL DEFAULT '',
	pid        INTEGER NOT NULL DEFAULT 0,
	started_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ,
	token      TEXT NOT NULL CHECK (token <> '')
);

CREATE TABLE run_pages (
	id     BIGSERIAL PRIMARY KEY,
	run_id BIGINT NOT NULL REFERENCES runs (id),
	url    TEXT COLLATE "C" NOT NULL CHECK (url <> ''),
	kind   TEXT NOT NULL DEFAULT '',
	links  TEXT NOT NULL DEFAULT '[]',
	UNIQUE (run_id, url)
);
