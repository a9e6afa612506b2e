-- 0008_baselines_retention: data the team can trust week after week.
--
-- Runs gain two statuses. discarded: a person excluded the run from every
-- analysis (crawler runs discard); its rows stay for audit. pruned: retention
-- (crawler prune) deleted the run's observations; the run row stays so
-- first_seen_run and listing_versions.run_id keep naming a run, and so the
-- history of what ran is kept. Neither is used by reports: they read
-- succeeded runs only. Accepting a suspect run as the competitor's new
-- baseline (crawler runs accept) makes it succeeded, so the breakage alarm,
-- which compares a run with the latest succeeded one, and the reports use it.
-- SQLite cannot alter a CHECK, so runs is rebuilt as in 0004.
--
-- run_decisions records who accepted or discarded which run, when, and what
-- the run was before (status and reason), so a decision can be audited.
--
-- catalog.retired_at is set for our SKUs a catalog import --replace found
-- missing from the file: kept for history, left out of positioning and
-- gaps. NULL is a current item.
--
-- Listings keyed by their position on a page (url:…#2) are re-keyed by the
-- store's Go step for this migration (store/rekey.go), in the same
-- transaction.

CREATE TABLE runs_0008 (
	id                      INTEGER PRIMARY KEY AUTOINCREMENT,
	competitor              TEXT NOT NULL REFERENCES competitors (name),
	started_at              DATETIME NOT NULL,
	finished_at             DATETIME,
	status                  TEXT NOT NULL
		CHECK (status IN ('running', 'succeeded', 'failed', 'suspect', 'interrupted', 'abandoned', 'discarded', 'pruned')),
	pages                   INTEGER NOT NULL DEFAULT 0,
	items                   INTEGER NOT NULL DEFAULT 0,
	errors                  INTEGER NOT NULL DEFAULT 0,
	reason                  TEXT NOT NULL DEFAULT '',
	items_with_price        INTEGER NOT NULL DEFAULT 0,
	items_with_title        INTEGER NOT NULL DEFAULT 0,
	items_with_availability INTEGER NOT NULL DEFAULT 0
);
INSERT INTO runs_0008 (id, competitor, started_at, finished_at, status, pages, items, errors, reason,
	items_with_price, items_with_title, items_with_availability)
SELECT id, competitor, started_at, finished_at, status, pages, items, errors, reason,
	items_with_price, items_with_title, items_with_availability
FROM runs;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'runs')
	WHERE name = 'runs_0008' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'runs');
INSERT INTO sqlite_sequence (name, seq)
	SELECT 'runs_0008', seq FROM sqlite_sequence WHERE name = 'runs'
	AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'runs_0008');
DROP TABLE runs;
ALTER TABLE runs_0008 RENAME TO runs;
CREATE INDEX runs_competitor_started ON runs (competitor, started_at);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE run_decisions (
	id              INTEGER PRIMARY KEY,
	run_id          INTEGER NOT NULL REFERENCES runs (id),
	competitor      TEXT NOT NULL,
	action          TEXT NOT NULL CHECK (action IN ('accept', 'discard')),
	previous_status TEXT NOT NULL,
	previous_reason TEXT NOT NULL DEFAULT '',
	decided_by      TEXT NOT NULL CHECK (decided_by <> ''),
	decided_at      DATETIME NOT NULL
);
CREATE INDEX run_decisions_run ON run_decisions (run_id);

ALTER TABLE catalog ADD COLUMN retired_at DATETIME;
