package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"text/tabwriter"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/queue"
)

// cmdQueue is `crawler queue`: the queue's tasks per competitor.
func cmdQueue(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "queue", "queue --redis URL")
	redisURL := fs.String("redis", "", "Redis `URL` of the queue (required)")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *redisURL == "" {
		return cmdline.Usagef("queue: --redis URL is required")
	}
	rdb, err := queue.Connect(ctx, *redisURL)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	defer rdb.Close()
	counts, workers, err := queue.Stats(rdb)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPETITOR\tQUEUED\tACTIVE\tRETRY\tFAILED")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", c.Competitor, c.Queued, c.Active, c.Retry, c.Failed)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "workers: %d\n", workers)
	return nil
}

// runQueued is `crawler run --redis`: it imports the catalog here, queues
// the competitors' crawls for the workers, waits for every run and prints
// the summary `crawler run` prints. The worker finishing each run
// re-matches. The daemon skips the catalog (it imports it at start-up).
func runQueued(ctx context.Context, e *env, cfg *loaded, redisURL string, names []string, m *monitor.Monitor, skipCatalog bool) (monitor.Report, error) {
	var rep monitor.Report
	rdb, err := queue.Connect(ctx, redisURL)
	if err != nil {
		return rep, fmt.Errorf("run: %w", err)
	}
	defer rdb.Close()
	if cfg.Catalog != "" && !skipCatalog {
		cr, err := m.ImportCatalog(ctx, cfg.Catalog, m.DefaultCurrency())
		rep.Catalog = &cr
		if err != nil {
			rep.CatalogErr = err
		}
	}
	c := queue.NewClient(rdb)
	defer c.Close()
	if len(names) == 0 {
		for _, comp := range cfg.Comps {
			names = append(names, comp.Name)
		}
	}
	queued := make([]queue.Enqueued, len(names))
	for i, n := range names {
		if queued[i], err = c.Enqueue(ctx, n); err != nil {
			return rep, fmt.Errorf("run: %w", err)
		}
		if queued[i].Existing {
			fmt.Fprintf(e.stderr, "crawler: %s: a crawl is queued or running already; waiting for it\n", n)
		}
	}
	rep.Results = make([]monitor.Result, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i := range queued {
		wg.Go(func() { rep.Results[i], errs[i] = c.Wait(ctx, queued[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil && ctx.Err() == nil {
		return rep, err
	}
	return rep, nil
}
