// Package monitor is shelfwatch's run lifecycle: it imports the catalog,
// crawls each competitor under its crawl lock (saving offers batch by batch
// with the pages they finish), raises the breakage alarm, finishes each run
// and re-matches the catalog against the market. `crawler run`, the
// scheduler daemon and the tests all call it.
//
// It depends on small interfaces declared here (the store methods it needs,
// a crawler), a clock and a logger, so it is tested in-process with an
// httptest shop and a real store.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/progress"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

// RunStore is what crawling a competitor needs from the database.
type RunStore interface {
	StartRun(ctx context.Context, competitor string, started time.Time) (store.Run, error)
	SaveBatch(ctx context.Context, runID int64, offers []pricing.Offer, pages []store.PageDone) error
	FinishRun(ctx context.Context, r store.Run) error
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
}

// Locker is what keeping to one crawl per competitor needs: the lock, and
// marking runs of crawls that died abandoned once it is held.
type Locker interface {
	LockCompetitor(ctx context.Context, competitor string, h store.Holder) (*store.CompetitorLock, error)
	AbandonRuns(ctx context.Context, competitor string) (int, error)
}

// Resumer is what --resume needs: the run to continue and its done pages.
type Resumer interface {
	ResumableRun(ctx context.Context, competitor string) (store.Run, bool, error)
	ResumeRun(ctx context.Context, runID int64) (store.Run, error)
	DonePages(ctx context.Context, runID int64) ([]store.PageDone, error)
}

// Store is every store method a whole run uses; *store.DB implements it.
type Store interface {
	RunStore
	Locker
	Resumer
	CatalogStore
	MatchStore
}

// Crawler crawls one competitor; *scraper.Crawler implements it.
type Crawler interface {
	CrawlWith(ctx context.Context, comp scraper.Competitor, opt scraper.CrawlOptions) (scraper.Stats, error)
}

// DefaultFlushTimeout bounds saving what was fetched, and recording the
// run's outcome, after the run's context was cancelled: a signal must not
// lose the last batch, and a database that stopped answering must not hang
// the shutdown.
const DefaultFlushTimeout = 5 * time.Second

// Monitor runs crawls. Store, Crawler and Config are required; the rest
// may be left zero.
type Monitor struct {
	Store   Store
	Crawler Crawler
	// Config is the loaded config file (alarms, matching, catalog,
	// categories); Competitors its decoded competitors.
	Config      *config.Config
	Competitors []scraper.Competitor
	// Parallel bounds the competitors crawled at once; 0 means 4.
	Parallel int
	// Host and PID name this process in crawl locks; "" and 0 mean the
	// machine's host name and os.Getpid().
	Host string
	PID  int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger gets progress and problems; nil discards.
	Logger *slog.Logger
	// Metrics, if not nil, counts runs, items and skipped crawls.
	Metrics *metrics.Metrics
	// Progress, if not nil, shows each crawl as it goes.
	Progress *progress.Progress
	// FlushTimeout: see DefaultFlushTimeout; 0 means the default.
	FlushTimeout time.Duration
	// Alerter, if not nil, is told of every finished run and re-match.
	Alerter Alerter

	mu       sync.Mutex
	trackers map[string]*progress.Tracker
}

// Options choose what Run does.
type Options struct {
	// Competitors names the competitors to crawl; empty means all.
	Competitors []string
	// Resume continues each competitor's latest interrupted or abandoned
	// run instead of starting a new one (see store.ResumableRun); a
	// competitor with none starts a new run.
	Resume bool
	// SkipCatalog leaves the catalog file alone (the daemon imports it
	// once at start-up, not at every slot).
	SkipCatalog bool
	// SkipMatch leaves matching alone.
	SkipMatch bool
}

// Report is what a Run did.
type Report struct {
	// Catalog is the catalog import, nil when none was made; CatalogErr
	// its failure, which does not stop the crawl.
	Catalog    *CatalogReport
	CatalogErr error
	// Results has one entry per competitor, in config order.
	Results []Result
	// Match is the re-match after the crawls, nil when none was made.
	Match *MatchReport
}

// Failed returns the names of the competitors whose crawl failed (skipped
// ones did not fail).
func (r Report) Failed() []string {
	var out []string
	for _, res := range r.Results {
		if res.Err != nil {
			out = append(out, res.Name)
		}
	}
	return out
}

