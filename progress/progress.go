// Package progress shows how far each competitor's crawl has come: pages,
// items, errors, the page rate and an ETA from the page count of the
// competitor's previous run.
//
// On a terminal each competitor gets a live bar (github.com/vbauerster/mpb);
// elsewhere (a log file, journald, CI) a slog line per competitor is written
// every interval, and one when its crawl is done.
//
//	p := progress.New(os.Stderr, isTerminal, logger, 10*time.Second)
//	t := p.Track("acme", previousRunPages) // 0: unknown, no ETA
//	t.Page(); t.Items(24); t.Error()
//	t.Done("succeeded")
//	p.Wait() // before printing the run summary
//
// Everything is safe for concurrent use. A nil *Progress tracks nothing and
// its Track returns a nil *Tracker whose methods do nothing, so a command
// run with -q passes nil instead of branching at every call.
package progress

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// DefaultInterval is the time between log lines off a terminal.
const DefaultInterval = 10 * time.Second

// Progress tracks the crawls of one command run.
type Progress struct {
	w        io.Writer
	log      *slog.Logger
	interval time.Duration
	now      func() time.Time
	refresh  time.Duration
	bars     *mpb.Progress // nil off a terminal

	mu       sync.Mutex
	trackers []*Tracker
	waited   bool

	stop     chan struct{}
	stopped  chan struct{}
	waitOnce sync.Once
}

// Option configures New.
type Option func(*Progress)

// WithClock makes rates and ETAs use now instead of time.Now.
func WithClock(now func() time.Time) Option { return func(p *Progress) { p.now = now } }

// WithRefreshRate sets how often terminal bars are redrawn (mpb's default
// is 150 ms).
func WithRefreshRate(d time.Duration) Option {
	return func(p *Progress) { p.refresh = d }
}

// New returns a Progress writing to w. isTerminal chooses live bars (true)
// or log lines through logger every interval (false; interval <= 0 means
// DefaultInterval). logger may be nil on a terminal; off a terminal nil
// logs to w as text.
func New(w io.Writer, isTerminal bool, logger *slog.Logger, interval time.Duration, opts ...Option) *Progress {
	p := &Progress{w: w, log: logger, interval: interval, now: time.Now}
	for _, o := range opts {
		o(p)
	}
	if p.interval <= 0 {
		p.interval = DefaultInterval
	}
	if isTerminal {
		mo := []mpb.ContainerOption{mpb.WithOutput(w), mpb.WithAutoRefresh()}
		if p.refresh > 0 {
			mo = append(mo, mpb.WithRefreshRate(p.refresh))
		}
		p.bars = mpb.New(mo...)
		return p
	}
	if p.log == nil {
		p.log = slog.New(slog.NewTextHandler(w, nil))
	}
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	go p.logEvery()
	return p
}

// Track starts tracking competitor's crawl. expectedPages is the page count
// of its previous run, for the ETA; 0 means unknown. After Wait, Track
// returns nil (a Tracker that does nothing).
func (p *Progress) Track(competitor string, expectedPages int) *Tracker {
	if p == nil {
		return nil
	}
	t := &Tracker{p: p, competitor: competitor, expected: int64(max(expectedPages, 0)), start: p.now()}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waited {
		return nil
	}
	if p.bars != nil {
		t.bar = p.bars.New(0, mpb.BarStyle(),
			mpb.PrependDecorators(decor.Name(competitor, decor.WC{C: decor.DindentRight | decor.DSyncWidth})),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return t.Snapshot().terminalText() })),
		)
		if t.expected > 0 {
			t.bar.SetTotal(t.expected, false)
		}
	}
	p.trackers = append(p.trackers, t)
	return t
}

// Write writes b above the bars on a terminal, so log lines and bars do
// not garble each other, and to w otherwise. Give it to the command's
// logger while bars are shown.
func (p *Progress) Write(b []byte) (int, error) {
	if p.bars != nil {
		if n, err := p.bars.Write(b); err == nil {
			return n, nil
		}
		// After Wait the container is gone: write straight through.
	}
	return p.w.Write(b)
}

// Report logs one line per crawl not yet done, now. The interval timer
// calls it off a terminal; it does nothing on a terminal.
func (p *Progress) Report() {
	if p == nil || p.bars != nil {
		return
	}
	p.mu.Lock()
	ts := append([]*Tracker(nil), p.trackers...)
	p.mu.Unlock()
	for _, t := range ts {
		if s := t.Snapshot(); !s.Done {
			p.log.Info("progress", s.attrs()...)
		}
	}
}

