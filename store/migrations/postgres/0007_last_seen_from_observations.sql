-- 0007_last_seen_from_observations: a crawl writes only what changed.
--
-- Until now every crawl rewrote each listing it saw, to move last_seen_run
-- to that run: 200,000 row updates per crawl of a large shop, the slowest
-- step of saving a batch, and dead rows for vacuum to clear. When a listing
-- was last seen is in its observations already (observations_listing gives
-- a listing's newest one from an index), so the column goes; the store
-- writes a listing only when it is new, its content changes or an older run
-- is saved, and an unchanged listing's observation is the only row written.
ALTER TABLE listings DROP COLUMN last_seen_run;
-- The room 0005 left for in-place updates of last_seen_run is not needed.
ALTER TABLE listings RESET (fillfactor);

-- observations loses its foreign key to runs. The check runs once per
-- inserted row (a lookup that locks the run's row FOR KEY SHARE) and was
-- the largest cost of writing a batch after the listing updates; the store
-- writes only the id of a run it has just read, in the run's own partition,
-- and never deletes runs (retention drops whole partitions). 0005 dropped
-- the keys to listings and listing_versions for the same reason. The
-- constraint's name depends on the history of the table, so it is looked up.
DO $$
DECLARE c NAME;
BEGIN
	FOR c IN SELECT conname FROM pg_constraint
		WHERE conrelid = 'observations'::regclass AND contype = 'f' AND conparentid = 0
	LOOP
		EXECUTE format('ALTER TABLE observations DROP CONSTRAINT %I', c);
	END LOOP;
END
$$;
