package monitor

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/store"
)

// Result is what crawling one competitor did.
type Result struct {
	Name string
	// Run is the run as recorded at the end (zero when none was started).
	Run store.Run
	// Skipped is set when another crawl held the competitor's lock: the
	// competitor was not crawled, and that is no failure.
	Skipped *store.LockedError
	// Resumed is set when Run continued an interrupted or abandoned run.
	Resumed bool
	// Abandoned counts the competitor's runs left running by crawls that
	// died, marked abandoned when the lock was taken.
	Abandoned int
	// Err is the crawl's failure; nil for a crawl that succeeded, was
	// suspect, or was skipped. An interrupted crawl has Err set.
	Err      error
	Duration time.Duration
	// Unmapped counts offers per source category that maps to no
	// canonical category.
	Unmapped map[string]int
	// Failures are the pages that could not be read, by class.
	Failures []FailureClass
	// Ambiguous counts listings stored once for several offers of one page
	// that nothing told apart; AmbiguousExample names one such page.
	Ambiguous        int
	AmbiguousExample string
}

// FailureClass counts one class of page failures (see scraper.ErrorClass)
// with one example, for the run summary.
type FailureClass struct {
	Class   string
	Count   int
	Example string // a URL that failed so, or the first error's text
}

// interruptedReason is the Reason of a run stopped by a signal.
const interruptedReason = "interrupted before it finished; continue it with crawler run --resume"

// CrawlOne crawls one competitor under its crawl lock. A competitor
// another crawl is crawling is skipped (Result.Skipped). Once the lock is
// held, runs the competitor's dead crawls left running are marked
// abandoned; then a new run starts, or with resume the latest interrupted
// or abandoned one continues from the pages it saved. Offers are saved
// batch by batch with the pages they finish, so a crawl that fails or is
// stopped keeps what it collected. The run ends succeeded, suspect
// (pricing.CheckRun against the last successful run), failed, or, when ctx
// is cancelled or the lock lost, interrupted.
func (m *Monitor) CrawlOne(ctx context.Context, c scraper.Competitor, resume bool) (res Result) {
	start := m.now()
	res.Name = c.Name
	defer func() { res.Duration = m.now().Sub(start) }()
	h := m.holder()
	h.Started = start
	lock, err := m.Store.LockCompetitor(ctx, c.Name, h)
	var locked *store.LockedError
	switch {
	case errors.As(err, &locked):
		res.Skipped = locked
		m.Metrics.CrawlSkipped(c.Name)
		m.log().Info("crawl skipped: another crawl holds the competitor", "competitor", c.Name, "reason", locked.Error())
		return res
	case err != nil:
		res.Err = fmt.Errorf("crawl %s: %w", c.Name, err)
		return res
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), m.flushTimeout())
		defer cancel()
		if err := lock.Release(rctx); err != nil {
			m.log().Warn("releasing the crawl lock failed", "competitor", c.Name, "err", err)
		}
	}()
	if res.Abandoned, err = m.Store.AbandonRuns(ctx, c.Name); err != nil {
		res.Err = fmt.Errorf("crawl %s: %w", c.Name, err)
		return res
	}
	if res.Abandoned > 0 {
		m.log().Warn("runs left running by a crawl that died marked abandoned", "competitor", c.Name, "runs", res.Abandoned)
	}

	run, done, err := m.openRun(ctx, c.Name, resume)
	if err != nil {
		res.Err = err
		return res
	}
	res.Run, res.Resumed = run, done != nil
	// A lost lock means another crawl may start: stop as on a signal.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-lock.Lost():
			cancel()
		case <-cctx.Done():
		}
	}()
	var stats scraper.Stats
	res.Run, stats, res.Err = m.crawl(cctx, c, run, done)
	res.Unmapped, res.Failures = stats.Unmapped, failureClasses(stats)
	res.Ambiguous, res.AmbiguousExample = ambiguity(stats)
	if res.Err == nil && lock.Err() != nil {
		res.Err = fmt.Errorf("crawl %s: %w", c.Name, lock.Err())
	}
	return res
}

// openRun starts a run, or with resume continues the latest interrupted or
// abandoned one; done is nil for a new run.
func (m *Monitor) openRun(ctx context.Context, name string, resume bool) (store.Run, []scraper.DonePage, error) {
	if resume {
		prev, ok, err := m.Store.ResumableRun(ctx, name)
		if err != nil {
			return store.Run{}, nil, fmt.Errorf("crawl %s: %w", name, err)
		}
		if ok {
			pages, err := m.Store.DonePages(ctx, prev.ID)
			if err != nil {
				return store.Run{}, nil, fmt.Errorf("crawl %s: %w", name, err)
			}
			run, err := m.Store.ResumeRun(ctx, prev.ID)
			if err != nil {
				return store.Run{}, nil, fmt.Errorf("crawl %s: %w", name, err)
			}
			done := make([]scraper.DonePage, 0, len(pages))
			for _, p := range pages {
				done = append(done, scraper.DonePage{URL: p.URL, Kind: p.Kind, Links: p.Links})
			}
			m.log().Info("resuming run", "competitor", name, "run", run.ID, "pages_done", len(done))
			return run, done, nil
		}
		m.log().Info("nothing to resume: starting a new run", "competitor", name)
	}
	run, err := m.Store.StartRun(ctx, name, m.now().UTC())
	if err != nil {
		return store.Run{}, nil, fmt.Errorf("crawl %s: %w", name, err)
	}
	return run, nil, nil
}

