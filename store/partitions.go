package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// On PostgreSQL, observations is partitioned by the month its run started
// (migration 0005), so that retention can detach or drop a month at once
// instead of deleting millions of rows. A row whose month has no partition
// cannot be written, so the store makes partitions before they are needed:
// for the current month and PartitionsAhead more when it opens a database,
// and for a run's month when the run starts or saves offers (a run may be
// recorded with any start time).

// PartitionsAhead is how many months after the current one Open creates
// observation partitions for on PostgreSQL.
const PartitionsAhead = 2

// runMonth is the first day of the month, UTC, in which a run that started
// at t keeps its observations.
func runMonth(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// monthKey is the DATE literal of a month, as run_month holds it.
func monthKey(month time.Time) string { return month.Format("2006-01-02") }

// partitionName is the observations partition of a month.
func partitionName(month time.Time) string { return "observations_" + month.Format("2006_01") }

// ensurePartitions makes sure observations has a partition for each month
// from first to last (both first days of months, UTC). Months made earlier
// through this DB are skipped without a round trip. It does nothing on
// SQLite.
func (db *DB) ensurePartitions(ctx context.Context, first, last time.Time) error {
	if db.dialect != DialectPostgres || db.legacy() {
		return nil
	}
	var missing []time.Time
	db.partMu.Lock()
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		if !db.partitions[monthKey(m)] {
			missing = append(missing, m)
		}
	}
	db.partMu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		// CREATE TABLE IF NOT EXISTS is not safe against a concurrent
		// creator of the same name; a lock per schema serialises them.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('shelfwatch.partitions.' || current_schema()))`); err != nil {
			return convertErr(err)
		}
		for _, m := range missing {
			// The name and bounds are made from a time.Time above, so
			// splicing them in is safe; DDL takes no parameters.
			q := fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF observations FOR VALUES FROM ('%s') TO ('%s')`,
				partitionName(m), monthKey(m), monthKey(m.AddDate(0, 1, 0)))
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", partitionName(m), convertErr(err))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create observation partitions: %w", err)
	}
	db.partMu.Lock()
	for _, m := range missing {
		db.partitions[monthKey(m)] = true
	}
	db.partMu.Unlock()
	return nil
}

// ObservationPartitions returns the months (first days, UTC) that have an
// observations partition, oldest first: on PostgreSQL, what retention may
// drop (DROP TABLE observations_YYYY_MM removes that month's observations).
// SQLite, which has no partitions, gives none. It returns a database error
// only.
func (db *DB) ObservationPartitions(ctx context.Context) ([]time.Time, error) {
	if db.dialect != DialectPostgres {
		return nil, nil
	}
	var names []string
	err := db.x.SelectContext(ctx, &names, `SELECT c.relname FROM pg_inherits i
		JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'observations'::regclass ORDER BY c.relname`)
	if err != nil {
		return nil, fmt.Errorf("observation partitions: %w", convertErr(err))
	}
	out := make([]time.Time, 0, len(names))
	for _, n := range names {
		m, err := time.Parse("observations_2006_01", n)
		if err != nil {
			continue // a partition someone added by hand, not one of ours
		}
		out = append(out, m)
	}
	return out, nil
}
