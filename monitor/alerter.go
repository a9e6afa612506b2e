package monitor

import (
	"context"

	"github.com/shelfwatch/shelfwatch/store"
)

// Alerter is told of each finished run and of each re-match, to raise
// alerts between digests (the alerting package implements it). It reports
// its own failures: an alert that cannot be sent never fails a crawl.
type Alerter interface {
	// AfterRun is called once per run that finished (succeeded, suspect
	// or failed), after its crawl lock is released.
	AfterRun(ctx context.Context, competitor string, run store.Run)
	// AfterMatch is called once after the re-match that follows a batch
	// of crawls, when the matches describe the new market.
	AfterMatch(ctx context.Context)
}

// afterRun tells the Alerter of res's run, unless there is no Alerter, no
// run was started, or the run was stopped by a signal (nothing to tell,
// and no time to tell it).
func (m *Monitor) afterRun(ctx context.Context, res Result) {
	if m.Alerter == nil || res.Run.ID == 0 || res.Skipped != nil || ctx.Err() != nil ||
		res.Run.Status == store.RunInterrupted || res.Run.Status == store.RunRunning {
		return
	}
	m.Alerter.AfterRun(ctx, res.Name, res.Run)
}
