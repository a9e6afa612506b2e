// Package schedule is the crawl daemon's loop: it starts crawls of
// competitors at their cron slots, one crawl of a competitor at a time, runs
// a slot missed while the daemon was down once at start-up, renders the
// digest after crawls, and stops cleanly when its context ends.
//
// The package knows nothing of scraping or storage: the daemon's command
// hands it a Runner (the run lifecycle), a LastRuns source (the store), an
// optional Digester and a Clock.
//
//	s, err := schedule.New(cfg, schedule.Deps{Runner: lc, LastRuns: db, Logger: log})
//	if err != nil { return err }
//	return s.Run(ctx) // returns after ctx ends and running crawls returned
//
// Locking across processes and machines is the Runner's job (it takes the
// store's per-competitor lock); the Scheduler only keeps its own crawls from
// overlapping.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Runner crawls competitors. The run lifecycle implements it. Run is called
// with the daemon's context: when it is cancelled Run should stop fetching,
// save what was fetched, mark its runs interrupted and return.
type Runner interface {
	Run(ctx context.Context, competitors []string) error
}

// LastRuns tells when a competitor's latest run started (ok false: never),
// so a slot missed while the daemon was down can be caught up.
type LastRuns interface {
	LastStarted(ctx context.Context, competitor string) (started time.Time, ok bool, err error)
}

// Digester renders the digest described by job.
type Digester interface {
	Digest(ctx context.Context, job DigestJob) error
}

// SkipCounter counts slots skipped because the competitor's previous crawl
// was still running; *metrics.Metrics implements it.
type SkipCounter interface {
	CrawlSkipped(competitor string)
}

// Competitor is one competitor the daemon may crawl.
type Competitor struct {
	Name string
	// Schedule is a cron spec (see ParseSpec); "" takes Config.Schedule.
	Schedule string
}

// DigestJob is the optional digest rendered after crawls.
type DigestJob struct {
	// Schedule is a cron spec. At its slot the digest waits for the crawls
	// then running to return, so a digest due at the same minute as the
	// crawls renders their data. "" renders the digest after every batch
	// of crawls instead.
	Schedule string
	// Output and Format are passed through to the Digester (a file path and
	// one of the report's formats); the Scheduler does not read them.
	Output string
	Format string
}

// Config is what the daemon schedules.
type Config struct {
	// Schedule is the default cron spec for competitors without their own;
	// "" leaves those competitors to `crawler run`.
	Schedule    string
	Competitors []Competitor
	// Digest, if not nil, is rendered after crawls.
	Digest *DigestJob
	// Location is the time zone of specs without a CRON_TZ= prefix;
	// nil means time.Local.
	Location *time.Location
	// Heartbeat is how often the idle loop wakes up to prove it is alive
	// (see Check); 0 means 15 s.
	Heartbeat time.Duration
}

// Deps are the Scheduler's collaborators. Runner is required; LastRuns nil
// disables catch-up, Digester nil is allowed only without Config.Digest,
// Clock nil is the system clock, Logger nil discards.
type Deps struct {
	Runner   Runner
	LastRuns LastRuns
	Digester Digester
	Skips    SkipCounter
	Clock    Clock
	Logger   *slog.Logger
}

// DefaultHeartbeat is the idle loop's tick when Config.Heartbeat is 0.
const DefaultHeartbeat = 15 * time.Second

// Scheduler is the daemon loop. Create it with New and start it with Run.
type Scheduler struct {
	entries   []entry
	digest    *DigestJob
	digestAt  *Spec // nil: after every batch
	heartbeat time.Duration
	deps      Deps
	log       *slog.Logger

	state    atomic.Int32 // stateNew, stateRunning, stateStopped
	lastTick atomic.Int64 // unix nanoseconds of the loop's latest tick

	mu            sync.Mutex
	running       map[string]time.Time  // competitor -> start of its crawl
	inflight      map[int]chan struct{} // batch id -> closed when it returns
	nextBatch     int
	digestPending bool
	digestMu      sync.Mutex // one digest renders at a time
	wg            sync.WaitGroup

	// onBatchDone, if set (by tests), is called once a batch's bookkeeping
	// is done, so a test knows the competitors are free again.
	onBatchDone func(batch []string)
}

type entry struct {
	name string
	spec Spec
}

const (
	stateNew int32 = iota
	stateRunning
	stateStopped
)

