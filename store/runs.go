package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// RunStatus is the outcome of a crawl run.
type RunStatus string

// The run statuses. Suspect is a run that finished but whose numbers look
// wrong (far fewer items or prices than usual: a bot wall, a changed page
// layout), so analysis should not trust it.
const (
	RunRunning   RunStatus = "running"
	RunSucceeded RunStatus = "succeeded"
	RunFailed    RunStatus = "failed"
	RunSuspect   RunStatus = "suspect"
)

// valid reports whether s is one of the four statuses.
func (s RunStatus) valid() bool {
	switch s {
	case RunRunning, RunSucceeded, RunFailed, RunSuspect:
		return true
	}
	return false
}

// Run is one crawl of one competitor.
type Run struct {
	ID         int64
	Competitor string
	// StartedAt and FinishedAt are UTC, to the microsecond; FinishedAt is
	// zero while the run is running.
	StartedAt, FinishedAt time.Time
	Status                RunStatus
	// Pages fetched, Items (offers) extracted, Errors met.
	Pages, Items, Errors int
	// Reason says why a run failed or is suspect.
	Reason string
	// WithPrice, WithTitle and WithAvailability count the items that had a
	// price, a title and a known availability: the run's quality.
	WithPrice, WithTitle, WithAvailability int
}

// runRow is a runs row as scanned.
type runRow struct {
	ID               int64        `db:"id"`
	Competitor       string       `db:"competitor"`
	StartedAt        time.Time    `db:"started_at"`
	FinishedAt       sql.NullTime `db:"finished_at"`
	Status           string       `db:"status"`
	Pages            int          `db:"pages"`
	Items            int          `db:"items"`
	Errors           int          `db:"errors"`
	Reason           string       `db:"reason"`
	WithPrice        int          `db:"items_with_price"`
	WithTitle        int          `db:"items_with_title"`
	WithAvailability int          `db:"items_with_availability"`
}

func (r runRow) run() Run {
	return Run{
		ID: r.ID, Competitor: r.Competitor,
		StartedAt: r.StartedAt.UTC(), FinishedAt: fromNullTime(r.FinishedAt),
		Status: RunStatus(r.Status),
		Pages:  r.Pages, Items: r.Items, Errors: r.Errors, Reason: r.Reason,
		WithPrice: r.WithPrice, WithTitle: r.WithTitle, WithAvailability: r.WithAvailability,
	}
}

const runColumns = `id, competitor, started_at, finished_at, status, pages, items, errors, reason,
	items_with_price, items_with_title, items_with_availability`

// ensureCompetitor records competitor if it is new.
func ensureCompetitor(ctx context.Context, e sqlx.ExtContext, competitor string) error {
	q := e.Rebind(`INSERT INTO competitors (name) VALUES (?) ON CONFLICT (name) DO NOTHING`)
	if _, err := e.ExecContext(ctx, q, competitor); err != nil {
		return fmt.Errorf("record competitor %q: %w", competitor, convertErr(err))
	}
	return nil
}

// StartRun records the start of a crawl of competitor, registering the
// competitor if it is new, and returns the run with its ID and status
// RunRunning. It returns an error for an empty competitor name or a database
// failure.
func (db *DB) StartRun(ctx context.Context, competitor string, started time.Time) (Run, error) {
	if competitor == "" {
		return Run{}, errors.New("start run: empty competitor name")
	}
	competitor = clean(competitor)
	r := Run{Competitor: competitor, StartedAt: dbTime(started), Status: RunRunning}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := ensureCompetitor(ctx, tx, competitor); err != nil {
			return err
		}
		q := tx.Rebind(`INSERT INTO runs (competitor, started_at, status) VALUES (?, ?, ?) RETURNING id`)
		return convertErr(tx.GetContext(ctx, &r.ID, q, competitor, r.StartedAt, string(RunRunning)))
	})
	if err != nil {
		return Run{}, fmt.Errorf("start run of %s: %w", competitor, err)
	}
	return r, nil
}