// Wait ends tracking: crawls not marked Done are finished as
// "unfinished", the last state is drawn or logged, and Wait returns. Call
// it before printing the run summary. Later calls return at once.
func (p *Progress) Wait() {
	if p == nil {
		return
	}
	p.waitOnce.Do(func() {
		p.mu.Lock()
		p.waited = true
		ts := append([]*Tracker(nil), p.trackers...)
		p.mu.Unlock()
		for _, t := range ts {
			t.Done("unfinished")
		}
		if p.bars != nil {
			p.bars.Wait()
			return
		}
		close(p.stop)
		<-p.stopped
	})
}

func (p *Progress) logEvery() {
	defer close(p.stopped)
	tick := time.NewTicker(p.interval)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
			p.Report()
		}
	}
}

// Tracker is one competitor's crawl.
type Tracker struct {
	p          *Progress
	competitor string
	expected   int64
	start      time.Time
	bar        *mpb.Bar

	pages, items, errors atomic.Int64

	mu     sync.Mutex
	done   bool
	status string
	end    time.Time
}

// Page counts a fetched page.
func (t *Tracker) Page() {
	if t == nil {
		return
	}
	n := t.pages.Add(1)
	if t.bar != nil {
		if n > t.expected {
			// More pages than last time: the bar stays full, not past it.
			t.bar.SetTotal(n, false)
		}
		t.bar.SetCurrent(n)
	}
}

// Items counts n offers found.
func (t *Tracker) Items(n int) {
	if t == nil || n <= 0 {
		return
	}
	t.items.Add(int64(n))
}

// Error counts a failed page.
func (t *Tracker) Error() {
	if t == nil {
		return
	}
	t.errors.Add(1)
}

// Done ends the crawl with status (e.g. "succeeded", "failed"); later
// calls do nothing. Off a terminal it logs the final counts.
func (t *Tracker) Done(status string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	if t.done {
		t.mu.Unlock()
		return
	}
	t.done, t.status, t.end = true, status, t.p.now()
	t.mu.Unlock()
	if t.bar != nil {
		t.bar.SetTotal(-1, true) // complete at the current count
		return
	}
	s := t.Snapshot()
	level := slog.LevelInfo
	if status != "succeeded" {
		level = slog.LevelWarn
	}
	t.p.log.Log(context.Background(), level, "crawl done", s.attrs()...)
}

// Snapshot is a Tracker's state at one moment.
type Snapshot struct {
	Competitor string
	Pages      int64
	Items      int64
	Errors     int64
	// Expected is the previous run's page count; 0 unknown.
	Expected int64
	Elapsed  time.Duration
	// Rate is pages per second since the crawl started.
	Rate float64
	// ETA is the time left to reach Expected pages at Rate; -1 when it
	// cannot be told (no previous count, no page yet, or past it).
	ETA    time.Duration
	Done   bool
	Status string
}

// Snapshot returns the crawl's counts now. A nil Tracker gives the zero
// Snapshot.
func (t *Tracker) Snapshot() Snapshot {
	if t == nil {
		return Snapshot{ETA: -1}
	}
	t.mu.Lock()
	done, status, end := t.done, t.status, t.end
	t.mu.Unlock()
	if !done {
		end = t.p.now()
	}
	s := Snapshot{
		Competitor: t.competitor, Pages: t.pages.Load(), Items: t.items.Load(), Errors: t.errors.Load(),
		Expected: t.expected, Elapsed: max(end.Sub(t.start), 0), ETA: -1, Done: done, Status: status,
	}
	if s.Elapsed > 0 {
		s.Rate = float64(s.Pages) / s.Elapsed.Seconds()
	}
	if !done && s.Expected > s.Pages && s.Rate > 0 {
		s.ETA = time.Duration(float64(s.Expected-s.Pages) / s.Rate * float64(time.Second)).Round(time.Second)
	}
	return s
}

func (s Snapshot) pagesText() string {
	if s.Expected > 0 {
		return fmt.Sprintf("%d/%d", s.Pages, s.Expected)
	}
	return fmt.Sprint(s.Pages)
}

func (s Snapshot) rateText() string { return fmt.Sprintf("%.1f/s", s.Rate) }

func (s Snapshot) attrs() []any {
	a := []any{"competitor", s.Competitor, "pages", s.pagesText(), "items", s.Items, "errors", s.Errors,
		"rate", s.rateText()}
	switch {
	case s.Done:
		a = append(a, "status", s.Status, "took", s.Elapsed.Round(time.Second))
	case s.ETA >= 0:
		a = append(a, "eta", s.ETA)
	}
	return a
}

// terminalText is the text right of a bar.
func (s Snapshot) terminalText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s pages  %d items  %d errors  %s", s.pagesText(), s.Items, s.Errors, s.rateText())
	switch {
	case s.Done:
		fmt.Fprintf(&b, "  %s in %s", s.Status, s.Elapsed.Round(time.Second))
	case s.ETA >= 0:
		fmt.Fprintf(&b, "  ETA %s", s.ETA)
	}
	return b.String()
}
