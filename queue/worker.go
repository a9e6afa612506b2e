package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/redisstore"
	"github.com/shelfwatch/shelfwatch/store"
)

// Store is what a worker needs from the database: the monitor's methods,
// plus reading a run and its offers to finish a run others helped crawl.
// *store.DB implements it.
type Store interface {
	monitor.Store
	Run(ctx context.Context, id int64) (store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
}

// Worker runs crawl and join tasks. Redis, Monitor (with a Store that is a
// queue.Store) and Crawler are required.
type Worker struct {
	Redis   *redis.Client
	Monitor *monitor.Monitor
	// Crawler fetches pages; its Limiter should be the Redis one
	// (NewLimiter) so the shops' limits hold across workers.
	Crawler *scraper.Crawler
	// Name names the worker in logs, metrics and crawl locks; "" means
	// host/pid.
	Name string
	// Concurrency is how many tasks (crawls joined) the worker runs at
	// once; 0 means 2.
	Concurrency int
	// InFlight bounds the pages the worker fetches at once per crawl; 0
	// means the competitor's parallelism (the limit across workers holds
	// either way).
	InFlight int
	// PageLease is how long a page leased by a worker that stopped
	// answering waits before another fetches it; 0 means
	// redisstore.DefaultLease.
	PageLease time.Duration
	// Logger gets progress and problems; nil discards.
	Logger *slog.Logger
}

// NewLimiter returns the host limiter every worker on rdb shares.
func NewLimiter(rdb *redis.Client) *redisstore.Limiter {
	return redisstore.NewLimiter(rdb, limitPrefix)
}

func (w *Worker) log() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (w *Worker) name() string {
	if w.Name != "" {
		return w.Name
	}
	h, _ := os.Hostname()
	return h + "/" + strconv.Itoa(os.Getpid())
}

func (w *Worker) store() (Store, error) {
	s, ok := w.Monitor.Store.(Store)
	if !ok {
		return nil, fmt.Errorf("worker: the store (%T) cannot read runs and their offers", w.Monitor.Store)
	}
	return s, nil
}

// Run serves tasks until ctx is cancelled, then stops taking tasks and
// lets the crawls under way return their leased pages to the queue. It
// returns an error if the worker cannot start.
func (w *Worker) Run(ctx context.Context) error {
	if _, err := w.store(); err != nil {
		return err
	}
	conc := w.Concurrency
	if conc <= 0 {
		conc = 2
	}
	srv := asynq.NewServerFromRedisClient(w.Redis, asynq.Config{
		Concurrency: conc,
		Queues:      map[string]int{Name: 1},
		// Cancelling ctx stops the crawls under way within seconds: they
		// lease no more pages, let the requests the shop is answering
		// finish (scraper.DefaultStopGrace at most), store what they read
		// and return their other leased pages to the frontier, and their
		// tasks are retried (joining the run) by any worker.
		BaseContext: func() context.Context { return ctx },
		IsFailure:   func(err error) bool { return !errors.Is(err, context.Canceled) },
		Logger:      asynqLogger{w.log().With("component", "asynq")},
		LogLevel:    asynq.WarnLevel,
		// The crawls under way return their leases within seconds of
		// being cancelled.
		ShutdownTimeout: 15 * time.Second,
		RetryDelayFunc: func(n int, _ error, _ *asynq.Task) time.Duration {
			return time.Duration(min(n+1, 12)) * 5 * time.Second
		},
	})
	mux := asynq.NewServeMux()
	mux.HandleFunc(TypeCrawl, w.handleCrawl)
	mux.HandleFunc(TypeJoin, w.handleJoin)
	if err := srv.Start(mux); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w.log().Info("worker started", "worker", w.name(), "concurrency", conc)
	<-ctx.Done()
	srv.Shutdown()
	return nil
}

// handleCrawl runs a crawl task: it starts the competitor's run (or, for a
// retried task, continues it), asks the other workers to join, crawls, and
// finishes the run if it sees the frontier drain.
func (w *Worker) handleCrawl(ctx context.Context, t *asynq.Task) error {
	var p payload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("crawl task: %w: %w", err, asynq.SkipRetry)
	}
	comp, err := w.Monitor.Competitor(p.Competitor)
	if err != nil {
		// This worker's config does not know it: another worker's might.
		return fmt.Errorf("crawl task: %w", err)
	}
	db, _ := w.store()
	if _, done, err := readResult(ctx, w.Redis, p.Token); err != nil || done {
		return err
	}
	rk := runKey(p.Token)
	runID, err := w.Redis.HGet(ctx, rk, "run").Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("crawl %s: %w", p.Competitor, err)
	}
	// The crawl lock keeps a `crawler run` without the queue off the
	// competitor while the run lasts; a retried task takes it again (a
	// dead worker's lock went with its session).
	h := store.Holder{Host: w.name(), PID: os.Getpid(), Started: w.now()}
	lock, lerr := db.LockCompetitor(ctx, p.Competitor, h)
	var locked *store.LockedError
	switch {
	case errors.As(lerr, &locked) && runID == 0:
		w.Monitor.Metrics.CrawlSkipped(p.Competitor)
		w.log().Info("crawl skipped: another crawl holds the competitor", "competitor", p.Competitor, "reason", locked.Error())
		return w.writeResult(ctx, p.Token, result{Name: p.Competitor, Skipped: locked})
	case lerr != nil && runID == 0:
		return fmt.Errorf("crawl %s: %w", p.Competitor, lerr)
	case lerr != nil:
		w.log().Warn("continuing a run without its crawl lock", "competitor", p.Competitor, "err", lerr)
		lock = nil
	}
	defer func() {
		if lock != nil {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			lock.Release(rctx)
		}
	}()
	if runID == 0 {
		abandoned, err := db.AbandonRuns(ctx, p.Competitor)
		if err != nil {
			return fmt.Errorf("crawl %s: %w", p.Competitor, err)
		}
		run, err := db.StartRun(ctx, p.Competitor, w.now().UTC())
		if err != nil {
			return fmt.Errorf("crawl %s: %w", p.Competitor, err)
		}
		runID = run.ID
		if err := w.Redis.HSet(ctx, rk, "run", runID, "competitor", p.Competitor, "abandoned", abandoned,
			"started", w.now().UnixMilli(), "coordinator", w.name()).Err(); err != nil {
			return fmt.Errorf("crawl %s: %w", p.Competitor, err)
		}
		w.Monitor.Metrics.RunStarted(p.Competitor)
		w.log().Info("run started", "competitor", p.Competitor, "run", runID, "worker", w.name())
		if err := w.askHelp(ctx, p); err != nil {
			w.log().Warn("asking other workers to join failed; crawling alone", "competitor", p.Competitor, "err", err)
		}
	}
	err = w.crawl(ctx, comp, p, runID, true)
	if err == nil && lock != nil {
		// Keep the lock until the run is finished, by whichever worker.
		err = w.awaitResult(ctx, p.Token)
	}
	return err
}

