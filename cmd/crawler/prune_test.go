package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/store"
)

func TestParseKeep(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"400d", 400 * 24 * time.Hour, true},
		{"57w", 57 * 7 * 24 * time.Hour, true},
		{"9600h", 9600 * time.Hour, true},
		{" 7d ", 7 * 24 * time.Hour, true},
		{"", 0, false},
		{"4h", 0, false},    // a typo that would prune nearly everything
		{"6d", 0, false},    // under a week
		{"-400d", 0, false}, // negative
		{"400", 0, false},   // no unit
		{"400days", 0, false},
		{"99999999d", 0, false},
	}
	for _, tc := range cases {
		got, err := parseKeep(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseKeep(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestRunsAndPruneCommandLineErrorsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"runs"},
		{"runs", "fly"},
		{"runs", "accept"},
		{"runs", "accept", "seven"},
		{"runs", "discard", "1", "2"},
		{"runs", "list", "--limit", "-1"},
		{"prune"},
		{"prune", "--keep", "1h"},
		{"prune", "--keep", "400d", "extra"},
	} {
		_, _, err := runCrawler(t, "", args...)
		if err == nil || !cmdline.IsUsage(err) {
			t.Errorf("crawler %v: %v, want a usage error", args, err)
		}
	}
}

// TestPruneRefusesWhileACompetitorIsBeingCrawled: prune deletes listings a crawl in progress may
// be writing to, so it refuses while any competitor's crawl lock is held,
// names the competitor, and prunes nothing.
func TestPruneRefusesWhileACompetitorIsBeingCrawled(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "shelf.db")
	cfg := filepath.Join(dir, "shelfwatch.yaml")
	if err := os.WriteFile(cfg, []byte("database: "+dsn+"\ncompetitors:\n  - name: acme\n    start_urls: [http://127.0.0.1:1/]\n    allowed_domains: [127.0.0.1]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.StartRun(ctx, "acme", time.Now().Add(-900*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	lock, err := db.LockCompetitor(ctx, "acme", store.Holder{Host: "crawlbox", PID: 7})
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCrawler(t, "", "prune", "--config", cfg, "--keep", "400d")
	if err == nil || !strings.Contains(err.Error(), "acme") || !strings.Contains(err.Error(), "nothing was pruned") {
		t.Fatalf("prune during a crawl: err %v, out %q; want a refusal naming acme", err, out)
	}
	if err := lock.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runCrawler(t, "", "prune", "--config", cfg, "--keep", "400d", "--dry-run"); err != nil {
		t.Fatalf("prune after the crawl: %v\n%s%s", err, out, errOut)
	}
}
