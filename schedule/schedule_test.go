package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/schedule/scheduletest"
)

// monday0500 is Monday 2 March 2026, 05:00 UTC.
var monday0500 = time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)

// call is one Runner.Run or Digester.Digest call, held until the test
// replies, so tests decide when a crawl returns.
type call struct {
	competitors []string
	job         DigestJob
	ctx         context.Context
	at          time.Time
	reply       chan error
	once        sync.Once
}

// finish lets the call return err; later calls do nothing.
func (c *call) finish(err error) { c.once.Do(func() { c.reply <- err }) }

type fakeRunner struct {
	clock *scheduletest.Clock
	calls chan *call
}

func (r *fakeRunner) Run(ctx context.Context, competitors []string) error {
	c := &call{competitors: slices.Clone(competitors), ctx: ctx, at: r.clock.Now(), reply: make(chan error, 1)}
	r.calls <- c
	return <-c.reply
}

type fakeDigester struct {
	clock *scheduletest.Clock
	calls chan *call
}

func (d *fakeDigester) Digest(ctx context.Context, job DigestJob) error {
	c := &call{job: job, ctx: ctx, at: d.clock.Now(), reply: make(chan error, 1)}
	d.calls <- c
	return <-c.reply
}

// lastRuns is a LastRuns from a map; a competitor mapped to the zero time
// fails, one missing was never crawled.
type lastRuns map[string]time.Time

func (l lastRuns) LastStarted(_ context.Context, competitor string) (time.Time, bool, error) {
	t, ok := l[competitor]
	if ok && t.IsZero() {
		return time.Time{}, false, errors.New("database is down")
	}
	return t, ok, nil
}

type skipCounter struct {
	mu    sync.Mutex
	skips []string
}

func (s *skipCounter) CrawlSkipped(c string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skips = append(s.skips, c)
}

func (s *skipCounter) get() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.skips)
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

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type harness struct {
	t         *testing.T
	s         *Scheduler
	clock     *scheduletest.Clock
	runner    *fakeRunner
	digester  *fakeDigester
	skips     *skipCounter
	logs      *syncBuffer
	batchDone chan []string
	taken     []*call // calls the test received, finished or not
	cancel    context.CancelFunc
	done      chan error
}

