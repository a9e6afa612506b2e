package progress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeNow is a clock tests move by hand.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeNow) add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.b.String() }

// records parses JSON log lines.
func records(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rs []map[string]any
	for line := range strings.Lines(out) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		delete(r, "time")
		rs = append(rs, r)
	}
	return rs
}

func newLogged(buf *syncBuffer, clock *fakeNow, interval time.Duration) *Progress {
	log := slog.New(slog.NewJSONHandler(buf, nil))
	return New(buf, false, log, interval, WithClock(clock.now))
}

func TestOffATerminalEachCrawlGetsAProgressLine(t *testing.T) {
	tests := []struct {
		name     string
		expected int
		pages    int
		items    int
		errors   int
		after    time.Duration
		want     string // the line, as compact JSON without time
	}{
		{"an ETA from the previous run's pages", 200, 50, 1200, 2, 25 * time.Second,
			`{"competitor":"acme","errors":2,"eta":75000000000,"items":1200,"level":"INFO","msg":"progress","pages":"50/200","rate":"2.0/s"}`},
		{"no previous run: no ETA", 0, 30, 90, 0, 10 * time.Second,
			`{"competitor":"acme","errors":0,"items":90,"level":"INFO","msg":"progress","pages":"30","rate":"3.0/s"}`},
		{"past the previous count: no ETA", 10, 14, 14, 1, 7 * time.Second,
			`{"competitor":"acme","errors":1,"items":14,"level":"INFO","msg":"progress","pages":"14/10","rate":"2.0/s"}`},
		{"no page yet: rate 0, no ETA", 120, 0, 0, 0, 10 * time.Second,
			`{"competitor":"acme","errors":0,"items":0,"level":"INFO","msg":"progress","pages":"0/120","rate":"0.0/s"}`},
		{"a slow shop: ETA in hours", 9000, 3, 3, 0, 3 * time.Second,
			`{"competitor":"acme","errors":0,"eta":8997000000000,"items":3,"level":"INFO","msg":"progress","pages":"3/9000","rate":"1.0/s"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf syncBuffer
			clock := &fakeNow{t: time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)}
			p := newLogged(&buf, clock, time.Hour)
			defer p.Wait()
			tr := p.Track("acme", tt.expected)
			for range tt.pages {
				tr.Page()
			}
			tr.Items(tt.items)
			for range tt.errors {
				tr.Error()
			}
			clock.add(tt.after)
			p.Report()
			rs := records(t, buf.String())
			if len(rs) != 1 {
				t.Fatalf("%d lines, want 1:\n%s", len(rs), buf.String())
			}
			got, _ := json.Marshal(rs[0])
			if string(got) != tt.want {
				t.Errorf("line\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDoneLogsTheFinalCountsOnceAndStopsTheProgressLines(t *testing.T) {
	var buf syncBuffer
	clock := &fakeNow{t: time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)}
	p := newLogged(&buf, clock, time.Hour)
	ok, bad, cut := p.Track("acme", 4), p.Track("bolt", 0), p.Track("cyan", 9)
	for _, tr := range []*Tracker{ok, ok, ok, ok, bad, cut} {
		tr.Page()
	}
	bad.Error()
	clock.add(2 * time.Second)
	ok.Done("succeeded")
	ok.Done("failed") // ignored
	bad.Done("failed")
	clock.add(2 * time.Second)
	p.Report() // only cyan is still running
	p.Wait()   // cyan never finished
	p.Wait()
	rs := records(t, buf.String())
	type line struct{ level, msg, competitor, status string }
	var got []line
	for _, r := range rs {
		s, _ := r["status"].(string)
		got = append(got, line{r["level"].(string), r["msg"].(string), r["competitor"].(string), s})
	}
	want := []line{
		{"INFO", "crawl done", "acme", "succeeded"},
		{"WARN", "crawl done", "bolt", "failed"},
		{"INFO", "progress", "cyan", ""},
		{"WARN", "crawl done", "cyan", "unfinished"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines %v\nwant  %v", got, want)
	}
	if rs[0]["took"] != float64(2*time.Second) || rs[0]["pages"] != "4/4" {
		t.Errorf("acme's done line %v", rs[0])
	}
	if p.Track("late", 1) != nil {
		t.Error("Track after Wait returned a live tracker")
	}
}

func TestTheIntervalTimerWritesLinesOnItsOwn(t *testing.T) {
	var buf syncBuffer
	clock := &fakeNow{t: time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)}
	p := newLogged(&buf, clock, 5*time.Millisecond)
	tr := p.Track("acme", 10)
	tr.Page()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(buf.String(), `"msg":"progress"`) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 2 progress lines in 5 s:\n%s", buf.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	tr.Done("succeeded")
	p.Wait()
	n := strings.Count(buf.String(), "\n")
	time.Sleep(20 * time.Millisecond)
	if strings.Count(buf.String(), "\n") != n {
		t.Error("lines written after Wait")
	}
}

func TestConcurrentCrawlsCountExactly(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		t.Run(fmt.Sprintf("terminal=%v", terminal), func(t *testing.T) {
			var buf syncBuffer
			p := New(&buf, terminal, slog.New(slog.NewTextHandler(&buf, nil)), time.Millisecond, WithRefreshRate(time.Millisecond))
			trs := []*Tracker{p.Track("acme", 100), p.Track("bolt", 0)}
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					tr := trs[w%2]
					for range 250 {
						tr.Page()
						tr.Items(3)
					}
					tr.Error()
					_ = tr.Snapshot()
				})
			}
			wg.Wait()
			for _, tr := range trs {
				tr.Done("succeeded")
				s := tr.Snapshot()
				if s.Pages != 1000 || s.Items != 3000 || s.Errors != 4 || !s.Done {
					t.Errorf("%s: %+v", s.Competitor, s)
				}
			}
			p.Wait()
		})
	}
}

func TestOnATerminalBarsRenderEachCompetitor(t *testing.T) {
	var buf syncBuffer
	clock := &fakeNow{t: time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)}
	p := New(&buf, true, nil, 0, WithClock(clock.now), WithRefreshRate(time.Millisecond))
	acme, bolt, cyan := p.Track("acme", 40), p.Track("bolt-and-sons", 0), p.Track("cyan", 2)
	for range 12 {
		acme.Page()
	}
	acme.Items(300)
	bolt.Page()
	bolt.Error()
	for range 5 { // more pages than last time
		cyan.Page()
	}
	fmt.Fprintln(p, "level=WARN msg=\"a log line above the bars\"")
	clock.add(4 * time.Second)
	acme.Done("succeeded")
	bolt.Done("failed")
	p.Wait() // cyan: unfinished
	out := buf.String()
	for _, want := range []string{
		"acme", "12/40 pages  300 items  0 errors  3.0/s  succeeded in 4s",
		"bolt-and-sons", "1 pages  0 items  1 errors  0.2/s  failed in 4s",
		"cyan", "5/2 pages", "unfinished",
		"a log line above the bars",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, out)
		}
	}
	// After Wait, Write goes straight to the output.
	fmt.Fprint(p, "summary\n")
	if !strings.HasSuffix(buf.String(), "summary\n") {
		t.Error("Write after Wait lost")
	}
}

func TestANilProgressTracksNothing(t *testing.T) {
	var p *Progress
	tr := p.Track("acme", 10)
	tr.Page()
	tr.Items(3)
	tr.Error()
	tr.Done("succeeded")
	p.Report()
	p.Wait()
	if s := tr.Snapshot(); s.Pages != 0 || s.ETA != -1 {
		t.Errorf("nil tracker snapshot %+v", s)
	}
}
