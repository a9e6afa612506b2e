package monitor

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
)

func TestRunImportsCrawlsSavesAndMatches(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 3, 4)
		m, db := testMonitor(t, dialect, s.competitor("acme"))
		dir := t.TempDir()
		cat := filepath.Join(dir, "catalog.csv")
		os.WriteFile(cat, []byte("sku,title,brand,category,price,currency\nOUR-1,Phone 1-1,Acme,Phones,101.00,CNY\nOUR-2,Phone 3-4,Acme,Phones,304.00,CNY\n"), 0o644)
		m.Config.Catalog = cat
		rep := mustRun(t, m, Options{})
		if rep.Catalog == nil || rep.Catalog.Imported != 2 || rep.CatalogErr != nil {
			t.Errorf("catalog %+v, err %v; want 2 items imported", rep.Catalog, rep.CatalogErr)
		}
		if len(rep.Results) != 1 {
			t.Fatalf("%d results", len(rep.Results))
		}
		r := rep.Results[0]
		if r.Err != nil || r.Run.Status != store.RunSucceeded || r.Run.Pages != 15 || r.Run.Items != 12 || r.Run.WithPrice != 12 {
			t.Errorf("result %+v; want succeeded, 15 pages, 12 items with prices", r)
		}
		offers, err := db.RunOffers(context.Background(), r.Run.ID)
		if err != nil || len(offers) != 12 {
			t.Errorf("stored %d offers (%v), want 12", len(offers), err)
		}
		stored, err := db.Run(context.Background(), r.Run.ID)
		if err != nil || stored.Status != store.RunSucceeded || stored.Items != 12 || stored.FinishedAt.IsZero() {
			t.Errorf("stored run %+v (%v)", stored, err)
		}
		if rep.Match == nil || rep.Match.Auto+rep.Match.Candidates == 0 {
			t.Errorf("match report %+v, want the catalog matched", rep.Match)
		}
		for uri, n := range s.allHits() {
			if n != 1 && uri != "/robots.txt" {
				t.Errorf("%s fetched %d times", uri, n)
			}
		}
		if err := rep.Err(); err != nil {
			t.Errorf("Report.Err() = %v", err)
		}
	})
}

func TestRunSkipsACompetitorAnotherCrawlHolds(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 1, 2)
		m, db := testMonitor(t, dialect, s.competitor("acme"), s.competitor("other"))
		started := time.Date(2026, 11, 16, 12, 3, 0, 0, time.Local)
		lock, err := db.LockCompetitor(context.Background(), "acme", store.Holder{Host: "web1", PID: 99, Started: started})
		if err != nil {
			t.Fatal(err)
		}
		defer lock.Release(context.Background())
		rep := mustRun(t, m, Options{SkipMatch: true})
		if r := rep.Results[0]; r.Skipped == nil || r.Err != nil || r.Run.ID != 0 {
			t.Errorf("acme: %+v; want skipped without a run", r)
		}
		if r := rep.Results[1]; r.Skipped != nil || r.Run.Status != store.RunSucceeded {
			t.Errorf("other: %+v; want crawled", r)
		}
		if err := rep.Err(); err != nil {
			t.Errorf("a skipped competitor is no failure: Err() = %v", err)
		}
		var out bytes.Buffer
		rep.PrintSummary(&out)
		want := "SKIPPED acme: a crawl started 2026-11-16 12:03 "
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "by web1/99 is still running") {
			t.Errorf("summary:\n%s\nwant a line %q… by web1/99 is still running", out.String(), want)
		}
		if runs, _ := db.LatestRuns(context.Background(), "acme", "", 0); len(runs) != 0 {
			t.Errorf("acme has %d runs, want none", len(runs))
		}
	})
}