// handleJoin runs a join task: it crawls the run's frontier with the
// others until it drains.
func (w *Worker) handleJoin(ctx context.Context, t *asynq.Task) error {
	var p payload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("join task: %w: %w", err, asynq.SkipRetry)
	}
	comp, err := w.Monitor.Competitor(p.Competitor)
	if err != nil {
		return fmt.Errorf("join task: %w", err)
	}
	if _, done, err := readResult(ctx, w.Redis, p.Token); err != nil || done {
		return err
	}
	runID, err := w.Redis.HGet(ctx, runKey(p.Token), "run").Int64()
	if errors.Is(err, redis.Nil) {
		return nil // the run is over and its keys gone
	}
	if err != nil {
		return fmt.Errorf("join %s: %w", p.Competitor, err)
	}
	return w.crawl(ctx, comp, p, runID, false)
}

// askHelp enqueues one join task per other worker serving the queue.
func (w *Worker) askHelp(ctx context.Context, p payload) error {
	insp := asynq.NewInspectorFromRedisClient(w.Redis)
	defer insp.Close()
	servers, err := insp.Servers()
	if err != nil {
		return err
	}
	n := 0
	for _, s := range servers {
		if _, ok := s.Queues[Name]; ok {
			n++
		}
	}
	ac := asynq.NewClientFromRedisClient(w.Redis)
	defer ac.Close()
	b, _ := json.Marshal(p)
	for i := 1; i < n; i++ {
		_, err := ac.EnqueueContext(ctx, asynq.NewTask(TypeJoin, b), asynq.Queue(Name),
			asynq.TaskID(fmt.Sprintf("join:%s:%d", p.Token, i)), asynq.MaxRetry(MaxRetry), asynq.Timeout(CrawlTimeout))
		if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
			return err
		}
	}
	return nil
}

func (w *Worker) now() time.Time {
	if w.Monitor.Now != nil {
		return w.Monitor.Now()
	}
	return time.Now()
}

