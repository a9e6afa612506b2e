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
// layout), so analysis should not trust it. Interrupted is a run stopped on
// purpose (a signal) after what it had fetched was saved; abandoned is a run
// left running by a process that died (kill -9, power loss), found by
// AbandonRuns. Both are incomplete, so analysis must not use them, and both
// can be resumed (see ResumableRun).
const (
	RunRunning     RunStatus = "running"
	RunSucceeded   RunStatus = "succeeded"
	RunFailed      RunStatus = "failed"
	RunSuspect     RunStatus = "suspect"
	RunInterrupted RunStatus = "interrupted"
	RunAbandoned   RunStatus = "abandoned"
	// RunDiscarded is a run a person excluded from every analysis
	// (DiscardRun); RunPruned one whose observations retention deleted
	// (Prune). Both rows stay, for audit.
	RunDiscarded RunStatus = "discarded"
	RunPruned    RunStatus = "pruned"
)

// valid reports whether s is one of the statuses above.
func (s RunStatus) valid() bool {
	switch s {
	case RunRunning, RunSucceeded, RunFailed, RunSuspect, RunInterrupted, RunAbandoned, RunDiscarded, RunPruned:
		return true
	}
	return false
}

// Resumable reports whether a run of status s stopped part-way and may be
// continued: it is interrupted or abandoned.
func (s RunStatus) Resumable() bool { return s == RunInterrupted || s == RunAbandoned }

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
	if err := db.ensurePartitions(ctx, runMonth(r.StartedAt), runMonth(r.StartedAt)); err != nil {
		return Run{}, fmt.Errorf("start run of %s: %w", competitor, err)
	}
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
	// The run's listing cache is no longer needed; the next run loads its
	// own (listingcache.go).
	db.caches.dropRun(r.ID)
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

// abandonedReason is the Reason AbandonRuns gives a run.
const abandonedReason = "left running by a crawl that ended without finishing it (killed or crashed)"

// AbandonRuns marks every run of competitor still recorded as running as
// RunAbandoned and returns how many it marked. Call it right after taking the
// competitor's lock (LockCompetitor): while the lock is held no other crawl
// of the competitor is alive, so a run still running belongs to a process
// that died. Such a run keeps the offers and pages it saved and can be
// resumed. It returns a database error only; none to mark is 0.
func (db *DB) AbandonRuns(ctx context.Context, competitor string) (int, error) {
	competitor = clean(competitor)
	q := db.x.Rebind(`UPDATE runs SET status = ?, reason = ? WHERE competitor = ? AND status = ?`)
	res, err := db.x.ExecContext(ctx, q, string(RunAbandoned), abandonedReason, competitor, string(RunRunning))
	if err != nil {
		return 0, fmt.Errorf("abandon runs of %s: %w", competitor, convertErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("abandon runs of %s: %w", competitor, convertErr(err))
	}
	return int(n), nil
}

// ResumableRun returns the run of competitor that `crawler run --resume`
// should continue: its newest run that is not running, if that run is
// interrupted or abandoned. A run that finished (succeeded, suspect or
// failed) after it makes it stale, and the bool is false. It returns a
// database error only.
func (db *DB) ResumableRun(ctx context.Context, competitor string) (Run, bool, error) {
	competitor = clean(competitor)
	runs, err := selectRuns(ctx, db.x, `SELECT `+runColumns+` FROM runs
		WHERE competitor = ? AND status <> ? ORDER BY started_at DESC, id DESC LIMIT 1`,
		competitor, string(RunRunning))
	if err != nil {
		return Run{}, false, fmt.Errorf("resumable run of %s: %w", competitor, err)
	}
	if len(runs) == 0 || !runs[0].Status.Resumable() {
		return Run{}, false, nil
	}
	return runs[0], true, nil
}

// ResumeRun sets an interrupted or abandoned run back to running, clearing
// its FinishedAt and Reason, and returns it with the counts it had so far. The
// caller holds the competitor's lock, continues the crawl (DonePages says
// what is already saved) and ends it with FinishRun as usual. It returns an
// error wrapping ErrNotFound for an unknown ID and an error for a run in any
// other status (resuming a succeeded run would reopen finished history).
func (db *DB) ResumeRun(ctx context.Context, runID int64) (Run, error) {
	var r Run
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if r, err = getRun(ctx, tx, runID); err != nil {
			return err
		}
		if !r.Status.Resumable() {
			return fmt.Errorf("run %d of %s is %s, not interrupted or abandoned", runID, r.Competitor, r.Status)
		}
		q := tx.Rebind(`UPDATE runs SET status = ?, finished_at = NULL, reason = '' WHERE id = ? AND status IN (?, ?)`)
		res, err := tx.ExecContext(ctx, q, string(RunRunning), runID, string(RunInterrupted), string(RunAbandoned))
		if err != nil {
			return convertErr(err)
		}
		// PostgreSQL reads committed rows: another process may have
		// resumed the run since getRun looked.
		if n, err := res.RowsAffected(); err != nil {
			return convertErr(err)
		} else if n == 0 {
			return fmt.Errorf("run %d of %s was resumed by another crawl", runID, r.Competitor)
		}
		r.Status, r.FinishedAt, r.Reason = RunRunning, time.Time{}, ""
		return nil
	})
	if err != nil {
		return Run{}, fmt.Errorf("resume run %d: %w", runID, err)
	}
	return r, nil
}
