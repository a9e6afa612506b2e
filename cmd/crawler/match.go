package main

import (
	"context"

	"github.com/shelfwatch/shelfwatch/monitor"
)

// rematch re-matches the catalog against the market after an import and
// prints what it stored.
func rematch(ctx context.Context, e *env, m *monitor.Monitor) error {
	rep, err := monitor.Rematch(ctx, m.Store, m.MatchOptions())
	if err != nil {
		return err
	}
	rep.Print(e.stdout, e.stderr)
	return nil
}