// New validates cfg and returns a Scheduler. Errors name the competitor or
// digest whose schedule is bad (wrapping ErrBadSpec), a competitor listed
// twice, a missing Runner or Digester, or a config that schedules nothing.
func New(cfg Config, deps Deps) (*Scheduler, error) {
	if deps.Runner == nil {
		return nil, errors.New("schedule: no Runner")
	}
	if deps.Clock == nil {
		deps.Clock = SystemClock()
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{
		heartbeat: cfg.Heartbeat,
		deps:      deps,
		log:       deps.Logger,
		running:   map[string]time.Time{},
		inflight:  map[int]chan struct{}{},
	}
	if s.heartbeat <= 0 {
		s.heartbeat = DefaultHeartbeat
	}
	seen := map[string]bool{}
	for _, c := range cfg.Competitors {
		if seen[c.Name] {
			return nil, fmt.Errorf("schedule: competitor %q listed twice", c.Name)
		}
		seen[c.Name] = true
		text := c.Schedule
		if text == "" {
			text = cfg.Schedule
		}
		if text == "" {
			continue // crawled by `crawler run` only
		}
		spec, err := ParseSpec(text, cfg.Location)
		if err != nil {
			return nil, fmt.Errorf("schedule of competitor %q: %w", c.Name, err)
		}
		s.entries = append(s.entries, entry{name: c.Name, spec: spec})
	}
	if cfg.Digest != nil {
		if deps.Digester == nil {
			return nil, errors.New("schedule: a digest is configured but no Digester given")
		}
		d := *cfg.Digest
		s.digest = &d
		if d.Schedule != "" {
			spec, err := ParseSpec(d.Schedule, cfg.Location)
			if err != nil {
				return nil, fmt.Errorf("schedule of the digest: %w", err)
			}
			s.digestAt = &spec
		}
	}
	if len(s.entries) == 0 && s.digestAt == nil {
		return nil, errors.New("schedule: no competitor has a schedule and there is no top-level schedule")
	}
	return s, nil
}

// Run is the daemon loop. It first crawls, in one batch, every competitor
// that missed a slot since its last run started (once, however many slots
// were missed), then starts crawls at their slots until ctx ends. A slot of
// a competitor whose crawl is still running is skipped and logged; Runner
// and Digester errors are logged and the loop goes on. When ctx ends Run
// starts nothing more, waits for running crawls and digests to return (they
// see the cancelled ctx) and returns nil. Run may be called once.
func (s *Scheduler) Run(ctx context.Context) error {
	if !s.state.CompareAndSwap(stateNew, stateRunning) {
		return errors.New("schedule: Run called twice")
	}
	defer s.state.Store(stateStopped)
	defer s.wg.Wait()

	now := s.deps.Clock.Now()
	s.tick(now)
	next := make([]time.Time, len(s.entries))
	var catchUp []string
	for i, e := range s.entries {
		next[i] = e.spec.Next(now)
		if slot, ok := s.missed(ctx, e, now); ok {
			s.log.Info("catching up a missed slot", "competitor", e.name, "slot", slot)
			catchUp = append(catchUp, e.name)
		}
		s.log.Info("scheduled", "competitor", e.name, "schedule", e.spec.String(), "next", next[i])
	}
	var nextDigest time.Time
	if s.digestAt != nil {
		nextDigest = s.digestAt.Next(now)
		s.log.Info("digest scheduled", "schedule", s.digestAt.String(), "next", nextDigest)
	}
	if len(catchUp) > 0 {
		s.startBatch(ctx, catchUp)
	}

	for {
		wait := s.heartbeat
		for _, n := range append(slices.Clip(next), nextDigest) {
			if !n.IsZero() {
				wait = min(wait, n.Sub(now))
			}
		}
		select {
		case <-ctx.Done():
			s.log.Info("scheduler stopping: waiting for running crawls", "running", s.Running())
			return nil
		case <-s.deps.Clock.After(wait):
		}
		if ctx.Err() != nil {
			s.log.Info("scheduler stopping: waiting for running crawls", "running", s.Running())
			return nil
		}
		now = s.deps.Clock.Now()
		s.tick(now)
		var due []string
		for i, e := range s.entries {
			if next[i].IsZero() || next[i].After(now) {
				continue
			}
			// Later slots missed by a late wake-up (a suspended machine)
			// collapse into this one crawl.
			next[i] = e.spec.Next(now)
			due = append(due, e.name)
		}
		if len(due) > 0 {
			s.startBatch(ctx, due)
		}
		if !nextDigest.IsZero() && !nextDigest.After(now) {
			nextDigest = s.digestAt.Next(now)
			s.requestDigest(ctx, "schedule")
		}
	}
}

// missed reports whether e has a slot in (last start, now].
func (s *Scheduler) missed(ctx context.Context, e entry, now time.Time) (time.Time, bool) {
	if s.deps.LastRuns == nil {
		return time.Time{}, false
	}
	last, ok, err := s.deps.LastRuns.LastStarted(ctx, e.name)
	if err != nil {
		// Without the history a catch-up could crawl a shop twice in a
		// row; the next regular slot will crawl it anyway.
		s.log.Error("cannot tell whether a slot was missed; no catch-up", "competitor", e.name, "err", err)
		return time.Time{}, false
	}
	return e.spec.missedSince(last, ok, now)
}

// startBatch crawls the competitors of due that are not being crawled
// already, in one Runner call on its own goroutine.
func (s *Scheduler) startBatch(ctx context.Context, due []string) {
	now := s.deps.Clock.Now()
	s.mu.Lock()
	var batch []string
	for _, c := range due {
		if since, busy := s.running[c]; busy {
			s.log.Warn("SKIPPED: the previous crawl is still running", "competitor", c,
				"running_since", since.Format(time.DateTime))
			if s.deps.Skips != nil {
				s.deps.Skips.CrawlSkipped(c)
			}
			continue
		}
		s.running[c] = now
		batch = append(batch, c)
	}
	if len(batch) == 0 {
		s.mu.Unlock()
		return
	}
	id := s.nextBatch
	s.nextBatch++
	done := make(chan struct{})
	s.inflight[id] = done
	s.wg.Add(1)
	s.mu.Unlock()

	s.log.Info("crawl starting", "competitors", batch)
	go func() {
		defer s.wg.Done()
		err := s.deps.Runner.Run(ctx, batch)
		took := s.deps.Clock.Now().Sub(now)
		if err != nil {
			s.log.Error("crawl failed", "competitors", batch, "took", took, "err", err)
		} else {
			s.log.Info("crawl finished", "competitors", batch, "took", took)
		}
		s.mu.Lock()
		for _, c := range batch {
			delete(s.running, c)
		}
		delete(s.inflight, id)
		close(done)
		s.mu.Unlock()
		if s.digest != nil && s.digestAt == nil {
			s.requestDigest(ctx, "after crawl")
		}
		if s.onBatchDone != nil {
			s.onBatchDone(batch)
		}
	}()
}

// requestDigest renders the digest once the crawls running now have
// returned. A request while another is still waiting is folded into it.
func (s *Scheduler) requestDigest(ctx context.Context, why string) {
	s.mu.Lock()
	if s.digestPending {
		s.mu.Unlock()
		s.log.Info("digest already pending", "trigger", why)
		return
	}
	s.digestPending = true
	var wait []chan struct{}
	for _, ch := range s.inflight {
		wait = append(wait, ch)
	}
	s.wg.Add(1)
	s.mu.Unlock()

	go func() {
		defer s.wg.Done()
		for _, ch := range wait {
			select {
			case <-ch:
			case <-ctx.Done():
			}
		}
		s.digestMu.Lock()
		defer s.digestMu.Unlock()
		s.mu.Lock()
		s.digestPending = false
		s.mu.Unlock()
		if ctx.Err() != nil {
			// A digest of crawls cut short would report a half-crawled
			// market as the week's picture.
			s.log.Info("digest not rendered: shutting down", "trigger", why)
			return
		}
		if err := s.deps.Digester.Digest(ctx, *s.digest); err != nil {
			s.log.Error("digest failed", "trigger", why, "output", s.digest.Output, "err", err)
			return
		}
		s.log.Info("digest rendered", "trigger", why, "output", s.digest.Output, "format", s.digest.Format)
	}()
}

// Running returns the competitors being crawled now, sorted.
func (s *Scheduler) Running() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for c := range s.running {
		names = append(names, c)
	}
	slices.Sort(names)
	return names
}

func (s *Scheduler) tick(now time.Time) { s.lastTick.Store(now.UnixNano()) }

// LastTick returns when the loop last woke up; the zero time before Run.
func (s *Scheduler) LastTick() time.Time {
	n := s.lastTick.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Check is the scheduler's health check for /healthz: nil while Run is
// looping and ticked within three heartbeats, else an error saying why
// (not started, stopped, or stalled since when).
func (s *Scheduler) Check(ctx context.Context) error {
	switch s.state.Load() {
	case stateNew:
		return errors.New("scheduler not started")
	case stateStopped:
		return errors.New("scheduler stopped")
	}
	last := s.LastTick()
	if age := s.deps.Clock.Now().Sub(last); age > 3*s.heartbeat {
		return fmt.Errorf("scheduler loop stalled: last tick %s ago", age.Round(time.Second))
	}
	return nil
}