func start(t *testing.T, cfg Config, last LastRuns) *harness {
	t.Helper()
	clock := scheduletest.NewClock(monday0500)
	h := &harness{
		t:         t,
		clock:     clock,
		runner:    &fakeRunner{clock: clock, calls: make(chan *call, 16)},
		digester:  &fakeDigester{clock: clock, calls: make(chan *call, 16)},
		skips:     &skipCounter{},
		logs:      &syncBuffer{},
		batchDone: make(chan []string, 16),
		done:      make(chan error, 1),
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	s, err := New(cfg, Deps{
		Runner: h.runner, LastRuns: last, Digester: h.digester, Skips: h.skips, Clock: clock,
		Logger: slog.New(slog.NewTextHandler(h.logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	s.onBatchDone = func(b []string) { h.batchDone <- b }
	h.s = s
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- s.Run(ctx) }()
	t.Cleanup(func() {
		// Crawls a test left running return as cancelled ones would.
		cancel()
		for _, c := range h.taken {
			c.finish(context.Canceled)
		}
		timeout := time.After(5 * time.Second)
		for {
			select {
			case <-h.done:
				return
			case c := <-h.runner.calls:
				go c.finish(context.Canceled)
			case c := <-h.digester.calls:
				go c.finish(context.Canceled)
			case <-timeout:
				t.Error("Run did not return after cancel")
				return
			}
		}
	})
	h.idle()
	return h
}

// idle waits until the loop sleeps on the clock.
func (h *harness) idle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.clock.BlockUntil(ctx, 1); err != nil {
		h.t.Fatalf("loop never went to sleep: %v", err)
	}
}

// advanceTo moves the clock to t once the loop sleeps, and waits for it to
// sleep again.
func (h *harness) advanceTo(t time.Time) {
	h.t.Helper()
	h.idle()
	h.clock.Set(t)
	h.idle()
}

func (h *harness) nextCrawl() *call {
	h.t.Helper()
	select {
	case c := <-h.runner.calls:
		h.taken = append(h.taken, c)
		return c
	case <-time.After(5 * time.Second):
		h.t.Fatal("no crawl started")
		return nil
	}
}

func (h *harness) nextDigest() *call {
	h.t.Helper()
	select {
	case c := <-h.digester.calls:
		h.taken = append(h.taken, c)
		return c
	case <-time.After(5 * time.Second):
		h.t.Fatal("no digest rendered")
		return nil
	}
}

// finish lets a crawl return err and waits for the scheduler to free its
// competitors.
func (h *harness) finish(c *call, err error) {
	h.t.Helper()
	c.finish(err)
	select {
	case <-h.batchDone:
	case <-time.After(5 * time.Second):
		h.t.Fatal("batch bookkeeping never finished")
	}
}

// noCrawl checks that nothing is being crawled and no crawl call waits.
func (h *harness) noCrawl() {
	h.t.Helper()
	running := len(h.s.Running())
	if running > 0 || len(h.runner.calls) > 0 {
		h.t.Fatalf("unexpected crawl: %d running, %d calls waiting", running, len(h.runner.calls))
	}
}

func wantCrawl(t *testing.T, c *call, at time.Time, competitors ...string) {
	t.Helper()
	got := slices.Clone(c.competitors)
	slices.Sort(got)
	slices.Sort(competitors)
	if !slices.Equal(got, competitors) || !c.at.Equal(at) {
		t.Fatalf("crawl of %v at %s, want %v at %s", got, c.at.Format(time.DateTime), competitors, at.Format(time.DateTime))
	}
}

func at(hour, minute int, day ...int) time.Time {
	d := 2
	if len(day) > 0 {
		d = day[0]
	}
	return time.Date(2026, 3, d, hour, minute, 0, 0, time.UTC)
}

func TestTheDaemonCatchesUpOnceThenCrawlsEachSlotWithTheCompetitorsDueTogether(t *testing.T) {
	cfg := Config{
		Schedule: "0 6 * * *",
		Competitors: []Competitor{
			{Name: "acme"},                         // default: daily 06:00
			{Name: "bolt"},                         // default, missed two slots
			{Name: "cyan", Schedule: "30 6 * * *"}, // own schedule, never crawled
			{Name: "dune", Schedule: "0 7 * * 1"},  // weekly, Monday 07:00
		},
	}
	last := lastRuns{
		"acme": at(6, 0, 1),                    // Sunday's slot ran: nothing missed
		"bolt": at(6, 2, 27).AddDate(0, -1, 0), // 27 Feb: Saturday's and Sunday's slots missed
		"dune": at(7, 1, 23).AddDate(0, -1, 0), // last Monday 23 Feb: nothing missed
	}
	h := start(t, cfg, last)

	// Start-up: bolt and cyan missed slots; one batch, one crawl each.
	c := h.nextCrawl()
	wantCrawl(t, c, monday0500, "bolt", "cyan")
	h.finish(c, nil)
	h.noCrawl()

	// 06:00: acme and bolt are due together, in one Run call.
	h.advanceTo(at(6, 0))
	c = h.nextCrawl()
	wantCrawl(t, c, at(6, 0), "acme", "bolt")
	h.finish(c, nil)

	// 06:30: cyan alone; 07:00: dune (weekly).
	h.advanceTo(at(6, 30))
	c = h.nextCrawl()
	wantCrawl(t, c, at(6, 30), "cyan")
	h.finish(c, nil)
	h.advanceTo(at(7, 0))
	c = h.nextCrawl()
	wantCrawl(t, c, at(7, 0), "dune")
	h.finish(c, nil)

	// Second daily slot, Tuesday 06:00: dune is not due (weekly).
	h.advanceTo(at(6, 0, 3))
	c = h.nextCrawl()
	wantCrawl(t, c, at(6, 0, 3), "acme", "bolt")
	h.finish(c, nil)
	h.noCrawl()
	if got := strings.Count(h.logs.String(), "catching up a missed slot"); got != 2 {
		t.Errorf("%d catch-up lines, want 2 (bolt and cyan):\n%s", got, h.logs.String())
	}
}

func TestALateWakeUpCrawlsOnceForAllTheSlotsItMissed(t *testing.T) {
	h := start(t, Config{Schedule: "*/10 * * * *", Competitors: []Competitor{{Name: "acme"}}},
		lastRuns{"acme": monday0500})
	h.noCrawl()
	// The machine slept from 05:00 to 05:45: slots 05:10 ... 05:40 missed.
	h.advanceTo(at(5, 45))
	c := h.nextCrawl()
	wantCrawl(t, c, at(5, 45), "acme")
	h.finish(c, nil)
	h.noCrawl()
	h.advanceTo(at(5, 50))
	h.finish(h.nextCrawl(), nil)
	h.noCrawl()
}

func TestASlotWhileTheCompetitorsCrawlStillRunsIsSkippedNotQueued(t *testing.T) {
	h := start(t, Config{
		Competitors: []Competitor{{Name: "acme", Schedule: "0 * * * *"}, {Name: "bolt", Schedule: "0 * * * *"}},
	}, lastRuns{"acme": monday0500, "bolt": monday0500})
	h.advanceTo(at(6, 0))
	slow := h.nextCrawl()
	wantCrawl(t, slow, at(6, 0), "acme", "bolt")

	// 07:00 comes while the 06:00 crawl still runs: both skipped.
	h.advanceTo(at(7, 0))
	h.advanceTo(at(7, 30))
	if len(h.runner.calls) != 0 {
		t.Fatal("a crawl started while the competitor's previous crawl ran")
	}
	if got := h.skips.get(); !slices.Equal(got, []string{"acme", "bolt"}) {
		t.Errorf("skips counted %v, want [acme bolt]", got)
	}
	if !strings.Contains(h.logs.String(), "SKIPPED") || !strings.Contains(h.logs.String(), "running_since=\"2026-03-02 06:00:00\"") {
		t.Errorf("no SKIPPED line naming the running crawl's start:\n%s", h.logs.String())
	}
	h.finish(slow, nil)
	// Nothing queued: the skipped slot does not run when the crawl ends.
	h.idle()
	h.noCrawl()
	h.advanceTo(at(8, 0))
	wantCrawl(t, h.nextCrawl(), at(8, 0), "acme", "bolt")
}

func TestOnlyTheBusyCompetitorIsSkippedTheOthersOfTheSlotRun(t *testing.T) {
	h := start(t, Config{Competitors: []Competitor{
		{Name: "acme", Schedule: "0 6 * * *"},
		{Name: "bolt", Schedule: "0 7 * * *"},
		{Name: "cyan", Schedule: "0 7 * * *"},
	}}, lastRuns{"acme": monday0500, "bolt": monday0500, "cyan": monday0500})
	h.advanceTo(at(6, 0))
	slowAcme := h.nextCrawl()
	h.advanceTo(at(7, 0))
	c := h.nextCrawl()
	wantCrawl(t, c, at(7, 0), "bolt", "cyan")
	h.finish(c, nil)
	h.finish(slowAcme, nil)
	if got := h.skips.get(); len(got) != 0 {
		t.Errorf("skips %v, want none: acme was not due at 07:00", got)
	}
}

func TestACrawlErrorIsLoggedAndTheLoopGoesOn(t *testing.T) {
	h := start(t, Config{Schedule: "0 * * * *", Competitors: []Competitor{{Name: "acme"}}},
		lastRuns{"acme": monday0500})
	h.advanceTo(at(6, 0))
	h.finish(h.nextCrawl(), errors.New("crawl acme: site failed"))
	h.advanceTo(at(7, 0))
	wantCrawl(t, h.nextCrawl(), at(7, 0), "acme")
	if !strings.Contains(h.logs.String(), `level=ERROR msg="crawl failed" competitors=[acme]`) ||
		!strings.Contains(h.logs.String(), "site failed") {
		t.Errorf("the error was not logged:\n%s", h.logs.String())
	}
}

func TestAFailingHistoryLookupSkipsOnlyThatCompetitorsCatchUp(t *testing.T) {
	h := start(t, Config{Schedule: "0 6 * * *", Competitors: []Competitor{{Name: "acme"}, {Name: "bolt"}}},
		lastRuns{"acme": {}}) // acme's lookup fails, bolt never ran
	wantCrawl(t, h.nextCrawl(), monday0500, "bolt")
	if !strings.Contains(h.logs.String(), "database is down") {
		t.Errorf("lookup error not logged:\n%s", h.logs.String())
	}
}

func TestAScheduledDigestWaitsForTheCrawlsOfItsMinute(t *testing.T) {
	job := DigestJob{Schedule: "0 6 * * 1", Output: "/srv/www/digest.html", Format: "html"}
	h := start(t, Config{Schedule: "0 6 * * 1", Competitors: []Competitor{{Name: "acme"}, {Name: "bolt"}},
		Digest: &job}, lastRuns{"acme": monday0500, "bolt": monday0500})
	h.advanceTo(at(6, 0))
	crawl := h.nextCrawl()
	if len(h.digester.calls) != 0 {
		t.Fatal("the digest rendered while the crawl of its minute ran")
	}
	h.finish(crawl, nil)
	d := h.nextDigest()
	if d.job != job {
		t.Errorf("digest job %+v, want %+v", d.job, job)
	}
	d.finish(nil)
	// A week later: again exactly one digest after the crawl.
	h.advanceTo(at(6, 0, 9))
	h.finish(h.nextCrawl(), nil)
	h.nextDigest().finish(errors.New("disk full"))
	h.idle()
	if len(h.digester.calls) != 0 {
		t.Error("more than one digest per slot")
	}
}

func TestADigestWithoutScheduleRendersAfterEveryBatch(t *testing.T) {
	h := start(t, Config{Competitors: []Competitor{{Name: "acme", Schedule: "0 6 * * *"}, {Name: "bolt", Schedule: "0 7 * * *"}},
		Digest: &DigestJob{Output: "d.md", Format: "markdown"}}, lastRuns{"acme": monday0500, "bolt": monday0500})
	for _, slot := range []time.Time{at(6, 0), at(7, 0)} {
		h.advanceTo(slot)
		crawl := h.nextCrawl()
		crawl.finish(errors.New("one shop failed")) // the others were stored: still digest
		d := h.nextDigest()
		if !d.at.Equal(slot) {
			t.Errorf("digest at %s, want after the %s crawl", d.at, slot)
		}
		d.finish(nil)
		<-h.batchDone
	}
}

func TestShutdownWaitsForRunningCrawlsAndStartsNoMore(t *testing.T) {
	job := DigestJob{Schedule: "0 6 * * *"}
	h := start(t, Config{Schedule: "0 6 * * *", Competitors: []Competitor{{Name: "acme"}}, Digest: &job},
		lastRuns{"acme": monday0500})
	h.advanceTo(at(6, 0))
	crawl := h.nextCrawl()
	if err := h.s.Check(context.Background()); err != nil {
		t.Fatalf("Check while running: %v", err)
	}
	h.cancel()
	select {
	case <-crawl.ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the running crawl's context was not cancelled")
	}
	select {
	case err := <-h.done:
		t.Fatalf("Run returned (%v) while a crawl still ran", err)
	default:
	}
	h.clock.Advance(24 * time.Hour) // would be the next slot
	crawl.finish(context.Canceled)  // the crawl flushed and marked its run interrupted
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run after shutdown = %v, want nil", err)
		}
		h.done <- err // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the crawl returned")
	}
	if len(h.runner.calls) != 0 || len(h.digester.calls) != 0 {
		t.Error("a crawl or digest started after shutdown")
	}
	if err := h.s.Check(context.Background()); err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Errorf("Check after shutdown = %v, want stopped", err)
	}
}

