package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// A competitor that really shrinks (21 items to 9) makes every later run
// suspect, since each is compared with the last succeeded run. People reset
// that: accepting a suspect run makes it succeeded, the new baseline later
// runs are compared with and reports use; discarding a run takes it out of
// every analysis. Each decision is recorded in run_decisions with who made
// it, when, and what the run was before.

// ErrRunStatus is returned (wrapped) when a run's status does not allow
// the decision asked for: accepting a run that is not suspect, discarding
// one still running or already discarded or pruned.
var ErrRunStatus = errors.New("run status does not allow this")

// The run decisions.
const (
	DecisionAccept  = "accept"
	DecisionDiscard = "discard"
)

// RunDecision is one recorded decision about a run.
type RunDecision struct {
	RunID          int64     `db:"run_id"`
	Competitor     string    `db:"competitor"`
	Action         string    `db:"action"` // DecisionAccept or DecisionDiscard
	PreviousStatus RunStatus `db:"previous_status"`
	PreviousReason string    `db:"previous_reason"`
	By             string    `db:"decided_by"`
	At             time.Time `db:"decided_at"`
}

// AcceptRun makes suspect run runID its competitor's baseline: the run
// becomes succeeded, so the breakage alarm compares later runs with it and
// reports use it, and the decision is recorded with by and at. It returns
// the run as it now is; an error wrapping ErrNotFound for an unknown run,
// ErrRunStatus for a run that is not suspect, or a database error.
func (db *DB) AcceptRun(ctx context.Context, runID int64, by string, at time.Time) (Run, error) {
	return db.decideRun(ctx, runID, DecisionAccept, by, at)
}

// DiscardRun excludes run runID from every analysis: its status becomes
// discarded (no report, alarm or match reads it) while its rows stay for
// audit, and the decision is recorded with by and at. Any finished run can
// be discarded. It returns the run as it now is; an error wrapping
// ErrNotFound for an unknown run, ErrRunStatus for a run running, already
// discarded or pruned, or a database error.
func (db *DB) DiscardRun(ctx context.Context, runID int64, by string, at time.Time) (Run, error) {
	return db.decideRun(ctx, runID, DecisionDiscard, by, at)
}

func (db *DB) decideRun(ctx context.Context, runID int64, action, by string, at time.Time) (Run, error) {
	by = strings.TrimSpace(by)
	if by == "" {
		return Run{}, fmt.Errorf("%s run %d: who decides is not known (give --by or set $USER)", action, runID)
	}
	var r Run
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if r, err = getRun(ctx, tx, runID); err != nil {
			return err
		}
		prev := r
		var status RunStatus
		switch action {
		case DecisionAccept:
			if r.Status != RunSuspect {
				return fmt.Errorf("run %d of %s is %s, not suspect: %w", runID, r.Competitor, r.Status, ErrRunStatus)
			}
			status = RunSucceeded
			r.Reason = fmt.Sprintf("accepted as baseline by %s on %s (was suspect)", by, at.UTC().Format(time.DateOnly))
		case DecisionDiscard:
			switch r.Status {
			case RunRunning, RunDiscarded, RunPruned:
				return fmt.Errorf("run %d of %s is %s: %w", runID, r.Competitor, r.Status, ErrRunStatus)
			}
			status = RunDiscarded
			r.Reason = fmt.Sprintf("discarded by %s on %s (was %s)", by, at.UTC().Format(time.DateOnly), prev.Status)
		}
		if prev.Reason != "" {
			r.Reason = strings.TrimSuffix(r.Reason, ")") + ": " + prev.Reason + ")"
		}
		// The status in the WHERE clause: another process may have
		// decided since getRun read the run.
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE runs SET status = ?, reason = ? WHERE id = ? AND status = ?`),
			string(status), r.Reason, runID, string(prev.Status))
		if err != nil {
			return convertErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return convertErr(err)
		} else if n == 0 {
			return fmt.Errorf("run %d of %s changed while deciding: %w", runID, r.Competitor, ErrRunStatus)
		}
		r.Status = status
		_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO run_decisions
			(run_id, competitor, action, previous_status, previous_reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			runID, r.Competitor, action, string(prev.Status), prev.Reason, by, dbTime(at))
		return convertErr(err)
	})
	if err != nil {
		return Run{}, fmt.Errorf("%s run %d: %w", action, runID, err)
	}
	return r, nil
}

// RunDecisions returns the decisions recorded about the runs of competitor
// ("" for all), oldest first. It returns a database error only.
func (db *DB) RunDecisions(ctx context.Context, competitor string) ([]RunDecision, error) {
	q := `SELECT run_id, competitor, action, previous_status, previous_reason, decided_by, decided_at FROM run_decisions`
	var args []any
	if competitor != "" {
		q += ` WHERE competitor = ?`
		args = append(args, clean(competitor))
	}
	q += ` ORDER BY decided_at, id`
	out := []RunDecision{}
	if err := db.x.SelectContext(ctx, &out, db.x.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("run decisions: %w", convertErr(err))
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}