// crawl crawls c into run and records the outcome.
func (m *Monitor) crawl(ctx context.Context, c scraper.Competitor, run store.Run, done []scraper.DonePage) (store.Run, scraper.Stats, error) {
	m.Metrics.RunStarted(c.Name)
	tr := m.track(ctx, c.Name, run)
	// What the run had before this attempt: a resumed run adds to it.
	q := pricing.RunQuality{Items: run.Items, WithPrice: run.WithPrice, WithTitle: run.WithTitle, WithAvailability: run.WithAvailability}
	prevPages, prevErrors := run.Pages, run.Errors
	var mu sync.Mutex // q is added to by the writer, read here after the queue is closed
	// Saving runs beside the crawl (see batchQueue): the sink only queues.
	queue := newBatchQueue(ctx, m.flushTimeout(), func(sctx context.Context, b scraper.Batch) error {
		pages := make([]store.PageDone, 0, len(b.Pages))
		for _, p := range b.Pages {
			pages = append(pages, store.PageDone{URL: p.URL, Kind: p.Kind, Links: p.Links})
		}
		if err := m.Store.SaveBatch(sctx, run.ID, b.Offers, pages); err != nil {
			return err
		}
		bq := pricing.QualityOf(b.Offers)
		mu.Lock()
		q.Items += bq.Items
		q.WithPrice += bq.WithPrice
		q.WithTitle += bq.WithTitle
		q.WithAvailability += bq.WithAvailability
		mu.Unlock()
		m.Metrics.ItemsStored(c.Name, len(b.Offers))
		if tr != nil {
			for range b.Pages {
				tr.Page()
			}
			tr.Items(len(b.Offers))
		}
		return nil
	})
	stats, crawlErr := m.Crawler.CrawlWith(ctx, c, scraper.CrawlOptions{
		Done: done,
		Sink: func(_ context.Context, b scraper.Batch) error { return queue.put(b) },
	})
	// What was queued is saved before the run is judged and finished; a
	// save that failed after the crawl's last page fails the run as one
	// during the crawl does.
	if err := queue.close(); err != nil && crawlErr == nil {
		crawlErr = fmt.Errorf("crawl %s: sink: %w", c.Name, err)
	}
	mu.Lock()
	defer mu.Unlock()
	run.FinishedAt = m.now().UTC()
	run.Pages, run.Items, run.Errors = prevPages+stats.Pages, q.Items, prevErrors+stats.Errors
	run.WithPrice, run.WithTitle, run.WithAvailability = q.WithPrice, q.WithTitle, q.WithAvailability
	run.Status, run.Reason = store.RunSucceeded, ""
	switch {
	case crawlErr != nil && ctx.Err() != nil:
		run.Status, run.Reason = store.RunInterrupted, interruptedReason
		crawlErr = fmt.Errorf("crawl %s: interrupted: %w", c.Name, context.Cause(ctx))
	case crawlErr != nil:
		run.Status, run.Reason = store.RunFailed, crawlErr.Error()
	default:
		prev, err := m.Store.LatestRuns(ctx, c.Name, store.RunSucceeded, 1)
		if err != nil {
			crawlErr = fmt.Errorf("crawl %s: %w", c.Name, err)
			run.Status, run.Reason = store.RunFailed, err.Error()
			break
		}
		var pq pricing.RunQuality
		if len(prev) > 0 {
			p := prev[0]
			pq = pricing.RunQuality{Items: p.Items, WithPrice: p.WithPrice, WithTitle: p.WithTitle, WithAvailability: p.WithAvailability}
		}
		if suspect, reason := pricing.CheckRun(pq, q, m.thresholds()); suspect {
			run.Status, run.Reason = store.RunSuspect, reason
		}
	}
	// Record the outcome even when ctx was cancelled: a run left running
	// would hide what was collected until the next start abandons it.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), m.flushTimeout())
	defer cancel()
	if err := m.Store.FinishRun(fctx, run); err != nil && crawlErr == nil {
		crawlErr = fmt.Errorf("crawl %s: %w", c.Name, err)
	}
	m.Metrics.RunFinished(c.Name, string(run.Status), run.StartedAt, run.FinishedAt)
	if tr != nil {
		tr.Done(string(run.Status))
	}
	// Crawl's errors already name the competitor.
	return run, stats, crawlErr
}

// ambiguity is how many listings a crawl stored once for offers it could
// not tell apart, and the page of the first.
func ambiguity(stats scraper.Stats) (int, string) {
	for _, w := range stats.Warnings {
		var a *extract.AmbiguousError
		if errors.As(w, &a) {
			return stats.Ambiguous, a.URL
		}
	}
	return stats.Ambiguous, ""
}

func (m *Monitor) thresholds() pricing.Thresholds {
	if m.Config == nil {
		return pricing.DefaultThresholds()
	}
	return m.Config.Alarms.Thresholds
}

// urlRE finds the URL a page failure names.
var urlRE = regexp.MustCompile(`(?:https?|file)://[^\s"'<>]+`)

// failureClasses sorts a crawl's failures into classes, the commonest
// first, each with an example: the smallest URL that failed so (or error
// text, for a failure naming none). Pages are fetched in parallel, so which
// failed first varies from run to run; the smallest does not, and the same
// failures give the same summary.
func failureClasses(stats scraper.Stats) []FailureClass {
	idx := map[string]int{}
	var out []FailureClass
	for _, err := range stats.Failures {
		class := scraper.ErrorClass(err)
		ex := urlRE.FindString(err.Error())
		if ex == "" {
			ex = err.Error()
		}
		ex = strings.TrimRight(ex, ":,.;)")
		i, ok := idx[class]
		if !ok {
			idx[class] = len(out)
			out = append(out, FailureClass{Class: class, Example: ex})
			i = len(out) - 1
		}
		if ex < out[i].Example {
			out[i].Example = ex
		}
		out[i].Count++
	}
	slices.SortStableFunc(out, func(a, b FailureClass) int { return b.Count - a.Count })
	return out
}
