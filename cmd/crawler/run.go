package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
)

// runStore is what a crawl run needs from the database.
type runStore interface {
	StartRun(ctx context.Context, competitor string, started time.Time) (store.Run, error)
	SaveOffers(ctx context.Context, runID int64, offers []pricing.Offer) error
	FinishRun(ctx context.Context, r store.Run) error
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
}

// catalogStore is what a catalog import needs from the database.
type catalogStore interface {
	ImportCatalog(ctx context.Context, items []pricing.CatalogItem) (int, error)
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "run [--config F] [--competitor NAME] [--parallel N]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	only := fs.String("competitor", "", "crawl only this competitor (default: all)")
	parallel := fs.Int("parallel", 4, "competitors crawled at the same time")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *parallel < 1 {
		return cmdline.Usagef("run: --parallel must be at least 1")
	}
	cfg, err := scraper.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	comps := cfg.Competitors
	if *only != "" {
		c, err := cfg.Competitor(*only)
		if err != nil {
			return cmdline.UsageError{Err: err}
		}
		comps = []scraper.Competitor{c}
	}
	db, err := store.Open(ctx, dsn(e, cfg))
	if err != nil {
		return err
	}
	defer db.Close()

	// A broken catalog file must not cost the week's crawl: report it, crawl
	// anyway, and fail the command at the end.
	var catalogErr error
	if cfg.Catalog != "" {
		if catalogErr = importCatalog(ctx, e, db, cfg.Catalog, defaultCurrency(cfg)); catalogErr != nil {
			fmt.Fprintln(e.stderr, "crawler:", catalogErr, "(crawling anyway)")
		}
	}

	if cfg.ContactURL == "" {
		fmt.Fprintf(e.stderr, "warning: %s sets no contact_url: shops cannot tell who is crawling them or how to reach you\n", cfg.Path)
	}
	cr := &scraper.Crawler{Logger: e.log, Now: e.now}
	results := crawlAll(ctx, e, db, cr, comps, *parallel, cfg.Alarms.Thresholds)
	printSummary(e, results)
	if err := rematch(ctx, e, db, matchOptions(cfg)); err != nil {
		return err
	}

	var failed []string
	for _, r := range results {
		if r.err != nil {
			failed = append(failed, r.name)
		}
	}
	if len(failed) > 0 {
		return errors.Join(catalogErr, fmt.Errorf("run: %d of %d competitors failed: %s", len(failed), len(results), strings.Join(failed, ", ")))
	}
	return catalogErr
}

// defaultCurrency is the currency for catalog rows that name none: the first
// competitor's, as the demo and most single-market shops have one currency.
func defaultCurrency(cfg *scraper.Config) string {
	for _, c := range cfg.Competitors {
		if c.Currency != "" {
			return c.Currency
		}
	}
	return "CNY"
}

type result struct {
	name string
	run  store.Run
	dur  time.Duration
	err  error
}

// crawlAll crawls competitors, at most parallel at once, and returns one
// result per competitor in config order.
func crawlAll(ctx context.Context, e *env, db runStore, cr *scraper.Crawler, comps []scraper.Competitor, parallel int, th pricing.Thresholds) []result {
	results := make([]result, len(comps))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, c := range comps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			r, err := crawlOne(ctx, e, db, cr, c, th)
			results[i] = result{name: c.Name, run: r, dur: time.Since(start), err: err}
		}()
	}
	wg.Wait()
	return results
}

