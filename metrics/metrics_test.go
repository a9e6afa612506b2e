package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches /metrics from h as Prometheus would (text format) and
// parses the exposition.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse exposition: %v", err)
	}
	return fams
}

// value returns the sample of family name whose labels include want
// (a histogram's sample count), and whether there is one.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func TestACrawlsEventsAppearInTheScrapedExposition(t *testing.T) {
	m := New()
	started := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	m.RunStarted("acme")
	m.RunStarted("bolt")
	for _, st := range []int{200, 200, 204, 301, 404, 429, 503, 0, 0, 0, 99, 700} {
		m.PageFetched("acme", st)
	}
	m.Retried("acme")
	m.Retried("acme")
	for _, c := range []ErrorClass{ErrTimeout, Err4xx, Err5xx, Err5xx, ErrRobots, ErrOffDomain, ErrParse,
		ErrBodyTooLarge, ErrTruncated, ErrOther, "made-up class"} {
		m.Error("acme", c)
	}
	m.ItemsStored("acme", 40)
	m.ItemsStored("acme", 8)
	m.ItemsStored("acme", 0)
	m.CrawlSkipped("bolt")
	m.RunFinished("acme", "succeeded", started, started.Add(90*time.Second))

	fams := scrape(t, m.Handler())
	tests := []struct {
		name   string
		metric string
		labels map[string]string
		want   float64
	}{
		{"2xx pages", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "2xx"}, 3},
		{"3xx pages", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "3xx"}, 1},
		{"4xx pages", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "4xx"}, 2},
		{"5xx pages", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "5xx"}, 1},
		{"local files", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "file"}, 3},
		{"odd statuses", "shelfwatch_pages_fetched_total", map[string]string{"competitor": "acme", "class": "other"}, 2},
		{"retries", "shelfwatch_retries_total", map[string]string{"competitor": "acme"}, 2},
		{"timeouts", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "timeout"}, 1},
		{"5xx errors", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "5xx"}, 2},
		{"robots", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "robots"}, 1},
		{"off-domain", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "off_domain"}, 1},
		{"parse", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "parse"}, 1},
		{"body too large", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "body_too_large"}, 1},
		{"truncated", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "truncated"}, 1},
		{"unknown classes count as other", "shelfwatch_errors_total", map[string]string{"competitor": "acme", "class": "other"}, 2},
		{"items stored", "shelfwatch_items_stored_total", map[string]string{"competitor": "acme"}, 48},
		{"skipped crawls", "shelfwatch_crawls_skipped_total", map[string]string{"competitor": "bolt"}, 1},
		{"a finished run leaves progress", "shelfwatch_runs_in_progress", map[string]string{"competitor": "acme"}, 0},
		{"a running run is in progress", "shelfwatch_runs_in_progress", map[string]string{"competitor": "bolt"}, 1},
		{"one run duration observed", "shelfwatch_run_duration_seconds", map[string]string{"competitor": "acme"}, 1},
		{"last success time", "shelfwatch_last_success_timestamp_seconds", map[string]string{"competitor": "acme"}, float64(started.Add(90 * time.Second).Unix())},
		{"last status succeeded", "shelfwatch_last_run_status", map[string]string{"competitor": "acme", "status": "succeeded"}, 1},
		{"other statuses are 0", "shelfwatch_last_run_status", map[string]string{"competitor": "acme", "status": "failed"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := value(fams, tt.metric, tt.labels)
			if !ok || got != tt.want {
				t.Errorf("%s%v = %v (present %v), want %v", tt.metric, tt.labels, got, ok, tt.want)
			}
		})
	}
	if _, ok := value(fams, "shelfwatch_errors_total", map[string]string{"class": "made-up class"}); ok {
		t.Error("an unknown error class became a label value")
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
	h := fams["shelfwatch_run_duration_seconds"].Metric[0].Histogram
	if h.GetSampleSum() != 90 {
		t.Errorf("duration sum %v, want 90", h.GetSampleSum())
	}
}

