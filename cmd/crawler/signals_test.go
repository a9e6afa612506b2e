package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

func TestStopOnSignals(t *testing.T) {
	tests := []struct {
		name       string
		signals    int
		wantCancel bool
		wantExit   int // -1: exit not called
		wantStderr []string
	}{
		{"no signal", 0, false, -1, nil},
		{"one signal stops cleanly", 1, true, -1, []string{"stopping: saving what was fetched"}},
		{"a second signal exits at once", 2, true, 130, []string{"stopping", "second signal: exiting at once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs := make(chan os.Signal, 2)
			for range tt.signals {
				sigs <- syscall.SIGTERM
			}
			close(sigs)
			var cancelled atomic.Bool
			exited := -1
			var stderr bytes.Buffer
			stopOnSignals(sigs, func() { cancelled.Store(true) }, func(code int) { exited = code }, &stderr)
			if cancelled.Load() != tt.wantCancel || exited != tt.wantExit {
				t.Errorf("cancelled %v exit %d, want %v %d", cancelled.Load(), exited, tt.wantCancel, tt.wantExit)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr %q, want %q in it", stderr.String(), w)
				}
			}
			if tt.signals == 0 && stderr.Len() > 0 {
				t.Errorf("stderr %q without a signal", stderr.String())
			}
		})
	}
}

// TestSIGTERMStopsACrawlAndKeepsWhatItFetched sends `crawler run` SIGTERM
// mid-crawl, as systemd or a Ctrl-C would: it exits within seconds, its run
// is interrupted (not left running, not succeeded), and every page saved
// before the signal keeps its offers. (What a second signal does is
// TestStopOnSignals: in a child process, whether the clean stop or the
// second signal ends it first is a race.)
func TestSIGTERMStopsACrawlAndKeepsWhatItFetched(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run("on "+dialect, func(t *testing.T) {
			const pages = 40
			s := newSlowShop(t, pages, 150*time.Millisecond)
			dsn := storetest.MustDSN(t, dialect)
			cfg := shopConfig(t, s.srv.URL)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			cmd := crawlerCmd(t, dsn, cfg)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			runID := waitForSavedPages(t, db, 3)
			start := time.Now()
			cmd.Process.Signal(syscall.SIGTERM)
			err = cmd.Wait()
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("exited %v after SIGTERM, want within a few seconds", took)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Errorf("exit: %v, want status 1 (the crawl did not finish)\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "INTERRUPTED acme") {
				t.Errorf("output:\n%s\nwant an INTERRUPTED line", out.String())
			}
			run, err := db.Run(ctx, runID)
			if err != nil || run.Status != store.RunInterrupted {
				t.Fatalf("run %d: %+v (%v), want interrupted", runID, run, err)
			}
			done, err := db.DonePages(ctx, runID)
			if err != nil {
				t.Fatal(err)
			}
			offers, err := db.RunOffers(ctx, runID)
			if err != nil {
				t.Fatal(err)
			}
			if len(done) < 3 || len(done) >= pages*4 || len(offers) < 3 {
				t.Errorf("%d pages and %d offers kept, want those saved before the signal and not the whole shop", len(done), len(offers))
			}

		})
	}
}

// waitForSavedPages waits until the latest run of acme has saved n pages
// and returns its id.
func waitForSavedPages(t *testing.T, db *store.DB, n int) int64 {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		runs, _ := db.LatestRuns(ctx, "acme", "", 1)
		if len(runs) == 1 && runs[0].Status == store.RunRunning {
			if done, _ := db.DonePages(ctx, runs[0].ID); len(done) >= n {
				return runs[0].ID
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no run saved %d pages within 30 s", n)
	return 0
}