// crawlOne crawls one competitor inside a run record. Offers are saved batch
// by batch as they arrive, so a crawl that fails late keeps what it collected;
// the run is then marked failed, and the digest ignores failed runs.
func crawlOne(ctx context.Context, e *env, db runStore, cr *scraper.Crawler, c scraper.Competitor, th pricing.Thresholds) (store.Run, error) {
	run, err := db.StartRun(ctx, c.Name, e.now().UTC())
	if err != nil {
		return run, fmt.Errorf("crawl %s: %w", c.Name, err)
	}
	var q pricing.RunQuality
	stats, crawlErr := cr.Crawl(ctx, c, func(ctx context.Context, offers []pricing.Offer) error {
		if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
			return err
		}
		b := pricing.QualityOf(offers)
		q.Items += b.Items
		q.WithPrice += b.WithPrice
		q.WithTitle += b.WithTitle
		q.WithAvailability += b.WithAvailability
		return nil
	})
	run.FinishedAt = e.now().UTC()
	run.Pages, run.Items, run.Errors = stats.Pages, q.Items, stats.Errors
	run.WithPrice, run.WithTitle, run.WithAvailability = q.WithPrice, q.WithTitle, q.WithAvailability
	run.Status = store.RunSucceeded
	switch {
	case crawlErr != nil:
		run.Status = store.RunFailed
		run.Reason = crawlErr.Error()
		if errors.Is(crawlErr, context.Canceled) {
			run.Reason = "interrupted"
		}
	default:
		prev, err := db.LatestRuns(ctx, c.Name, store.RunSucceeded, 1)
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
		if suspect, reason := pricing.CheckRun(pq, q, th); suspect {
			run.Status, run.Reason = store.RunSuspect, reason
		}
	}
	// Record the outcome even when ctx was cancelled: a run left "running"
	// would hide what was collected.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := db.FinishRun(fctx, run); err != nil && crawlErr == nil {
		crawlErr = fmt.Errorf("crawl %s: %w", c.Name, err)
	}
	// Crawl's errors already name the competitor.
	return run, crawlErr
}

func printSummary(e *env, results []result) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPETITOR\tSTATUS\tPAGES\tITEMS\tWITH PRICE\tERRORS\tDURATION")
	for _, r := range results {
		status := string(r.run.Status)
		if status == "" {
			status = string(store.RunFailed)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\n", r.name, status, r.run.Pages, r.run.Items, r.run.WithPrice, r.run.Errors, r.dur.Round(time.Millisecond))
	}
	tw.Flush()
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(e.stdout, "FAILED %s: %v\n", r.name, r.err)
		} else if r.run.Status == store.RunSuspect {
			fmt.Fprintf(e.stdout, "SUSPECT %s: %s (kept out of the digest's changes and flags)\n", r.name, r.run.Reason)
		}
	}
}

func importCatalog(ctx context.Context, e *env, db catalogStore, path, currency string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	defer f.Close()
	items, bad, err := catalogcsv.ReadCatalog(path, f, currency)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	for _, b := range bad {
		fmt.Fprintln(e.stderr, "skipped:", b)
	}
	n, err := db.ImportCatalog(ctx, items)
	if err != nil {
		return fmt.Errorf("catalog %s: %w", path, err)
	}
	fmt.Fprintf(e.stdout, "catalog: imported %d items from %s", n, path)
	if len(bad) > 0 {
		fmt.Fprintf(e.stdout, " (%d rows skipped, see above)", len(bad))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

func cmdCatalogImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "catalog import", "catalog import [--config F] [--currency C] FILE.csv")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	currency := fs.String("currency", "", "currency for rows without one (default: the first competitor's)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cmdline.Usagef("catalog import: want exactly one CSV file, got %d arguments", len(pos))
	}
	cfg, err := scraper.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	if *currency == "" {
		*currency = defaultCurrency(cfg)
	}
	db, err := store.Open(ctx, dsn(e, cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := importCatalog(ctx, e, db, pos[0], strings.ToUpper(*currency)); err != nil {
		return err
	}
	return rematch(ctx, e, db, matchOptions(cfg))
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
	cfg, err := scraper.LoadConfig(*configPath)
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
	db, err := store.Open(ctx, dsn(e, cfg))
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
	return rematch(ctx, e, db, matchOptions(cfg))
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
	offers, err := latestOffers(ctx, db, comps)
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