// Err is the run's error for a command's exit status: the failed crawls
// and the catalog import, joined; nil when everything worked or was skipped
// because another crawl holds it. An interrupted run is an error too.
func (r Report) Err() error {
	var errs []error
	if r.CatalogErr != nil {
		errs = append(errs, r.CatalogErr)
	}
	if failed := r.Failed(); len(failed) > 0 {
		errs = append(errs, fmt.Errorf("run: %d of %d competitors failed: %s", len(failed), len(r.Results), joinNames(failed)))
	}
	return errors.Join(errs...)
}

func (m *Monitor) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Monitor) log() *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (m *Monitor) flushTimeout() time.Duration {
	if m.FlushTimeout > 0 {
		return m.FlushTimeout
	}
	return DefaultFlushTimeout
}

func (m *Monitor) holder() store.Holder {
	h := store.Holder{Host: m.Host, PID: m.PID}
	if h.Host == "" {
		h.Host, _ = os.Hostname()
	}
	if h.PID == 0 {
		h.PID = os.Getpid()
	}
	return h
}

// Competitor returns the competitor called name, or an error listing the
// known ones.
func (m *Monitor) Competitor(name string) (scraper.Competitor, error) {
	for _, c := range m.Competitors {
		if c.Name == name {
			return c, nil
		}
	}
	names := make([]string, 0, len(m.Competitors))
	for _, c := range m.Competitors {
		names = append(names, c.Name)
	}
	return scraper.Competitor{}, fmt.Errorf("unknown competitor %q (known: %s)", name, joinNames(names))
}

// Run imports the catalog (unless opt.SkipCatalog), crawls the chosen
// competitors at most Parallel at once, and re-matches (unless
// opt.SkipMatch). A failed catalog import or crawl is reported in the
// Report and does not stop the others; Run's error is for what stops the
// whole run: an unknown competitor, or a failed re-match. When ctx is
// cancelled the crawls stop fetching, save what they fetched, are marked
// interrupted, and Run returns without re-matching.
func (m *Monitor) Run(ctx context.Context, opt Options) (Report, error) {
	var rep Report
	comps := m.Competitors
	if len(opt.Competitors) > 0 {
		comps = nil
		for _, name := range opt.Competitors {
			c, err := m.Competitor(name)
			if err != nil {
				return rep, err
			}
			comps = append(comps, c)
		}
	}
	if !opt.SkipCatalog && m.Config != nil && m.Config.Catalog != "" {
		cr, err := m.ImportCatalog(ctx, m.Config.Catalog, m.DefaultCurrency())
		rep.Catalog = &cr
		if err != nil {
			rep.CatalogErr = err
			m.log().Error("catalog import failed; crawling anyway", "err", err)
		}
	}
	rep.Results = m.crawlAll(ctx, comps, opt.Resume)
	if opt.SkipMatch || ctx.Err() != nil {
		return rep, nil
	}
	mr, err := Rematch(ctx, m.Store, m.MatchOptions())
	if err != nil {
		return rep, err
	}
	rep.Match = &mr
	if m.Alerter != nil {
		m.Alerter.AfterMatch(ctx)
	}
	return rep, nil
}

// DefaultCurrency is the currency for catalog rows that name none: the
// first competitor's, as most single-market shops have one currency.
func (m *Monitor) DefaultCurrency() string {
	for _, c := range m.Competitors {
		if c.Currency != "" {
			return c.Currency
		}
	}
	return "CNY"
}

// crawlAll crawls comps, at most Parallel at once, and returns one result
// per competitor in the order given.
func (m *Monitor) crawlAll(ctx context.Context, comps []scraper.Competitor, resume bool) []Result {
	parallel := m.Parallel
	if parallel <= 0 {
		parallel = 4
	}
	results := make([]Result, len(comps))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, c := range comps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				// Never started: nothing to record.
				results[i] = Result{Name: c.Name, Err: fmt.Errorf("crawl %s: not started: %w", c.Name, ctx.Err())}
				return
			}
			defer func() { <-sem }()
			results[i] = m.CrawlOne(ctx, c, resume)
			m.afterRun(ctx, results[i])
		}()
	}
	wg.Wait()
	return results
}

func joinNames(names []string) string { return strings.Join(names, ", ") }
