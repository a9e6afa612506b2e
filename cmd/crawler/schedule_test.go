package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/schedule/scheduletest"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// TestTheDaemonCrawlsAtItsSlotsAndReportsMetrics runs the daemon on a
// hand-driven clock against an httptest shop: the never-crawled competitor
// is caught up at start-up, then crawled at each of two slots; /metrics
// counts the pages, items and runs, and /healthz answers 200 while the loop
// is alive.
func TestTheDaemonCrawlsAtItsSlotsAndReportsMetrics(t *testing.T) {
	s := newSlowShop(t, 2, 0)
	cfgPath := shopConfig(t, s.srv.URL)
	appendTo(t, cfgPath, "schedule: \"*/10 * * * *\"\n")
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.MustOpen(t, store.DialectSQLite)
	clock := scheduletest.NewClock(time.Date(2026, 11, 16, 12, 3, 0, 0, time.UTC))
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: clock.Now}
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	d, err := newDaemon(e, cfg, db, log, clock)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.run(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	waitRuns := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			runs, _ := db.LatestRuns(context.Background(), "acme", store.RunSucceeded, 0)
			if len(runs) >= n && len(d.scheduler.Running()) == 0 {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("fewer than %d succeeded runs after 20 s", n)
	}
	waitRuns(1) // the catch-up at start-up
	for slot := 1; slot <= 2; slot++ {
		if err := clock.BlockUntil(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clock.Set(time.Date(2026, 11, 16, 12, 10*slot, 0, 0, time.UTC))
		waitRuns(1 + slot)
	}

	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if resp.StatusCode != 200 || health.Checks["scheduler"] != "alive" || health.Checks["database"] != "answers" {
		t.Errorf("/healthz %d %+v", resp.StatusCode, health)
	}
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// Three crawls of 2 listing pages and 6 product pages, 6 items each.
	for _, series := range []string{
		`shelfwatch_pages_fetched_total{class="2xx",competitor="acme"} 24`,
		`shelfwatch_items_stored_total{competitor="acme"} 18`,
		`shelfwatch_last_run_status{competitor="acme",status="succeeded"} 1`,
		`shelfwatch_last_run_status{competitor="acme",status="failed"} 0`,
		`shelfwatch_runs_in_progress{competitor="acme"} 0`,
		`shelfwatch_run_duration_seconds_count{competitor="acme"} 3`,
	} {
		if !bytes.Contains(body, []byte(series)) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", grep(string(body), "shelfwatch_"))
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("daemon: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("daemon did not stop within 10 s of its context")
	}
}

func grep(text, sub string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
