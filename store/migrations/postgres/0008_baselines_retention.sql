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

ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
	CHECK (status IN ('running', 'succeeded', 'failed', 'suspect', 'interrupted', 'abandoned', 'discarded', 'pruned'));

CREATE TABLE run_decisions (
	id              BIGSERIAL PRIMARY KEY,
	run_id          BIGINT NOT NULL REFERENCES runs (id),
	competitor      TEXT NOT NULL,
	action          TEXT NOT NULL CHECK (action IN ('accept', 'discard')),
	previous_status TEXT NOT NULL,
	previous_reason TEXT NOT NULL DEFAULT '',
	decided_by      TEXT NOT NULL CHECK (decided_by <> ''),
	decided_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX run_decisions_run ON run_decisions (run_id);

ALTER TABLE catalog ADD COLUMN retired_at TIMESTAMPTZ;
