package schedule_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/schedule"
	"github.com/shelfwatch/shelfwatch/schedule/scheduletest"
)

var _ schedule.SkipCounter = (*metrics.Metrics)(nil)

// shopRunner stands in for the run lifecycle: it fetches three pages per
// competitor from an httptest shop and records what happened in m, the
// way the lifecycle will.
type shopRunner struct {
	shop  string
	m     *metrics.Metrics
	clock schedule.Clock
	runs  atomic.Int32
	done  chan struct{}
}

func (r *shopRunner) Run(ctx context.Context, competitors []string) error {
	defer func() { r.done <- struct{}{} }()
	r.runs.Add(1)
	var failed []string
	for _, c := range competitors {
		started := r.clock.Now()
		r.m.RunStarted(c)
		status := "succeeded"
		for page := 1; page <= 3; page++ {
			req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/%s/%d", r.shop, c, page), nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				r.m.Error(c, metrics.ErrOther)
				status = "failed"
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			r.m.PageFetched(c, resp.StatusCode)
			if resp.StatusCode >= 400 {
				r.m.Error(c, metrics.StatusErrorClass(resp.StatusCode))
				status = "failed"
				continue
			}
			r.m.ItemsStored(c, 10)
		}
		r.m.RunFinished(c, status, started, r.clock.Now())
		if status != "succeeded" {
			failed = append(failed, c)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("crawl %s: site failed", strings.Join(failed, ", "))
	}
	return nil
}

// TestTheDaemonThroughTwoSlotsAgainstAShopThenMetricsAndHealth wires the
// scheduler, the metrics and /healthz together as `crawler schedule` will.
func TestTheDaemonThroughTwoSlotsAgainstAShopThenMetricsAndHealth(t *testing.T) {
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bolt/2" {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<html>ten offers</html>")
	}))
	defer shop.Close()

	clock := scheduletest.NewClock(time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC))
	m := metrics.New(metrics.WithoutRuntimeMetrics())
	runner := &shopRunner{shop: shop.URL, m: m, clock: clock, done: make(chan struct{}, 4)}
	s, err := schedule.New(schedule.Config{
		Schedule:    "0 6 * * *",
		Competitors: []schedule.Competitor{{Name: "acme"}, {Name: "bolt"}},
		Location:    time.UTC,
	}, schedule.Deps{Runner: runner, Clock: clock, Skips: m})
	if err != nil {
		t.Fatal(err)
	}
	dbUp := atomic.Bool{}
	dbUp.Store(true)
	h := m.Handler(
		metrics.Check{Name: "scheduler", Up: "alive", Probe: s.Check},
		metrics.Check{Name: "database", Probe: func(context.Context) error {
			if !dbUp.Load() {
				return fmt.Errorf("ping: connection refused")
			}
			return nil
		}},
	)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	wait := func() {
		t.Helper()
		bctx, bcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer bcancel()
		if err := clock.BlockUntil(bctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	for _, slot := range []time.Time{
		time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC),
	} {
		wait()
		clock.Set(slot)
		select {
		case <-runner.done:
		case <-time.After(5 * time.Second):
			t.Fatalf("no crawl at %s", slot)
		}
		// The crawl returned; wait for the scheduler to free its
		// competitors before the clock jumps to the next slot.
		for deadline := time.Now().Add(5 * time.Second); len(s.Running()) > 0; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("still running after the crawl returned: %v", s.Running())
			}
		}
	}
	wait()

	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	_, body := get("/metrics")
	for _, want := range []string{
		`shelfwatch_pages_fetched_total{class="2xx",competitor="acme"} 6`,
		`shelfwatch_pages_fetched_total{class="2xx",competitor="bolt"} 4`,
		`shelfwatch_pages_fetched_total{class="5xx",competitor="bolt"} 2`,
		`shelfwatch_errors_total{class="5xx",competitor="bolt"} 2`,
		`shelfwatch_items_stored_total{competitor="acme"} 60`,
		`shelfwatch_last_run_status{competitor="acme",status="succeeded"} 1`,
		`shelfwatch_last_run_status{competitor="bolt",status="failed"} 1`,
		`shelfwatch_runs_in_progress{competitor="acme"} 0`,
		`shelfwatch_run_duration_seconds_count{competitor="bolt"} 2`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `shelfwatch_last_success_timestamp_seconds{competitor="bolt"}`) {
		t.Error("bolt never succeeded but has a last success time")
	}
	if n := runner.runs.Load(); n != 2 {
		t.Errorf("%d Run calls, want 2 (one per slot, both competitors together)", n)
	}

	health := func(wantCode int, wantFailing string) {
		t.Helper()
		code, body := get("/healthz")
		var hb metrics.Health
		if err := json.Unmarshal([]byte(body), &hb); err != nil {
			t.Fatal(err)
		}
		if code != wantCode || strings.Join(hb.Failing, ",") != wantFailing {
			t.Errorf("/healthz %d failing %q, want %d %q: %s", code, hb.Failing, wantCode, wantFailing, body)
		}
	}
	health(200, "")
	dbUp.Store(false)
	health(503, "database")
	dbUp.Store(true)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	health(503, "scheduler")
}