func TestRunMarksRunsOfDeadCrawlsAbandoned(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 1, 2)
		m, db := testMonitor(t, dialect, s.competitor("acme"))
		ctx := context.Background()
		dead, err := db.StartRun(ctx, "acme", t0.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		rep := mustRun(t, m, Options{SkipMatch: true})
		if r := rep.Results[0]; r.Abandoned != 1 || r.Run.Status != store.RunSucceeded || r.Run.ID == dead.ID {
			t.Errorf("result %+v; want 1 run abandoned and a new run succeeded", r)
		}
		got, err := db.Run(ctx, dead.ID)
		if err != nil || got.Status != store.RunAbandoned {
			t.Errorf("dead run is %s (%v), want abandoned", got.Status, err)
		}
		var out bytes.Buffer
		rep.PrintSummary(&out)
		if !strings.Contains(out.String(), "ABANDONED acme: 1 run(s)") {
			t.Errorf("summary:\n%s", out.String())
		}
	})
}

// TestCancelStopsFlushesAndResumeFinishes stops a crawl while a page hangs:
// Run returns at once with the run interrupted and the pages read before
// saved; --resume then continues the same run without fetching those
// pages again, and every item ends up stored once.
func TestCancelStopsFlushesAndResumeFinishes(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 3, 3)
		comp := s.competitor("acme")
		comp.Parallelism = 2 // page 1's products are read while page 2 hangs
		m, db := testMonitor(t, dialect, comp)
		release := s.holdPage("/list?page=2")
		s.mu.Lock()
		s.seen = make(chan string, 100)
		s.mu.Unlock()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Report)
		go func() {
			rep, _ := m.Run(ctx, Options{SkipMatch: true})
			done <- rep
		}()
		// Wait for the hanging page to be asked for, and the product pages
		// of page 1 to be read.
		deadline := time.After(10 * time.Second)
		for got := false; !got; {
			select {
			case uri := <-s.seen:
				got = uri == "/list?page=2"
			case <-deadline:
				t.Fatal("page 2 never requested")
			}
		}
		time.Sleep(300 * time.Millisecond)
		start := time.Now()
		cancel()
		var rep Report
		select {
		case rep = <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return within 5 s of the cancel")
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("Run took %s after the cancel", took)
		}
		release()
		r := rep.Results[0]
		if r.Run.Status != store.RunInterrupted || r.Err == nil {
			t.Fatalf("result %+v; want interrupted with an error", r)
		}
		stored, _ := db.Run(context.Background(), r.Run.ID)
		if stored.Status != store.RunInterrupted || !strings.Contains(stored.Reason, "--resume") {
			t.Errorf("stored run %+v", stored)
		}
		firstHits := s.allHits()
		saved, _ := db.RunOffers(context.Background(), r.Run.ID)
		if len(saved) == 0 {
			t.Error("nothing saved before the cancel")
		}
		donePages, _ := db.DonePages(context.Background(), r.Run.ID)
		if len(donePages) == 0 {
			t.Error("no page recorded done before the cancel")
		}

		rep2 := mustRun(t, m, Options{Resume: true, SkipMatch: true})
		r2 := rep2.Results[0]
		if !r2.Resumed || r2.Run.ID != r.Run.ID || r2.Run.Status != store.RunSucceeded || r2.Err != nil {
			t.Fatalf("resumed result %+v; want run %d succeeded", r2, r.Run.ID)
		}
		offers, _ := db.RunOffers(context.Background(), r.Run.ID)
		keys := map[string]int{}
		for _, o := range offers {
			keys[o.Key]++
		}
		if len(offers) != 9 || len(keys) != 9 {
			t.Errorf("after resuming: %d offers, %d keys; want 9 items stored once each", len(offers), len(keys))
		}
		for _, p := range donePages {
			uri := strings.TrimPrefix(p.URL, s.srv.URL)
			if n := s.hitsOf(uri); n != firstHits[uri] {
				t.Errorf("%s was saved before the cancel and fetched again on resume (%d fetches, %d before)", uri, n, firstHits[uri])
			}
		}
		var out bytes.Buffer
		rep.PrintSummary(&out)
		if !strings.Contains(out.String(), "INTERRUPTED acme:") {
			t.Errorf("summary:\n%s", out.String())
		}
	})
}
