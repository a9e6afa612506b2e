package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// history is what the reports read from the database.
type history interface {
	Competitors(ctx context.Context) ([]string, error)
	Runs(ctx context.Context, competitor string, since time.Time) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Matches(ctx context.Context) ([]store.MatchRecord, error)
}

// loaded is the market as the database knows it, plus what the digest says
// about data quality.
type loaded struct {
	market pricing.Market
	// runs are each competitor's runs in the window, newest first, for the
	// data-quality section.
	runs map[string][]store.Run
	// unusable are the failed and suspect runs in the window: they feed no
	// bands, changes or flags.
	unusable []store.Run
	// candidates are match suggestions waiting for a person's review.
	candidates []store.MatchRecord
	// noRuns lists competitors with no usable run at all.
	noRuns []string
	// runByID holds every run read, for describing snapshots.
	runByID map[int64]store.Run
}

// usable reports whether a run's data may feed the analysis: a failed run
// stopped part-way and a suspect run looks broken, and either would show
// "gone" listings and price moves that never happened.
func usable(r store.Run) bool { return r.Status == store.RunSucceeded }

// loadMarket reads, for every competitor, its latest usable run (Current) and
// the one to compare it with (Previous): the newest usable run that started
// at or before now-since, or, when the window holds the competitor's whole
// history, the oldest usable run in it. So `--since 168h` compares with last
// week's crawl for a team that crawls daily, and with the previous crawl for
// a team that crawls weekly or has only just started.
func loadMarket(ctx context.Context, db history, now time.Time, since time.Duration) (*loaded, error) {
	comps, err := db.Competitors(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := now.Add(-since)
	l := &loaded{runs: map[string][]store.Run{}, runByID: map[int64]store.Run{}}
	for _, c := range comps {
		runs, err := db.Runs(ctx, c, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("runs of %s: %w", c, err)
		}
		var ok []store.Run // usable, newest first
		for _, r := range runs {
			l.runByID[r.ID] = r
			if !r.StartedAt.Before(cutoff) {
				l.runs[c] = append(l.runs[c], r)
				if r.Status == store.RunFailed || r.Status == store.RunSuspect {
					l.unusable = append(l.unusable, r)
				}
			}
			if usable(r) {
				ok = append(ok, r)
			}
		}
		if len(ok) == 0 {
			l.noRuns = append(l.noRuns, c)
			continue
		}
		cur := &ok[0]
		var prev *store.Run
		for i := 1; i < len(ok); i++ {
			prev = &ok[i]
			if !prev.StartedAt.After(cutoff) {
				break
			}
		}
		snap, err := snapshot(ctx, db, *cur)
		if err != nil {
			return nil, err
		}
		l.market.Current = append(l.market.Current, snap)
		if prev != nil {
			ps, err := snapshot(ctx, db, *prev)
			if err != nil {
				return nil, err
			}
			l.market.Previous = append(l.market.Previous, ps)
		}
	}
	if l.market.Catalog, err = db.Catalog(ctx); err != nil {
		return nil, err
	}
	ms, err := db.Matches(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		switch m.Decision {
		case "auto", "confirmed":
			l.market.Matches = append(l.market.Matches, m.Match)
		case "candidate":
			l.candidates = append(l.candidates, m)
		}
	}
	sort.Slice(l.unusable, func(i, j int) bool { return l.unusable[i].StartedAt.After(l.unusable[j].StartedAt) })
	return l, nil
}

func snapshot(ctx context.Context, db history, r store.Run) (pricing.Snapshot, error) {
	offers, err := db.RunOffers(ctx, r.ID)
	if err != nil {
		return pricing.Snapshot{}, fmt.Errorf("offers of run %d (%s): %w", r.ID, r.Competitor, err)
	}
	return pricing.Snapshot{Competitor: r.Competitor, RunID: r.ID, At: r.StartedAt, Offers: offers}, nil
}