func TestTheLastRunStatusMovesAndSuccessTimeStays(t *testing.T) {
	m := New(WithoutRuntimeMetrics())
	t0 := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	runs := []struct {
		status string
		at     time.Time
	}{
		{"succeeded", t0},
		{"failed", t0.Add(24 * time.Hour)},
		{"interrupted", t0.Add(48 * time.Hour)},
		{"quarantined", t0.Add(72 * time.Hour)}, // a status added later still shows
	}
	for i, r := range runs {
		m.RunStarted("acme")
		m.RunFinished("acme", r.status, r.at.Add(-time.Minute), r.at)
		fams := scrape(t, m.Handler())
		for _, s := range append(slices.Clone(RunStatuses), "quarantined") {
			want := 0.0
			if s == r.status {
				want = 1
			}
			got, ok := value(fams, "shelfwatch_last_run_status", map[string]string{"competitor": "acme", "status": s})
			if s == "quarantined" && i < 3 {
				if ok {
					t.Errorf("run %d: status %q exposed before it happened", i, s)
				}
				continue
			}
			if !ok || got != want {
				t.Errorf("run %d (%s): last_run_status{status=%q} = %v (present %v), want %v", i, r.status, s, got, ok, want)
			}
		}
		if got, _ := value(fams, "shelfwatch_last_success_timestamp_seconds", map[string]string{"competitor": "acme"}); got != float64(t0.Unix()) {
			t.Errorf("run %d: last success %v, want the first run's %v", i, got, t0.Unix())
		}
	}
	if _, ok := scrape(t, m.Handler())["go_goroutines"]; ok {
		t.Error("runtime metrics registered despite WithoutRuntimeMetrics")
	}
}

func TestAWorkerLabelIsOnEveryShelfwatchMetric(t *testing.T) {
	m := New(WithWorker("crawler-2"))
	m.RunStarted("acme")
	m.PageFetched("acme", 200)
	m.Retried("acme")
	m.Error("acme", ErrParse)
	m.ItemsStored("acme", 1)
	m.CrawlSkipped("acme")
	m.RunFinished("acme", "failed", time.Unix(0, 0), time.Unix(5, 0))
	m.RunFinished("acme", "succeeded", time.Unix(0, 0), time.Unix(5, 0))
	n := 0
	for name, f := range scrape(t, m.Handler()) {
		if !strings.HasPrefix(name, "shelfwatch_") {
			continue
		}
		n++
		for _, s := range f.Metric {
			if !slices.ContainsFunc(s.Label, func(l *dto.LabelPair) bool { return l.GetName() == "worker" && l.GetValue() == "crawler-2" }) {
				t.Errorf("%s sample without worker label: %v", name, s.Label)
			}
		}
	}
	if n != 9 {
		t.Errorf("%d shelfwatch families, want 9", n)
	}
}

func TestTwoInstancesDoNotShareARegistry(t *testing.T) {
	a, b := New(), New() // would panic with duplicate registration on a shared registry
	a.PageFetched("acme", 200)
	if _, ok := value(scrape(t, b.Handler()), "shelfwatch_pages_fetched_total", nil); ok {
		t.Error("b exposes a's page")
	}
}

func TestANilMetricsRecordsNothingAndDoesNotPanic(t *testing.T) {
	var m *Metrics
	m.RunStarted("acme")
	m.PageFetched("acme", 200)
	m.Retried("acme")
	m.Error("acme", ErrTimeout)
	m.ItemsStored("acme", 3)
	m.CrawlSkipped("acme")
	m.RunFinished("acme", "succeeded", time.Now(), time.Now())
}

func TestConcurrentRecordingCountsEveryEvent(t *testing.T) {
	m := New(WithoutRuntimeMetrics())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			c := fmt.Sprintf("shop%d", w%2)
			for range 500 {
				m.PageFetched(c, 200)
				m.ItemsStored(c, 2)
			}
			m.RunStarted(c)
			m.RunFinished(c, "succeeded", time.Unix(0, 0), time.Unix(1, 0))
		})
	}
	wg.Wait()
	fams := scrape(t, m.Handler())
	for _, c := range []string{"shop0", "shop1"} {
		if got, _ := value(fams, "shelfwatch_pages_fetched_total", map[string]string{"competitor": c}); got != 2000 {
			t.Errorf("%s pages %v, want 2000", c, got)
		}
		if got, _ := value(fams, "shelfwatch_items_stored_total", map[string]string{"competitor": c}); got != 4000 {
			t.Errorf("%s items %v, want 4000", c, got)
		}
	}
}

