package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/schedule/scheduletest"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// hookServer is a generic JSON webhook that keeps what it receives.
type hookServer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []notify.Summary
	auth []string
}

func newHookServer(t *testing.T) *hookServer {
	h := &hookServer{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s notify.Summary
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.got = append(h.got, s)
		h.auth = append(h.auth, r.Header.Get("Authorization"))
		h.mu.Unlock()
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookServer) received() []notify.Summary {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]notify.Summary(nil), h.got...)
}

// TestTheDaemonsDigestShowsTheCrawlsItJustMade runs the daemon on a hand
// clock from Monday 06:00 UTC (the weekly crawl's slot) to 07:00 (the
// digest's): the digest is built in-process, with no report binary
// anywhere, and covers the seven days up to 07:00, so it compares that
// morning's crawl with the week before's. Report digest's default window,
// the last complete ISO week, would have shown only the week before's. With
// send: true the same digest reaches the notify: webhook.
func TestTheDaemonsDigestShowsTheCrawlsItJustMade(t *testing.T) {
	// No report binary on PATH: the old digest job ran `report digest`.
	t.Setenv("PATH", t.TempDir())
	s := newSlowShop(t, 1, 0)
	hook := newHookServer(t)
	out := filepath.Join(t.TempDir(), "digest.json")
	cfgPath := shopConfig(t, s.srv.URL)
	appendTo(t, cfgPath, `schedule: "CRON_TZ=UTC 0 6 * * 1"
digest: {schedule: "CRON_TZ=UTC 0 7 * * 1", output: `+out+`, format: json, send: true}
notify:
  retry: {attempts: 1}
  destinations:
    - {name: planning, type: webhook, url: `+hook.srv.URL+`/hook, token_env: PLANNING_TOKEN}
`)
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.MustOpen(t, store.DialectSQLite)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// Last week's crawl, Monday 06:00 of ISO week 2026-W46, with other
	// prices; the daemon starts after it, so no catch-up crawl is due
	// before this week's slot.
	lastWeek := time.Date(2026, 11, 9, 6, 0, 0, 0, time.UTC)
	run, err := db.StartRun(ctx, "acme", lastWeek)
	if err != nil {
		t.Fatal(err)
	}
	var was []pricing.Offer
	for i := 1; i <= 3; i++ {
		sku := fmt.Sprintf("SKU-1-%d", i)
		was = append(was, pricing.Offer{Competitor: "acme", Key: pricing.ListingKey(sku, "", ""), SKU: sku,
			URL: fmt.Sprintf("%s/p/1-%d", s.srv.URL, i), Title: fmt.Sprintf("Phone 1-%d", i),
			Price: &pricing.Money{Amount: pricing.MustAmount("150"), Currency: "CNY"}, Availability: pricing.InStock})
	}
	if err := db.SaveOffers(ctx, run.ID, was); err != nil {
		t.Fatal(err)
	}
	run.Status, run.FinishedAt, run.Pages, run.Items, run.WithPrice = store.RunSucceeded, lastWeek.Add(time.Minute), 1, 3, 3
	if err := db.FinishRun(ctx, run); err != nil {
		t.Fatal(err)
	}

	clock := scheduletest.NewClock(time.Date(2026, 11, 16, 5, 59, 0, 0, time.UTC))
	e := &env{getenv: func(k string) string {
		if k == "PLANNING_TOKEN" {
			return "tok-123"
		}
		return ""
	}, stdout: io.Discard, stderr: io.Discard, now: clock.Now}
	d, err := newDaemon(e, cfg, db, slog.New(slog.NewTextHandler(t.Output(), nil)), clock)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.run(ctx, nil) }()

	if err := clock.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC))
	waitFor(t, "this Monday's crawl", func() bool {
		runs, _ := db.LatestRuns(context.Background(), "acme", store.RunSucceeded, 0)
		return len(runs) == 2 && len(d.scheduler.Running()) == 0
	})
	if err := clock.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC))
	waitFor(t, "the digest file and the webhook", func() bool {
		_, err := os.Stat(out)
		return err == nil && len(hook.received()) > 0
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("daemon: %v", err)
	}

	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var feed render.DigestFeed
	if err := json.Unmarshal(raw, &feed); err != nil {
		t.Fatalf("digest JSON: %v\n%s", err, raw)
	}
	if len(feed.Runs.Current) != 1 || !strings.HasPrefix(feed.Runs.Current[0].StartedAt, "2026-11-16T06:00") {
		t.Errorf("current runs %+v, want this Monday's 06:00 crawl", feed.Runs.Current)
	}
	if len(feed.Runs.Previous) != 1 || !strings.HasPrefix(feed.Runs.Previous[0].StartedAt, "2026-11-09T06:00") {
		t.Errorf("previous runs %+v, want last Monday's crawl", feed.Runs.Previous)
	}
	if !strings.HasPrefix(feed.Window.Until, "2026-11-16T07:00") {
		t.Errorf("window %+v, want it to end at the digest's slot", feed.Window)
	}
	if feed.ChangeCounts.Total.PriceDown != 3 {
		t.Errorf("want the three prices cut between the two Mondays: %+v", feed.ChangeCounts.Total)
	}
	got := hook.received()
	if len(got) != 1 {
		t.Fatalf("webhook received %d digests, want 1", len(got))
	}
	if got[0].Schema != notify.SummarySchema || len(got[0].Runs) != 1 || got[0].Runs[0].RunID != feed.Runs.Current[0].RunID {
		t.Errorf("webhook summary %+v, want the file's current run", got[0])
	}
	if hook.auth[0] != "Bearer tok-123" {
		t.Errorf("webhook Authorization %q", hook.auth[0])
	}
}

// TestTheDaemonRefusesADigestItCannotSend: a secret the digest's
// destinations need is checked at start-up (exit 2), not at the first
// digest a week later.
func TestTheDaemonRefusesADigestItCannotSend(t *testing.T) {
	cfgPath := shopConfig(t, "http://127.0.0.1:1")
	appendTo(t, cfgPath, `digest: {send: true}
notify:
  destinations:
    - {name: buyers, type: slack, url_env: SLACK_WEBHOOK_URL}
`)
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.MustOpen(t, store.DialectSQLite)
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	_, err = newDaemon(e, cfg, db, slog.New(slog.DiscardHandler), nil)
	var ue cmdline.UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "SLACK_WEBHOOK_URL") {
		t.Errorf("err = %v, want a usage error naming the unset variable", err)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s after 20 s", what)
}
