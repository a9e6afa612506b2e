package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "run [--config F] [--competitor NAME] [--parallel N] [--resume] [--redis URL] [--log-format text|json] [--log-level L] [-q]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	only := fs.String("competitor", "", "crawl only this competitor (default: all)")
	parallel := fs.Int("parallel", 4, "competitors crawled at the same time")
	resume := fs.Bool("resume", false, "continue each competitor's latest interrupted or abandoned run, skipping the pages it saved")
	redisURL := fs.String("redis", "", "queue the crawls in the Redis at `URL` for crawler worker processes and wait for them (needs PostgreSQL)")
	lf := cmdline.AddLogFlags(fs)
	// Hidden (not in the synopsis): bench/crawl profiles the whole run with it.
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file`")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *parallel < 1 {
		return cmdline.Usagef("run: --parallel must be at least 1")
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	var opt monitor.Options
	opt.Resume = *resume
	if *only != "" {
		if _, err := cfg.competitor(*only); err != nil {
			return cmdline.UsageError{Err: err}
		}
		opt.Competitors = []string{*only}
	}
	if *redisURL != "" {
		if *resume {
			return cmdline.Usagef("run: --resume with --redis: queued runs continue from their frontier in Redis by themselves")
		}
		// Fail before anything else on a Redis that is down.
		rdb, err := connectQueue(ctx, e, cfg, *redisURL, "run")
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

	log, prog := e.logging(lf)
	if cfg.ContactURL == "" {
		fmt.Fprintf(e.stderr, "warning: %s sets no contact_url: shops cannot tell who is crawling them or how to reach you\n", cfg.Path)
	}
	m := newMonitor(e, cfg, db, log)
	m.Parallel, m.Progress = *parallel, prog
	alerts, err := attachAlerter(e, cfg, m, db, log)
	if err != nil {
		return err
	}
	var rep monitor.Report
	if *redisURL != "" {
		rep, err = runQueued(ctx, e, cfg, *redisURL, opt.Competitors, m, false)
	} else {
		rep, err = m.Run(ctx, opt)
	}
	prog.Wait()
	// A broken catalog file must not cost the week's crawl: Run reports
	// it, crawls anyway, and the command fails at the end.
	if rep.Catalog != nil {
		rep.Catalog.Print(e.stdout, e.stderr)
	}
	if rep.CatalogErr != nil {
		fmt.Fprintln(e.stderr, "crawler:", rep.CatalogErr, "(crawled anyway)")
	}
	rep.PrintSummary(e.stdout)
	if alerts != nil {
		// A failed delivery is kept for the next crawl: said, not fatal.
		alerts.Report().Print(e.stdout)
	}
	if err != nil {
		return err
	}
	if rep.Match != nil {
		rep.Match.Print(e.stdout, e.stderr)
	}
	if err := ctx.Err(); err != nil {
		return errors.Join(rep.Err(), fmt.Errorf("run: interrupted: %w", err))
	}
	return rep.Err()
}

// newMonitor wires the run lifecycle: the store, a crawler sharing every
// entry's host limits, and the crawler's observer feeding the monitor's
// metrics and progress.
func newMonitor(e *env, cfg *loaded, db monitor.Store, log *slog.Logger) *monitor.Monitor {
	cr := &scraper.Crawler{Logger: log, Now: e.now}
	// Every entry of the file, crawled or not, so that entries naming one
	// shop share its strictest limits from the first request on.
	cr.ShareLimits(cfg.Comps...)
	m := &monitor.Monitor{Store: db, Crawler: cr, Config: cfg.Config, Competitors: cfg.Comps, Now: e.now, Logger: log}
	cr.Observer = m.Observer()
	return m
}

func cmdCatalogImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "catalog import", "catalog import [--config F] [--currency C] [--encoding NAME] [--replace] FILE.csv")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	currency := fs.String("currency", "", "currency for rows without one (default: the first competitor's)")
	replace := fs.Bool("replace", false, "the file is the whole catalog: retire SKUs missing from it")
	encoding := fs.String("encoding", "", "the file's character `encoding` (gbk, big5, shift_jis, windows-1252, utf-16le, …; default: the config's catalog_encoding, else detected)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cmdline.Usagef("catalog import: want exactly one CSV file, got %d arguments", len(pos))
	}
	if *encoding != "" {
		if err := config.CheckEncoding(*encoding); err != nil {
			return cmdline.Usagef("catalog import: --encoding: %v", err)
		}
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if *encoding != "" {
		// The flag wins over catalog_encoding: the monitor reads it there.
		cfg.CatalogEncoding = *encoding
	}
	if *currency == "" {
		*currency = (&monitor.Monitor{Competitors: cfg.Comps}).DefaultCurrency()
	}
	db, err := store.Open(ctx, dsn(e, cfg.Config))
	if err != nil {
		return err
	}
	defer db.Close()
	m := newMonitor(e, cfg, db, e.log)
	if *replace {
		if err := replaceCatalog(ctx, e, m, db, pos[0], strings.ToUpper(*currency)); err != nil {
			return err
		}
		return rematch(ctx, e, m)
	}
	rep, err := m.ImportCatalog(ctx, pos[0], strings.ToUpper(*currency))
	if err != nil {
		return err
	}
	rep.Print(e.stdout, e.stderr)
	return rematch(ctx, e, m)
}

func cmdMatchesImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "matches import", "matches import [--config F] FILE.csv")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cmdline.Usagef("matches import: want exactly one CSV file, got %d arguments", len(pos))
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("matches: %w", err)
	}
	defer f.Close()
	ds, bad, err := catalogcsv.ReadDecisions(pos[0], f)
	if err != nil {
		return fmt.Errorf("matches: %w", err)
	}
	for _, b := range bad {
		fmt.Fprintln(e.stderr, "skipped:", b)
	}
	db, err := store.Open(ctx, dsn(e, cfg.Config))
	if err != nil {
		return err
	}
	defer db.Close()
	ds, unknown, err := knownDecisions(ctx, db, pos[0], ds)
	if err != nil {
		return fmt.Errorf("matches: %w", err)
	}
	for _, u := range unknown {
		fmt.Fprintln(e.stderr, "skipped:", u)
	}
	bad = append(bad, unknown...)
	recs := make([]store.MatchRecord, 0, len(ds))
	for _, d := range ds {
		dec := "rejected"
		if d.Confirmed {
			dec = "confirmed"
		}
		recs = append(recs, store.MatchRecord{
			Match:    pricing.Match{CatalogSKU: d.CatalogSKU, Competitor: d.Competitor, ListingKey: d.ListingKey, Method: pricing.MatchConfirmed, Score: 1},
			Decision: dec,
		})
	}
	if err := db.SaveMatches(ctx, recs); err != nil {
		return fmt.Errorf("matches %s: %w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "matches: recorded %d decisions from %s (%d rows skipped)\n", len(recs), pos[0], len(bad))
	return rematch(ctx, e, newMonitor(e, cfg, db, e.log))
}

// knownDecisions keeps the decisions about catalog items and listings the
// database knows (a listing seen in the competitor's latest successful run)
// and returns one error naming file and line for each of the others: a typo
// in a reviewed sheet must not be stored as a decision nobody can see.
func knownDecisions(ctx context.Context, db *store.DB, file string, ds []catalogcsv.Decision) ([]catalogcsv.Decision, []error, error) {
	items, err := db.Catalog(ctx)
	if err != nil {
		return nil, nil, err
	}
	skus := map[string]bool{}
	for _, it := range items {
		skus[it.SKU] = true
	}
	comps, err := db.Competitors(ctx)
	if err != nil {
		return nil, nil, err
	}
	offers, err := monitor.LatestOffers(ctx, db, comps)
	if err != nil {
		return nil, nil, err
	}
	type lk struct{ comp, key string }
	listings := map[lk]bool{}
	for _, o := range offers {
		listings[lk{o.Competitor, o.Key}] = true
	}
	var ok []catalogcsv.Decision
	var bad []error
	for _, d := range ds {
		switch {
		case !skus[d.CatalogSKU]:
			bad = append(bad, &catalogcsv.RowError{File: file, Line: d.Line, Msg: fmt.Sprintf("no catalog item %q", d.CatalogSKU)})
		case !listings[lk{d.Competitor, d.ListingKey}]:
			bad = append(bad, &catalogcsv.RowError{File: file, Line: d.Line, Msg: fmt.Sprintf("%s has no listing %q in its latest successful run", d.Competitor, d.ListingKey)})
		default:
			ok = append(ok, d)
		}
	}
	return ok, bad, nil
}

// startCPUProfile profiles the process into path until the returned
// function is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("run: --cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("run: --cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
