package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
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
		{"a single run has nothing to compare with",
			[]store.Run{run(1, 0, store.RunSucceeded)},
			1, 0, 0, false},
		{"a competitor with only failed runs has no usable run",
			[]store.Run{run(2, 0, store.RunFailed), run(1, 1, store.RunRunning)},
			0, 0, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := loadMarket(context.Background(), fakeHistory{tt.runs}, now, 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			var cur, prev int64
			if len(l.market.Current) > 0 {
				cur = l.market.Current[0].RunID
			}
			if len(l.market.Previous) > 0 {
				prev = l.market.Previous[0].RunID
			}
			if cur != tt.cur || prev != tt.prev {
				t.Errorf("current run %d, previous %d; want %d, %d", cur, prev, tt.cur, tt.prev)
			}
			if len(l.unusable) != tt.unusable {
				t.Errorf("%d unusable runs reported, want %d", len(l.unusable), tt.unusable)
			}
			if (len(l.noRuns) > 0) != tt.noUsableRuns {
				t.Errorf("noRuns = %v", l.noRuns)
			}
			if len(l.market.Matches) != 2 || len(l.candidates) != 1 {
				t.Errorf("matches %d (want auto+confirmed = 2), candidates %d (want 1)", len(l.market.Matches), len(l.candidates))
			}
		})
	}
}

func runReport(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errb)
	return out.String(), errb.String(), err
}

func TestPlanReproducesTheHandbook(t *testing.T) {
	// ¥10M a year ≈ ¥833K a month and ¥27K a day; $4,550 a day at a $30–50
	// AOV and 2 % conversion needs 91–152 orders from 4,550–7,584 visitors
	// (the handbook rounds to 100–150 orders from 5,000–8,000).
	out, _, err := runReport(t, "plan", "--target", "10,000,000", "--per", "year", "--aov", "45")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"833333.33 CNY", "27397.26 CNY"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runReport(t, "plan", "--target", "4550", "--per", "day", "--currency", "USD", "--aov", "30-50", "--conversion", "0.02")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"91–152", "4550–7584", "30.00–50.00 USD"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

func TestReportCommandLineErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"digests"},
		{"digest", "--format", "pdf"},
		{"digest", "--since", "-1h"},
		{"digest", "extra"},
		{"positioning", "--table", "rows"},
		{"positioning", "--format", "xlsx"},
		{"matches"},
		{"plan"},
		{"plan", "--target", "1e6", "--aov", "45"},
		{"plan", "--target", "1000", "--aov", "45", "--tier", "mid", "--category", "Phones"},
		{"plan", "--target", "1000", "--aov", "45", "--conversion", "2"},
		{"plan", "--target", "1000", "--per", "week", "--aov", "45"},
		{"digest", "--config", "does-not-exist.yaml"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := runReport(t, args...)
			if err == nil || cmdline.ExitCode("report", err, &bytes.Buffer{}) != 2 {
				t.Errorf("err = %v, want exit status 2", err)
			}
		})
	}
}

func TestWriteReplacesTheOutputOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digest.html")
	e := &env{stdout: &bytes.Buffer{}}
	if err := write(e, path, func(w io.Writer) error { _, err := io.WriteString(w, "good"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := write(e, path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("render failed")
	}); err == nil {
		t.Fatal("want the render error back")
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "good" {
		t.Errorf("file = %q, %v; want the last good report", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestReportsDoNotCreateAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"digest", "--config", "../../configs/shelfwatch.yaml"},
		func(k string) string {
			if k == "SHELFWATCH_DB" {
				return "sqlite:" + missing
			}
			return ""
		}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "no database at "+missing) {
		t.Errorf("err = %v, want one naming the missing database", err)
	}
	if _, serr := os.Stat(missing); serr == nil {
		t.Error("the report created the database")
	}
}