func TestStatusErrorClass(t *testing.T) {
	for status, want := range map[int]ErrorClass{400: Err4xx, 404: Err4xx, 429: Err4xx, 499: Err4xx,
		500: Err5xx, 503: Err5xx, 599: Err5xx, 200: ErrOther, 302: ErrOther, 0: ErrOther, 600: ErrOther} {
		if got := StatusErrorClass(status); got != want {
			t.Errorf("StatusErrorClass(%d) = %q, want %q", status, got, want)
		}
	}
}

func get(t *testing.T, h http.Handler, path string) (int, Health) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	var body Health
	if rec.Code != 404 {
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %q: %v", rec.Body.String(), err)
		}
	}
	return rec.Code, body
}

func TestHealthzIs200WhileEveryCheckPassesAnd503NamingTheFailures(t *testing.T) {
	ok := func(context.Context) error { return nil }
	down := func(context.Context) error { return errors.New("dial tcp 127.0.0.1:5432: connection refused") }
	hang := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	block := make(chan struct{})
	defer close(block)
	deaf := func(context.Context) error { <-block; return nil } // ignores its context
	tests := []struct {
		name    string
		checks  []Check
		code    int
		failing []string
		detail  map[string]string
	}{
		{"all pass", []Check{{Name: "scheduler", Up: "alive", Probe: ok}, {Name: "database", Probe: ok}},
			200, nil, map[string]string{"scheduler": "alive", "database": "ok"}},
		{"no checks is healthy", nil, 200, nil, map[string]string{}},
		{"a refused database", []Check{{Name: "scheduler", Up: "alive", Probe: ok}, {Name: "database", Probe: down}},
			503, []string{"database"}, map[string]string{"scheduler": "alive", "database": "error: dial tcp 127.0.0.1:5432: connection refused"}},
		{"a database that never answers times out", []Check{{Name: "database", Probe: hang, Timeout: 20 * time.Millisecond}},
			503, []string{"database"}, nil},
		{"a probe that ignores its context is abandoned", []Check{{Name: "database", Probe: deaf, Timeout: 20 * time.Millisecond}, {Name: "scheduler", Probe: ok}},
			503, []string{"database"}, map[string]string{"database": "error: no answer within 20ms", "scheduler": "ok"}},
		{"two failures are both named, sorted", []Check{{Name: "scheduler", Probe: func(context.Context) error { return errors.New("scheduler stopped") }}, {Name: "database", Probe: down}},
			503, []string{"database", "scheduler"}, nil},
		{"a check without a probe fails", []Check{{Name: "broken"}}, 503, []string{"broken"}, map[string]string{"broken": "error: no probe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, h := get(t, New().Handler(tt.checks...), "/healthz")
			if time.Since(start) > 2*time.Second {
				t.Errorf("/healthz took %s", time.Since(start))
			}
			if code != tt.code || !slices.Equal(h.Failing, tt.failing) {
				t.Errorf("code %d failing %v, want %d %v", code, h.Failing, tt.code, tt.failing)
			}
			if want := map[int]string{200: "ok", 503: "unavailable"}[tt.code]; h.Status != want {
				t.Errorf("status %q, want %q", h.Status, want)
			}
			for k, v := range tt.detail {
				if h.Checks[k] != v {
					t.Errorf("checks[%s] = %q, want %q", k, h.Checks[k], v)
				}
			}
		})
	}
}

func TestOtherPathsAre404(t *testing.T) {
	for _, p := range []string{"/", "/metricsx", "/health"} {
		if code, _ := get(t, New().Handler(), p); code != 404 {
			t.Errorf("%s: %d, want 404", p, code)
		}
	}
}

func TestServeAnswersUntilItsContextEnds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := New(WithoutRuntimeMetrics())
	m.PageFetched("acme", 200)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, m.Handler()) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `shelfwatch_pages_fetched_total{class="2xx",competitor="acme"} 1`) {
		t.Errorf("metrics body:\n%s", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/metrics"); err == nil {
		t.Error("still serving after shutdown")
	}
}