// FinishRun records how run r ended: its FinishedAt (zero leaves it unset),
// Status, counts and Reason. The ID picks the run; Competitor and StartedAt
// are not changed. It returns an error wrapping ErrNotFound for an unknown
// ID, and an error for a status that is not one of the RunStatus constants.
func (db *DB) FinishRun(ctx context.Context, r Run) error {
	if !r.Status.valid() {
		return fmt.Errorf("finish run %d: unknown status %q", r.ID, r.Status)
	}
	q := db.x.Rebind(`UPDATE runs SET finished_at = ?, status = ?, pages = ?, items = ?, errors = ?,
		reason = ?, items_with_price = ?, items_with_title = ?, items_with_availability = ?
		WHERE id = ?`)
	res, err := db.x.ExecContext(ctx, q, nullTime(r.FinishedAt), string(r.Status), r.Pages, r.Items, r.Errors,
		r.Reason, r.WithPrice, r.WithTitle, r.WithAvailability, r.ID)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, convertErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, convertErr(err))
	}
	if n == 0 {
		return fmt.Errorf("finish run %d: %w", r.ID, ErrNotFound)
	}
	return nil
}

// getRun reads one run; it returns an error wrapping ErrNotFound if there is
// none with that ID.
func getRun(ctx context.Context, q sqlx.ExtContext, id int64) (Run, error) {
	var row runRow
	query := q.Rebind(`SELECT ` + runColumns + ` FROM runs WHERE id = ?`)
	if err := sqlx.GetContext(ctx, q, &row, query, id); err != nil {
		return Run{}, fmt.Errorf("run %d: %w", id, convertErr(err))
	}
	return row.run(), nil
}

// Run returns the run with the given ID, or an error wrapping ErrNotFound.
func (db *DB) Run(ctx context.Context, id int64) (Run, error) {
	return getRun(ctx, db.x, id)
}

// Runs returns the runs of competitor ("" for every competitor) started at
// or after since (zero for all), newest first. It returns a database error
// only; no runs is an empty slice.
func (db *DB) Runs(ctx context.Context, competitor string, since time.Time) ([]Run, error) {
	query := `SELECT ` + runColumns + ` FROM runs WHERE 1 = 1`
	var args []any
	if competitor != "" {
		query += ` AND competitor = ?`
		args = append(args, competitor)
	}
	if !since.IsZero() {
		query += ` AND started_at >= ?`
		args = append(args, dbTime(since))
	}
	query += ` ORDER BY started_at DESC, id DESC`
	runs, err := selectRuns(ctx, db.x, query, args...)
	if err != nil {
		return nil, fmt.Errorf("runs of %q since %s: %w", competitor, since.Format(time.RFC3339), err)
	}
	return runs, nil
}

// LatestRuns returns up to n runs of competitor ("" for all) with the given
// status ("" for any), newest first; n <= 0 means no limit. Asking for the
// last two RunSucceeded runs gives this week's and last week's crawl. It
// returns a database error only.
func (db *DB) LatestRuns(ctx context.Context, competitor string, status RunStatus, n int) ([]Run, error) {
	if status != "" && !status.valid() {
		return nil, fmt.Errorf("latest runs: unknown status %q", status)
	}
	query := `SELECT ` + runColumns + ` FROM runs WHERE 1 = 1`
	var args []any
	if competitor != "" {
		query += ` AND competitor = ?`
		args = append(args, competitor)
	}
	if status != "" {
		query += ` AND status = ?`
		args = append(args, string(status))
	}
	query += ` ORDER BY started_at DESC, id DESC`
	if n > 0 {
		query += ` LIMIT ?`
		args = append(args, n)
	}
	runs, err := selectRuns(ctx, db.x, query, args...)
	if err != nil {
		return nil, fmt.Errorf("latest %s runs of %q: %w", status, competitor, err)
	}
	return runs, nil
}

func selectRuns(ctx context.Context, q sqlx.ExtContext, query string, args ...any) ([]Run, error) {
	var rows []runRow
	if err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(query), args...); err != nil {
		return nil, convertErr(err)
	}
	runs := make([]Run, 0, len(rows))
	for _, r := range rows {
		runs = append(runs, r.run())
	}
	return runs, nil
}

// Competitors returns the names of all competitors ever crawled, sorted
// bytewise. It returns a database error only.
func (db *DB) Competitors(ctx context.Context) ([]string, error) {
	names := []string{}
	if err := db.x.SelectContext(ctx, &names, `SELECT name FROM competitors ORDER BY name`); err != nil {
		return nil, fmt.Errorf("competitors: %w", convertErr(err))
	}
	return names, nil
}
