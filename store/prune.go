package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
)

// Retention. Prune deletes the observations of runs that started before a
// cutoff, except each competitor's last succeeded run of every ISO week, so
// a year-old market can still be drawn week by week while the daily detail
// goes. A pruned run's row stays, with status pruned: listings'
// first_seen_run and listing_versions.run_id keep naming it, and `crawler
// runs list` still shows what ran. What only pruned runs referenced goes
// with them: their saved pages (run_pages), listing versions no observation
// names, listings no observation is left of, and the matcher's matches of
// those listings (a person's confirmed or rejected decision stays, for a
// listing that comes back). On PostgreSQL a month partition all of whose
// runs are pruned is dropped whole instead of deleted row by row.

// PruneReport says what Prune removed (or, for a dry run, would remove).
type PruneReport struct {
	// Pruned are the runs whose observations go, oldest first.
	Pruned []Run
	// KeptWeekly counts the runs before the cutoff kept as their week's last.
	KeptWeekly int
	// Rows removed, by table.
	Observations, RunPages, Versions, Listings, Matches int64
	// Partitions are the months whose observations partition was dropped
	// (PostgreSQL only).
	Partitions []time.Time
	DryRun     bool
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// isoWeek names the ISO week t (UTC) falls in.
type isoWeek struct{ year, week int }

func weekOf(t time.Time) isoWeek {
	y, w := t.UTC().ISOWeek()
	return isoWeek{y, w}
}

// Prune deletes, in one transaction, the observations of the runs started
// before before, keeping every competitor's last succeeded run of each ISO
// week (UTC), and what only those runs referenced (see above). Running runs
// and runs already pruned are left alone. With dryRun it changes nothing and
// reports what it would remove, counted exactly (the work is done and rolled
// back). It returns a database error only.
func (db *DB) Prune(ctx context.Context, before time.Time, dryRun bool) (PruneReport, error) {
	rep := PruneReport{DryRun: dryRun}
	runs, err := selectRuns(ctx, db.x, `SELECT `+runColumns+` FROM runs ORDER BY started_at, id`)
	if err != nil {
		return rep, fmt.Errorf("prune: %w", err)
	}
	// The last succeeded run of each competitor and week, over all runs: a
	// week that straddles the cutoff keeps its last run, after it.
	type cw struct {
		comp string
		week isoWeek
	}
	last := map[cw]int64{}
	for _, r := range runs { // oldest first: the last one written wins
		if r.Status == RunSucceeded {
			last[cw{r.Competitor, weekOf(r.StartedAt)}] = r.ID
		}
	}
	before = before.UTC()
	prune := map[int64]bool{}
	for _, r := range runs {
		if !r.StartedAt.Before(before) || r.Status == RunRunning || r.Status == RunPruned {
			continue
		}
		if last[cw{r.Competitor, weekOf(r.StartedAt)}] == r.ID {
			rep.KeptWeekly++
			continue
		}
		rep.Pruned = append(rep.Pruned, r)
		prune[r.ID] = true
	}
	if len(rep.Pruned) == 0 {
		return rep, nil
	}
	// Months of PostgreSQL partitions whose every run goes.
	var months []time.Time
	if db.dialect == DialectPostgres {
		whole := map[time.Time]bool{} // month -> no run in it keeps observations
		for _, r := range rep.Pruned {
			whole[runMonth(r.StartedAt)] = true
		}
		for _, r := range runs {
			if m := runMonth(r.StartedAt); whole[m] && !prune[r.ID] && r.Status != RunPruned {
				whole[m] = false
			}
		}
		have, err := db.ObservationPartitions(ctx)
		if err != nil {
			return rep, fmt.Errorf("prune: %w", err)
		}
		for _, m := range have {
			if whole[m] {
				months = append(months, m)
			}
		}
		slices.SortFunc(months, time.Time.Compare)
	}

	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.pruneTx(ctx, tx, &rep, months); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return PruneReport{DryRun: dryRun}, fmt.Errorf("prune: %w", err)
	}
	if !dryRun {
		db.partMu.Lock()
		for _, m := range rep.Partitions {
			delete(db.partitions, monthKey(m))
		}
		db.partMu.Unlock()
	}
	return rep, nil
}

