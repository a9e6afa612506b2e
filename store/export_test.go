package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Hooks for the external tests.

// Raw returns the underlying handle, for tests that inspect tables.
func Raw(db *DB) *sqlx.DB { return db.x }

// SetBatching sets the SaveOffers batch size, retry attempts and first
// back-off, and a hook run inside each batch's transaction before commit.
func SetBatching(db *DB, size, attempts int, wait time.Duration, hook func(batch, attempt int) error) {
	db.batchSize, db.attempts, db.retryWait, db.batchHook = size, attempts, wait, hook
}

// WithSchemaVersion makes Open apply migrations only up to version v, so a
// test can build the database an older release left behind.
func WithSchemaVersion(v int) Option {
	return func(db *DB) { db.schemaVersion = v }
}

// WriteRowByRow writes offers of a run the way SaveOffers falls back to when
// a multi-row statement fails (one statement per row), so tests can hold
// both paths to the same result.
func WriteRowByRow(ctx context.Context, db *DB, runID int64, offers []pricing.Offer) error {
	run, err := getRun(ctx, db.x, runID)
	if err != nil {
		return err
	}
	if db.legacy() {
		return db.inTx(ctx, func(tx *sqlx.Tx) error { return writeOffersV4(ctx, tx, run, 0, offers) })
	}
	if err := db.ensurePartitions(ctx, runMonth(run.StartedAt), runMonth(run.StartedAt)); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.writeOffers(ctx, tx, run, 0, offers) })
}

// LockBackendPID returns the PostgreSQL server process holding l's session,
// so a test can end that session as a crash would.
func LockBackendPID(l *CompetitorLock) int { return l.backendPID }

// InTxForeignKeysOff runs fn as the SQLite migration runner runs a
// migration: foreign keys off, foreign_key_check before commit.
func InTxForeignKeysOff(ctx context.Context, db *DB, fn func(tx *sqlx.Tx) error) error {
	return db.inTxForeignKeysOff(ctx, fn)
}

// ConvertErr classes a driver error as the store does.
func ConvertErr(err error) error { return convertErr(err) }

// PlannedQuery is one of the queries over observations, with arguments.
type PlannedQuery struct {
	Name, SQL string
	Args      []any
}

// HistoryQueries are the SQL of the queries over observations, rebound for
// db's dialect, with arguments that pick the given competitor, listing and
// run, so a test can EXPLAIN them.
func HistoryQueries(ctx context.Context, db *DB, competitor, key string, run Run) ([]PlannedQuery, error) {
	runArgs := []any{run.ID}
	if db.dialect == DialectPostgres {
		runArgs = append(runArgs, monthKey(runMonth(run.StartedAt)))
	}
	qs := []PlannedQuery{
		{"a run's offers", db.runOffersQuery(), runArgs},
		{"the offer in the run before", db.x.Rebind(offerBeforeQuery), []any{competitor, key, run.ID}},
		{"a listing's history", db.x.Rebind(offerHistoryQuery), []any{competitor, key}},
	}
	q, args, _, err := db.latestOffers(ctx, competitor)
	if err != nil {
		return nil, err
	}
	return append(qs, PlannedQuery{"the latest offer per listing", q, args}), nil
}

// PlanCounts sorts offers of a run as SaveOffers would, loading the run's
// listing cache if needed, and returns how many would have only their
// observation written (fast) and how many go through the merge (slow).
func PlanCounts(ctx context.Context, db *DB, runID int64, offers []pricing.Offer) (fast, slow int, err error) {
	run, err := getRun(ctx, db.x, runID)
	if err != nil {
		return 0, 0, err
	}
	p, err := db.planBatch(ctx, run, offers)
	if err != nil {
		return 0, 0, err
	}
	return len(p.fast), len(p.slow), nil
}

// CategoryPricesQuery returns the query CategoryPrices runs for each run,
// here for run runID and categories, rebound for db's dialect, with its
// arguments, so a test can EXPLAIN it.
func CategoryPricesQuery(ctx context.Context, db *DB, runID int64, categories []string) (PlannedQuery, error) {
	r, err := getRun(ctx, db.x, runID)
	if err != nil {
		return PlannedQuery{}, err
	}
	args := make([]any, len(categories))
	for i, c := range categories {
		args[i] = c
	}
	_, _, pairs, err := db.categoryVersions(ctx, categories, args)
	if err != nil {
		return PlannedQuery{}, err
	}
	q, args := db.categoryRunSQL(r, args, pairs)
	return PlannedQuery{"a run's offers of categories", q, args}, nil
}

// CategoryVersionsQuery is the query of the versions of categories that
// CategoryPrices runs first, rebound, with its arguments.
func CategoryVersionsQuery(db *DB, categories []string) PlannedQuery {
	args := make([]any, len(categories))
	for i, c := range categories {
		args[i] = c
	}
	return PlannedQuery{"the versions of categories", db.x.Rebind(fmt.Sprintf(categoryVersionsQuery, params(len(categories)))), args}
}