// crawl takes part in the run until its frontier drains, then finishes it
// unless another worker does.
func (w *Worker) crawl(ctx context.Context, comp scraper.Competitor, p payload, runID int64, seed bool) error {
	db, _ := w.store()
	rk := runKey(p.Token)
	f := redisstore.NewFrontier(w.Redis, rk+":f")
	if w.PageLease > 0 {
		f.Lease = w.PageLease
	}
	m := w.Monitor
	sink := func(ctx context.Context, b scraper.Batch) error {
		// A signal must not cost the page being saved: it was fetched.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), monitor.DefaultFlushTimeout)
		defer cancel()
		pages := make([]store.PageDone, 0, len(b.Pages))
		for _, pg := range b.Pages {
			pages = append(pages, store.PageDone{URL: pg.URL, Kind: pg.Kind, Links: pg.Links})
		}
		if err := db.SaveBatch(sctx, runID, b.Offers, pages); err != nil {
			return err
		}
		m.Metrics.ItemsStored(comp.Name, len(b.Offers))
		return nil
	}
	stored := func(ctx context.Context, u string) (bool, error) {
		// Rare (a worker died holding the page): reading the run's
		// pages is cheaper than a store method for one.
		pages, err := db.DonePages(ctx, runID)
		if err != nil {
			return false, err
		}
		return slices.ContainsFunc(pages, func(pg store.PageDone) bool { return pg.URL == u }), nil
	}
	// One cookie jar for the crawl, whichever worker fetches a page.
	jar := redisstore.NewStorage(w.Redis, rk+":c")
	jar.Log = w.log()
	stats, err := w.Crawler.CrawlShared(ctx, comp, scraper.SharedOptions{
		Frontier: f, Seed: seed, Sink: sink, Stored: stored, InFlight: w.InFlight, Storage: jar,
		// Renewed three times a lease: a short --page-lease (2s) would
		// otherwise be renewed only as it runs out, by CrawlShared's
		// default, and a page being fetched or stored could go to
		// another worker and be fetched twice.
		Renew: f.Lease / 3,
	})
	// What only this worker saw: its failures, skips and unmapped
	// categories, for the run's summary.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	pipe := w.Redis.TxPipeline()
	pipe.HIncrBy(rctx, rk, "errors", int64(stats.Errors))
	pipe.HIncrBy(rctx, rk, "skipped", int64(stats.Skipped))
	for class, n := range stats.ErrorsByClass {
		pipe.HIncrBy(rctx, rk, "fail:"+class, int64(n))
		pipe.HSetNX(rctx, rk, "ex:"+class, stats.ErrorExamples[class])
	}
	for cat, n := range stats.Unmapped {
		pipe.HIncrBy(rctx, rk, "um:"+cat, int64(n))
	}
	if _, perr := pipe.Exec(rctx); perr != nil {
		w.log().Warn("recording the crawl's stats failed", "competitor", comp.Name, "err", perr)
	}
	if err != nil {
		return err // asynq retries the task; the frontier stands
	}
	return w.finish(ctx, comp, p, runID, f)
}