// pruneTx does Prune's work inside tx.
func (db *DB) pruneTx(ctx context.Context, tx *sqlx.Tx, rep *PruneReport, months []time.Time) error {
	exec := func(q string, args ...any) (int64, error) {
		res, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
		if err != nil {
			return 0, convertErr(err)
		}
		n, err := res.RowsAffected()
		return n, convertErr(err)
	}
	// The runs to prune go into a temporary table: thousands of ids are
	// more than a statement's parameters allow.
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS shelfwatch_prune_runs (run_id BIGINT PRIMARY KEY)`,
		`CREATE TEMP TABLE IF NOT EXISTS shelfwatch_prune_listings (id BIGINT PRIMARY KEY, competitor TEXT NOT NULL, key TEXT NOT NULL)`,
		`DELETE FROM shelfwatch_prune_runs`,
		`DELETE FROM shelfwatch_prune_listings`,
	} {
		if _, err := exec(q); err != nil {
			return err
		}
	}
	stmt, err := tx.PrepareContext(ctx, tx.Rebind(`INSERT INTO shelfwatch_prune_runs (run_id) VALUES (?)`))
	if err != nil {
		return convertErr(err)
	}
	defer stmt.Close()
	for _, r := range rep.Pruned {
		if _, err := stmt.ExecContext(ctx, r.ID); err != nil {
			return convertErr(err)
		}
	}
	// The listings the pruned runs observed: the only ones that can lose
	// their last observation or a version.
	if _, err := exec(`INSERT INTO shelfwatch_prune_listings (id, competitor, key)
		SELECT DISTINCT l.id, l.competitor, l.key FROM observations o JOIN listings l ON l.id = o.listing_id
		WHERE o.run_id IN (SELECT run_id FROM shelfwatch_prune_runs)`); err != nil {
		return err
	}

	for _, m := range months {
		// Counted, then dropped whole: the name is made from a time.Time,
		// so splicing it in is safe (DDL takes no parameters).
		var n int64
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+partitionName(m)); err != nil {
			return fmt.Errorf("%s: %w", partitionName(m), convertErr(err))
		}
		if _, err := exec(`DROP TABLE ` + partitionName(m)); err != nil {
			return fmt.Errorf("%s: %w", partitionName(m), err)
		}
		rep.Observations += n
		rep.Partitions = append(rep.Partitions, m)
	}
	n, err := exec(`DELETE FROM observations WHERE run_id IN (SELECT run_id FROM shelfwatch_prune_runs)`)
	if err != nil {
		return err
	}
	rep.Observations += n
	if rep.RunPages, err = exec(`DELETE FROM run_pages WHERE run_id IN (SELECT run_id FROM shelfwatch_prune_runs)`); err != nil {
		return err
	}
	// The prices CategoryPrices kept of the pruned runs go with them.
	if _, err = exec(`DELETE FROM run_category_prices WHERE run_id IN (SELECT run_id FROM shelfwatch_prune_runs)`); err != nil {
		return err
	}
	// Versions of the touched listings that no observation names any more;
	// observations_listing narrows the search to the listing's own rows.
	if rep.Versions, err = exec(`DELETE FROM listing_versions
		WHERE listing_id IN (SELECT id FROM shelfwatch_prune_listings)
		AND NOT EXISTS (SELECT 1 FROM observations o
			WHERE o.listing_id = listing_versions.listing_id AND o.version_id = listing_versions.id)`); err != nil {
		return err
	}
	// Of the touched listings, those left with no observation go, with
	// the matcher's matches of them.
	if _, err := exec(`DELETE FROM shelfwatch_prune_listings
		WHERE EXISTS (SELECT 1 FROM observations o WHERE o.listing_id = shelfwatch_prune_listings.id)`); err != nil {
		return err
	}
	if rep.Matches, err = exec(`DELETE FROM matches WHERE decision NOT IN (?, ?) AND EXISTS (
		SELECT 1 FROM shelfwatch_prune_listings p WHERE p.competitor = matches.competitor AND p.key = matches.listing_key)`,
		DecisionConfirmed, DecisionRejected); err != nil {
		return err
	}
	if _, err := exec(`DELETE FROM listing_versions WHERE listing_id IN (SELECT id FROM shelfwatch_prune_listings)`); err != nil {
		return err
	}
	if rep.Listings, err = exec(`DELETE FROM listings WHERE id IN (SELECT id FROM shelfwatch_prune_listings)`); err != nil {
		return err
	}
	if _, err := exec(`UPDATE runs SET status = ?,
		reason = 'observations deleted by prune (was ' || status || CASE WHEN reason = '' THEN '' ELSE ': ' || reason END || ')'
		WHERE id IN (SELECT run_id FROM shelfwatch_prune_runs)`, string(RunPruned)); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM shelfwatch_prune_runs`, `DELETE FROM shelfwatch_prune_listings`} {
		if _, err := exec(q); err != nil {
			return err
		}
	}
	return nil
}
