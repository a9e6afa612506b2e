package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/queue"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

// cmdWorker is `crawler worker`: a process that takes crawl tasks from
// the Redis queue (any number of them, on any number of machines).
func cmdWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker", "worker --redis URL [--config F] [--concurrency N] [--fetchers N] [--name NAME] [--listen ADDR] [--page-lease D] [--log-format text|json] [--log-level L] [-q]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	redisURL := fs.String("redis", "", "Redis `URL` of the queue, e.g. redis://10.0.0.5:6379/0 (required)")
	concurrency := fs.Int("concurrency", 2, "crawls this worker takes part in at once")
	fetchers := fs.Int("fetchers", 0, "pages this worker fetches at once per crawl (0: the competitor's parallelism; the shop's limit holds across workers either way)")
	name := fs.String("name", "", "worker `name` in logs, metrics and crawl locks (default: host/pid)")
	listen := fs.String("listen", "", "`address` serving /healthz and /metrics (\"\" serves nothing)")
	pageLease := fs.Duration("page-lease", 0, "how long pages leased by a worker that died wait before another worker fetches them (default 15s)")
	lf := cmdline.AddLogFlags(fs)
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *redisURL == "" {
		return cmdline.Usagef("worker: --redis URL is required")
	}
	if *concurrency < 1 || *fetchers < 0 {
		return cmdline.Usagef("worker: --concurrency must be at least 1 and --fetchers at least 0")
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	rdb, err := connectQueue(ctx, e, cfg, *redisURL, "worker")
	if err != nil {
		return err
	}
	defer rdb.Close()
	db, err := store.Open(ctx, dsn(e, cfg.Config))
	if err != nil {
		return err
	}
	defer db.Close()
	if *name == "" {
		h, _ := os.Hostname()
		*name = h + "/" + strconv.Itoa(os.Getpid())
	}
	log := lf.Logger(e.stderr).With("worker", *name)
	m, cr := newSharedMonitor(e, cfg, db, rdb, log)
	m.Host = *name
	m.Metrics = metrics.New(metrics.WithWorker(*name))
	// The worker that finishes a run raises its alerts, as crawler run does.
	if _, err := attachAlerter(e, cfg, m, db, log); err != nil {
		return err
	}
	w := &queue.Worker{Redis: rdb, Monitor: m, Crawler: cr, Name: *name, Concurrency: *concurrency,
		InFlight: *fetchers, PageLease: *pageLease, Logger: log}
	if *listen != "" {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
		h := m.Metrics.Handler(
			metrics.Check{Name: "redis", Up: "answers", Probe: func(ctx context.Context) error { return rdb.Ping(ctx).Err() }},
			metrics.Check{Name: "database", Up: "answers", Probe: func(ctx context.Context) error {
				_, err := db.Competitors(ctx)
				return err
			}},
		)
		sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		defer stop()
		go metrics.Serve(sctx, ln, h)
	}
	fmt.Fprintf(e.stderr, "crawler worker %s: serving queue %q on %s\n", *name, queue.Name, queue.Redact(*redisURL))
	return w.Run(ctx)
}

// connectQueue checks what distributed crawling needs before anything
// starts, for worker, run --redis and schedule --redis alike: a PostgreSQL
// database every worker writes to, and a Redis that answers at redisURL.
// cmd names the command in the error.
func connectQueue(ctx context.Context, e *env, cfg *loaded, redisURL, cmd string) (*redis.Client, error) {
	if err := requirePostgres(dsn(e, cfg.Config)); err != nil {
		return nil, err
	}
	rdb, err := queue.Connect(ctx, redisURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return rdb, nil
}

// requirePostgres refuses a SQLite database for distributed crawling:
// workers on other machines must all write to the one database.
func requirePostgres(dsn string) error {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil
	}
	return cmdline.UsageError{Err: fmt.Errorf("--redis needs a PostgreSQL database (postgres://...) that every worker writes to; the database is %q (set database: in the config or SHELFWATCH_DB)", redactDSN(dsn))}
}

// redactDSN keeps only the DSN's scheme and path part (SQLite DSNs carry
// no password; anything else is cut).
func redactDSN(dsn string) string {
	if strings.HasPrefix(dsn, "sqlite:") || strings.HasPrefix(dsn, "file:") {
		return dsn
	}
	scheme, _, _ := strings.Cut(dsn, ":")
	return scheme + ":..."
}

// newSharedMonitor is newMonitor for a worker: its crawler keeps every
// shop's delay and parallelism in Redis, shared by every worker, from the
// first request on (the limiter must be set before ShareLimits).
func newSharedMonitor(e *env, cfg *loaded, db monitor.Store, rdb *redis.Client, log *slog.Logger) (*monitor.Monitor, *scraper.Crawler) {
	cr := &scraper.Crawler{Logger: log, Now: e.now, Limiter: queue.NewLimiter(rdb)}
	cr.ShareLimits(cfg.Comps...)
	m := &monitor.Monitor{Store: db, Crawler: cr, Config: cfg.Config, Competitors: cfg.Comps, Now: e.now, Logger: log}
	cr.Observer = m.Observer()
	return m, cr
}