// finish finishes the run once, on the worker that wins the finish flag:
// the run's quality from its stored offers, the breakage alarm against the
// last successful run, FinishRun, the Monitor's Alerter, re-match, and the
// result for the client.
func (w *Worker) finish(ctx context.Context, comp scraper.Competitor, p payload, runID int64, f *redisstore.Frontier) error {
	rk := runKey(p.Token)
	// The flag lapses so that a worker dying while it finishes does not
	// leave the run unfinished: its retried task finishes it. Finishing
	// takes seconds (reading the run's offers, re-matching), far below.
	won, err := w.Redis.SetNX(ctx, rk+":finish", w.name(), finishFlagTTL).Result()
	if err != nil {
		return fmt.Errorf("finish %s: %w", comp.Name, err)
	}
	if !won {
		return nil
	}
	if _, done, err := readResult(ctx, w.Redis, p.Token); err != nil || done {
		return err
	}
	db, _ := w.store()
	m := w.Monitor
	fields, err := w.Redis.HGetAll(ctx, rk).Result()
	if err != nil {
		return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
	}
	run, err := db.Run(ctx, runID)
	if err != nil {
		return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
	}
	offers, err := db.RunOffers(ctx, runID)
	if err != nil {
		return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
	}
	pages, err := db.DonePages(ctx, runID)
	if err != nil {
		return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
	}
	q := pricing.QualityOf(offers)
	res := result{Name: comp.Name, Unmapped: map[string]int{}}
	res.Abandoned, _ = strconv.Atoi(fields["abandoned"])
	run.FinishedAt = w.now().UTC()
	run.Pages, run.Items = len(pages), q.Items
	run.Errors, _ = strconv.Atoi(fields["errors"])
	run.WithPrice, run.WithTitle, run.WithAvailability = q.WithPrice, q.WithTitle, q.WithAvailability
	run.Status, run.Reason = store.RunSucceeded, ""
	for k, v := range fields {
		n, _ := strconv.Atoi(v)
		switch {
		case strings.HasPrefix(k, "fail:"):
			class := strings.TrimPrefix(k, "fail:")
			res.Failures = append(res.Failures, monitor.FailureClass{Class: class, Count: n, Example: fields["ex:"+class]})
		case strings.HasPrefix(k, "um:"):
			res.Unmapped[strings.TrimPrefix(k, "um:")] = n
		}
	}
	slices.SortFunc(res.Failures, func(a, b monitor.FailureClass) int { return b.Count - a.Count })
	if len(res.Unmapped) == 0 {
		res.Unmapped = nil
	}
	if run.Pages == 0 {
		run.Status = store.RunFailed
		run.Reason = fmt.Sprintf("%v: no page of %s could be read", scraper.ErrSiteFailed, comp.Name)
		res.Err = fmt.Sprintf("crawl %s: %s", comp.Name, run.Reason)
	} else {
		prev, err := db.LatestRuns(ctx, comp.Name, store.RunSucceeded, 1)
		if err != nil {
			return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
		}
		var pq pricing.RunQuality
		if len(prev) > 0 {
			pr := prev[0]
			pq = pricing.RunQuality{Items: pr.Items, WithPrice: pr.WithPrice, WithTitle: pr.WithTitle, WithAvailability: pr.WithAvailability}
		}
		th := pricing.DefaultThresholds()
		if m.Config != nil {
			th = m.Config.Alarms.Thresholds
		}
		if suspect, reason := pricing.CheckRun(pq, q, th); suspect {
			run.Status, run.Reason = store.RunSuspect, reason
		}
	}
	if err := db.FinishRun(ctx, run); err != nil {
		return w.unfinish(ctx, rk, fmt.Errorf("finish %s: %w", comp.Name, err))
	}
	m.Metrics.RunFinished(comp.Name, string(run.Status), run.StartedAt, run.FinishedAt)
	res.Run = run
	res.Duration = run.FinishedAt.Sub(run.StartedAt)
	w.log().Info("run finished", "competitor", comp.Name, "run", runID, "status", run.Status,
		"pages", run.Pages, "items", run.Items, "worker", w.name())
	if m.Alerter != nil {
		m.Alerter.AfterRun(ctx, comp.Name, run)
	}
	if mr, err := monitor.Rematch(ctx, db, m.MatchOptions()); err != nil {
		w.log().Error("re-match after the run failed", "competitor", comp.Name, "err", err)
	} else {
		w.log().Info("re-matched", "competitor", comp.Name, "report", fmt.Sprintf("%+v", mr))
		if m.Alerter != nil {
			m.Alerter.AfterMatch(ctx)
		}
	}
	if err := w.writeResult(ctx, p.Token, res); err != nil {
		return err
	}
	// Kept a while for looking into, then gone.
	if err := f.Expire(ctx, time.Hour); err != nil {
		w.log().Warn("expiring the run's frontier failed", "err", err)
	}
	if err := redisstore.NewStorage(w.Redis, rk+":c").Expire(ctx, time.Hour); err != nil {
		w.log().Warn("expiring the run's cookie jar failed", "err", err)
	}
	w.Redis.Expire(ctx, rk, time.Hour)
	return nil
}

// finishFlagTTL bounds how long a run's finish waits for a finisher that
// died.
const finishFlagTTL = 10 * time.Minute

// unfinish gives the finish flag back after a failed finish, so the
// retried task finishes the run.
func (w *Worker) unfinish(ctx context.Context, rk string, err error) error {
	w.Redis.Del(context.WithoutCancel(ctx), rk+":finish")
	return err
}

// writeResult keeps the run's result for the client waiting (a day).
func (w *Worker) writeResult(ctx context.Context, token string, r result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("result of %s: %w", r.Name, err)
	}
	if err := w.Redis.Set(ctx, resultKey(token), b, 24*time.Hour).Err(); err != nil {
		return fmt.Errorf("result of %s: %w", r.Name, err)
	}
	return nil
}

// awaitResult waits until some worker wrote the run's result (the finish
// takes a moment on another worker).
func (w *Worker) awaitResult(ctx context.Context, token string) error {
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		if _, ok, err := readResult(ctx, w.Redis, token); err != nil || ok {
			return err
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// asynqLogger writes asynq's messages to a slog.Logger.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...)) }