func TestCheckReportsAStalledLoop(t *testing.T) {
	clock := scheduletest.NewClock(monday0500)
	s, err := New(Config{Schedule: "@daily", Competitors: []Competitor{{Name: "acme"}}, Heartbeat: time.Minute},
		Deps{Runner: &fakeRunner{clock: clock}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(context.Background()); err == nil || !strings.Contains(err.Error(), "not started") {
		t.Errorf("before Run: %v", err)
	}
	s.state.Store(stateRunning)
	s.tick(clock.Now())
	clock.Advance(3 * time.Minute)
	if err := s.Check(context.Background()); err != nil {
		t.Errorf("3 heartbeats after a tick: %v, want alive", err)
	}
	clock.Advance(time.Second)
	if err := s.Check(context.Background()); err == nil || !strings.Contains(err.Error(), "stalled: last tick 3m1s ago") {
		t.Errorf("past 3 heartbeats: %v, want stalled", err)
	}
}

func TestTheIdleLoopTicksEveryHeartbeat(t *testing.T) {
	h := start(t, Config{Schedule: "@weekly", Competitors: []Competitor{{Name: "acme"}}, Heartbeat: 10 * time.Second},
		lastRuns{"acme": monday0500})
	for i := 1; i <= 3; i++ {
		h.advanceTo(monday0500.Add(time.Duration(i) * 10 * time.Second))
		if got := h.s.LastTick(); !got.Equal(h.clock.Now()) {
			t.Fatalf("tick %d at %s, want %s", i, got, h.clock.Now())
		}
		if err := h.s.Check(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNewRefusesConfigsItCannotRun(t *testing.T) {
	r := &fakeRunner{}
	tests := []struct {
		name string
		cfg  Config
		deps Deps
		want string
	}{
		{"no runner", Config{Schedule: "@daily", Competitors: []Competitor{{Name: "a"}}}, Deps{}, "no Runner"},
		{"a bad competitor schedule names the competitor", Config{Competitors: []Competitor{{Name: "acme", Schedule: "0 25 * * *"}}},
			Deps{Runner: r}, `schedule of competitor "acme": invalid schedule "0 25 * * *"`},
		{"a bad default names the competitor using it", Config{Schedule: "every monday", Competitors: []Competitor{{Name: "bolt"}}},
			Deps{Runner: r}, `competitor "bolt"`},
		{"a seconds field", Config{Schedule: "0 0 6 * * 1", Competitors: []Competitor{{Name: "a"}}}, Deps{Runner: r}, "invalid schedule"},
		{"a time zone with nothing after it", Config{Schedule: "CRON_TZ=Europe/Berlin", Competitors: []Competitor{{Name: "a"}}},
			Deps{Runner: r}, "needs a schedule after it"},
		{"an unknown time zone", Config{Schedule: "CRON_TZ=Mars/Olympus 0 6 * * *", Competitors: []Competitor{{Name: "a"}}},
			Deps{Runner: r}, "invalid schedule"},
		{"a schedule that never fires", Config{Schedule: "0 0 30 2 *", Competitors: []Competitor{{Name: "a"}}},
			Deps{Runner: r}, "never fires"},
		{"a competitor twice", Config{Schedule: "@daily", Competitors: []Competitor{{Name: "a"}, {Name: "a"}}},
			Deps{Runner: r}, `"a" listed twice`},
		{"nothing scheduled", Config{Competitors: []Competitor{{Name: "a"}}}, Deps{Runner: r}, "no competitor has a schedule"},
		{"a digest without a digester", Config{Schedule: "@daily", Competitors: []Competitor{{Name: "a"}}, Digest: &DigestJob{}},
			Deps{Runner: r}, "no Digester"},
		{"a bad digest schedule", Config{Schedule: "@daily", Competitors: []Competitor{{Name: "a"}}, Digest: &DigestJob{Schedule: "@fortnightly"}},
			Deps{Runner: r, Digester: &fakeDigester{}}, "schedule of the digest: invalid schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error", func(t *testing.T) {
			_, err := New(tt.cfg, tt.deps)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(tt.want, "invalid schedule") && !errors.Is(err, ErrBadSpec) {
				t.Errorf("%v does not wrap ErrBadSpec", err)
			}
		})
	}
}
