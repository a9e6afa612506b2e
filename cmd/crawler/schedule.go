package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/schedule"
	"github.com/shelfwatch/shelfwatch/store"
)

// DefaultListen is where the daemon serves /healthz and /metrics.
const DefaultListen = "127.0.0.1:9464"

func cmdSchedule(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "schedule", "schedule [--config F] [--listen ADDR] [--parallel N] [--redis URL] [--log-format text|json] [--log-level L] [-q]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	listen := fs.String("listen", DefaultListen, "`address` serving /healthz and /metrics (\"\" serves nothing)")
	parallel := fs.Int("parallel", 4, "competitors crawled at the same time")
	redisURL := fs.String("redis", "", "queue each slot's crawls in the Redis at `URL` for crawler worker processes instead of crawling here (needs PostgreSQL)")
	lf := cmdline.AddLogFlags(fs)
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *parallel < 1 {
		return cmdline.Usagef("schedule: --parallel must be at least 1")
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if *redisURL != "" {
		// Fail the start, not the first slot, on a Redis that is down.
		rdb, err := connectQueue(ctx, e, cfg, *redisURL, "schedule")
		if err != nil {
			return err
		}
		rdb.Close()
	}
	db, err := store.Open(ctx, dsn(e, cfg.Config))
	if err != nil {
		return err
	}
	defer db.Close()
	log := lf.Logger(e.stderr)
	d, err := newDaemon(e, cfg, db, log, nil)
	if err != nil {
		return err
	}
	d.monitor.Parallel = *parallel
	d.redisURL = *redisURL
	var ln net.Listener
	if *listen != "" {
		// Listen before crawling, so a busy port fails the start.
		if ln, err = net.Listen("tcp", *listen); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
		log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
	}
	return d.run(ctx, ln)
}

// daemon is `crawler schedule`: the scheduler loop over the run
// lifecycle, with its metrics.
type daemon struct {
	cfg       *loaded
	db        *store.DB
	monitor   *monitor.Monitor
	metrics   *metrics.Metrics
	scheduler *schedule.Scheduler
	log       *slog.Logger
	e         *env
	// redisURL, if set, queues the crawls for workers (see runQueued).
	redisURL string
	// pricing are the digest's analysis options; notifier, when the
	// digest: section says send: true, delivers it.
	pricing  pricing.Options
	notifier *notify.Notifier
}

// newDaemon wires the scheduler: clock nil is the system clock.
func newDaemon(e *env, cfg *loaded, db *store.DB, log *slog.Logger, clock schedule.Clock) (*daemon, error) {
	d := &daemon{cfg: cfg, db: db, log: log, e: e, metrics: metrics.New()}
	d.monitor = newMonitor(e, cfg, db, log)
	d.monitor.Metrics = d.metrics
	if _, err := attachAlerter(e, cfg, d.monitor, db, log); err != nil {
		return nil, err
	}
	sc := schedule.Config{Schedule: cfg.Schedule}
	for _, c := range cfg.Competitors {
		sc.Competitors = append(sc.Competitors, schedule.Competitor{Name: c.Name, Schedule: c.Schedule})
	}
	deps := schedule.Deps{Runner: d, LastRuns: d, Skips: d.metrics, Clock: clock, Logger: log}
	if cfg.Digest != nil {
		sc.Digest = &schedule.DigestJob{Schedule: cfg.Digest.Schedule, Output: cfg.Digest.Output, Format: cfg.Digest.Format}
		deps.Digester = d
		// Bad pricing options or a missing secret fail the start (exit 2),
		// not the first digest a week later.
		d.pricing = cfg.Pricing.Options()
		if err := d.pricing.Validate(); err != nil {
			return nil, cmdline.UsageError{Err: fmt.Errorf("%s: pricing: %w", cfg.Path, err)}
		}
		if cfg.Digest.Send {
			n, err := notify.New(*cfg.Notify, notify.Options{Client: &http.Client{}, Logger: log, Getenv: e.getenv, Now: e.now})
			if err != nil {
				return nil, cmdline.UsageError{Err: fmt.Errorf("%s: digest: %w", cfg.Path, err)}
			}
			d.notifier = n
		}
	}
	s, err := schedule.New(sc, deps)
	if err != nil {
		return nil, cmdline.UsageError{Err: fmt.Errorf("%s: %w", cfg.Path, err)}
	}
	d.scheduler = s
	return d, nil
}

// handler serves /metrics and /healthz: healthy while the scheduler loop
// ticks and the database answers.
func (d *daemon) handler() http.Handler {
	return d.metrics.Handler(
		metrics.Check{Name: "scheduler", Up: "alive", Probe: d.scheduler.Check},
		metrics.Check{Name: "database", Up: "answers", Probe: func(ctx context.Context) error {
			_, err := d.db.Competitors(ctx)
			return err
		}},
	)
}

// run imports the catalog once, then runs the scheduler (and serves ln,
// if not nil) until ctx ends and running crawls have stopped.
func (d *daemon) run(ctx context.Context, ln net.Listener) error {
	if d.cfg.Catalog != "" {
		rep, err := d.monitor.ImportCatalog(ctx, d.cfg.Catalog, d.monitor.DefaultCurrency())
		if err != nil {
			d.log.Error("catalog import failed", "err", err)
		} else {
			d.log.Info("catalog imported", "items", rep.Imported, "skipped", len(rep.Skipped), "path", rep.Path)
		}
	}
	served := make(chan error, 1)
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	if ln != nil {
		go func() { served <- metrics.Serve(sctx, ln, d.handler()) }()
	} else {
		served <- nil
	}
	err := d.scheduler.Run(ctx)
	// Serve /healthz until the crawls have stopped, then shut it down.
	stop()
	return errors.Join(err, <-served)
}

// Run is schedule.Runner: it crawls the competitors due and logs the
// summary. Errors of single crawls are in the summary, not returned.
func (d *daemon) Run(ctx context.Context, competitors []string) error {
	var rep monitor.Report
	var err error
	if d.redisURL != "" {
		rep, err = runQueued(ctx, d.e, d.cfg, d.redisURL, competitors, d.monitor, true)
	} else {
		rep, err = d.monitor.Run(ctx, monitor.Options{Competitors: competitors, SkipCatalog: true})
	}
	var buf bytes.Buffer
	rep.PrintSummary(&buf)
	d.log.Info("crawls done\n" + buf.String())
	if err != nil {
		return err
	}
	return rep.Err()
}

// LastStarted is schedule.LastRuns: when the competitor's latest run
// started, whatever its status.
func (d *daemon) LastStarted(ctx context.Context, competitor string) (time.Time, bool, error) {
	runs, err := d.db.LatestRuns(ctx, competitor, "", 1)
	if err != nil || len(runs) == 0 {
		return time.Time{}, false, err
	}
	return runs[0].StartedAt, true, nil
}

// Digest is schedule.Digester: it builds the digest in-process (package
// digest, as `report digest` does) over the seven days up to now
// (digest.Recent), so it shows the crawls the daemon has just made (the
// last complete ISO week, report digest's default, would leave out a
// Monday 06:00 crawl from a Monday 07:00 digest). It writes the file
// job.Output, if any, atomically, and with send: true delivers the digest
// to the notify: destinations; a failed destination does not stop the
// others, and it and a failed file are in the error.
func (d *daemon) Digest(ctx context.Context, job schedule.DigestJob) error {
	now := d.e.now().UTC()
	dg, _, err := digest.Build(ctx, d.db, digest.Recent(now), now, digest.Options{
		Pricing: d.pricing, StaleAfter: d.cfg.StaleAfterFor, MoverHistories: job.Format == "html"})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	var errs []error
	if job.Output != "" {
		// The scheduler logs "digest rendered" with the path.
		if err := digest.WriteFile(job.Output, func(w io.Writer) error { return digest.Render(w, job.Format, dg) }); err != nil {
			errs = append(errs, fmt.Errorf("digest %s: %w", job.Output, err))
		}
	}
	if d.notifier != nil {
		// notify logs each destination's outcome with the daemon's logger.
		rep, err := digest.Send(ctx, d.notifier, dg)
		if err == nil {
			err = rep.Err()
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("digest: %w", err))
		}
	}
	return errors.Join(errs...)
}
