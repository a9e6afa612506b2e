package digest

import (
	"context"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// fakeHistory is a database with a few runs of one competitor.
type fakeHistory struct{ runs []store.Run } // newest first

func (f fakeHistory) Competitors(context.Context) ([]string, error) { return []string{"shop"}, nil }
func (f fakeHistory) Runs(context.Context, string, time.Time) ([]store.Run, error) {
	return f.runs, nil
}
func (f fakeHistory) RunOffers(_ context.Context, id int64) ([]pricing.Offer, error) {
	return []pricing.Offer{{Competitor: "shop", Key: "sku:" + string(rune('A'+id))}}, nil
}
func (f fakeHistory) Catalog(context.Context) ([]pricing.CatalogItem, error) { return nil, nil }
func (f fakeHistory) Matches(context.Context) ([]store.MatchRecord, error) {
	return []store.MatchRecord{
		{Match: pricing.Match{CatalogSKU: "A"}, Decision: store.DecisionAuto},
		{Match: pricing.Match{CatalogSKU: "B"}, Decision: store.DecisionConfirmed},
		{Match: pricing.Match{CatalogSKU: "C"}, Decision: store.DecisionRejected},
		{Match: pricing.Match{CatalogSKU: "D"}, Decision: store.DecisionCandidate},
	}, nil
}

func TestLoadMarketPicksTheRunsToCompare(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	run := func(id int64, daysAgo int, st store.RunStatus) store.Run {
		return store.Run{ID: id, Competitor: "shop", StartedAt: day(daysAgo), Status: st}
	}
	tests := []struct {
		name         string
		runs         []store.Run
		cur, prev    int64 // 0 = none
		unusable     int
		noUsableRuns bool
	}{
		{"daily crawls compare with the run a week ago",
			[]store.Run{run(9, 0, store.RunSucceeded), run(8, 1, store.RunSucceeded), run(7, 6, store.RunSucceeded), run(6, 8, store.RunSucceeded), run(5, 9, store.RunSucceeded)},
			9, 6, 0, false},
		{"a short history compares with the oldest run",
			[]store.Run{run(3, 0, store.RunSucceeded), run(2, 1, store.RunSucceeded), run(1, 2, store.RunSucceeded)},
			3, 1, 0, false},
		{"failed and suspect runs are skipped and reported",
			[]store.Run{run(4, 0, store.RunSuspect), run(3, 1, store.RunFailed), run(2, 2, store.RunSucceeded), run(1, 8, store.RunSucceeded)},
			2, 1, 2, false},
		{"interrupted and abandoned runs are skipped and reported; a running one is only skipped",
			[]store.Run{run(5, 0, store.RunRunning), run(4, 0, store.RunInterrupted), run(3, 1, store.RunAbandoned), run(2, 2, store.RunSucceeded), run(1, 8, store.RunSucceeded)},
			2, 1, 2, false},
		{"a single run has nothing to compare with",
			[]store.Run{run(1, 0, store.RunSucceeded)},
			1, 0, 0, false},
		{"a competitor with only failed runs has no usable run",
			[]store.Run{run(2, 0, store.RunFailed), run(1, 1, store.RunRunning)},
			0, 0, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Load(context.Background(), fakeHistory{tt.runs}, Window{From: day(7), Until: now.Add(time.Minute)}, now, eightDays)
			if err != nil {
				t.Fatal(err)
			}
			if cur, prev := comparedRuns(l); cur != tt.cur || prev != tt.prev {
				t.Errorf("current run %d, previous %d; want %d, %d", cur, prev, tt.cur, tt.prev)
			}
			if len(l.Unusable) != tt.unusable {
				t.Errorf("%d unusable runs reported, want %d", len(l.Unusable), tt.unusable)
			}
			if (len(l.NoRuns) > 0) != tt.noUsableRuns {
				t.Errorf("noRuns = %v", l.NoRuns)
			}
			if len(l.Market.Matches) != 2 || len(l.Candidates) != 1 {
				t.Errorf("matches %d (want auto+confirmed = 2), candidates %d (want 1)", len(l.Market.Matches), len(l.Candidates))
			}
		})
	}
}

// eightDays is the default stale_after rule.
func eightDays(string, time.Time) time.Duration { return 8 * 24 * time.Hour }

func TestLoadMarketNeverPresentsOldRunsAsThisWeeks(t *testing.T) {
	until := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	win := Window{From: until.Add(-7 * 24 * time.Hour), Until: until, Week: "2026-W48"}
	day := func(n float64) time.Time { return until.Add(-time.Duration(n * 24 * float64(time.Hour))) }
	run := func(id int64, at time.Time) store.Run {
		return store.Run{ID: id, Competitor: "shop", StartedAt: at, Status: store.RunSucceeded}
	}
	tests := []struct {
		name        string
		runs        []store.Run
		now         time.Time
		cur, prev   int64
		stale       bool
		inWindow    bool
		age         time.Duration
		newer       time.Time
		windowsRuns int
	}{
		{"a 60-day-old database: the old run is used, stale, with no comparison", []store.Run{run(2, day(60)), run(1, day(67))},
			until.Add(9 * time.Hour), 2, 0, true, false, 60 * 24 * time.Hour, time.Time{}, 0},
		{"a run last week but none this week is not stale yet, still not compared", []store.Run{run(2, day(7.5)), run(1, day(14.5))},
			until.Add(time.Hour), 2, 0, false, false, 180 * time.Hour, time.Time{}, 0},
		{"a run in the week is compared with the one before the window", []store.Run{run(3, day(1)), run(2, day(8)), run(1, day(15))},
			until.Add(time.Hour), 3, 2, false, true, 24 * time.Hour, time.Time{}, 1},
		{"a run after the window is not used but pointed to", []store.Run{run(4, day(-1)), run(3, day(1)), run(2, day(8))},
			until.Add(48 * time.Hour), 3, 2, false, true, 24 * time.Hour, day(-1), 1},
		{"ages are measured at the window's end even when the digest is made later", []store.Run{run(1, day(9))},
			until.Add(365 * 24 * time.Hour), 1, 0, true, false, 9 * 24 * time.Hour, time.Time{}, 0},
		{"a window still going measures ages now", []store.Run{run(1, day(3))},
			until.Add(-2 * 24 * time.Hour), 1, 0, false, true, 24 * time.Hour, time.Time{}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Load(context.Background(), fakeHistory{tt.runs}, win, tt.now, eightDays)
			if err != nil {
				t.Fatal(err)
			}
			if cur, prev := comparedRuns(l); cur != tt.cur || prev != tt.prev {
				t.Errorf("current run %d, previous %d; want %d, %d", cur, prev, tt.cur, tt.prev)
			}
			if len(l.Fresh) != 1 {
				t.Fatalf("freshness %+v, want one entry", l.Fresh)
			}
			f := l.Fresh[0]
			if f.Stale != tt.stale || f.InWindow != tt.inWindow || f.Age != tt.age || !f.Newer.Equal(tt.newer) {
				t.Errorf("freshness %+v; want stale %v, in window %v, age %v, newer %v", f, tt.stale, tt.inWindow, tt.age, tt.newer)
			}
			if l.Market.Stale["shop"] != tt.stale {
				t.Errorf("market.Stale = %v, want shop stale %v", l.Market.Stale, tt.stale)
			}
			if len(l.Runs["shop"]) != tt.windowsRuns {
				t.Errorf("%d runs listed in the window, want %d", len(l.Runs["shop"]), tt.windowsRuns)
			}
		})
	}
}

// comparedRuns returns the IDs of the current and previous runs of the
// loaded market's single competitor, 0 for none.
func comparedRuns(l *Loaded) (cur, prev int64) {
	if len(l.Market.Current) > 0 {
		cur = l.Market.Current[0].RunID
	}
	if len(l.Market.Previous) > 0 {
		prev = l.Market.Previous[0].RunID
	}
	return cur, prev
}
