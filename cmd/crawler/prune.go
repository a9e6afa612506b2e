package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/store"
)

// minKeep guards against a typo (--keep 4h) pruning nearly everything.
const minKeep = 7 * 24 * time.Hour

func cmdPrune(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "prune", "prune [--config F] --keep AGE [--dry-run]")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	keep := fs.String("keep", "", "keep every run of the last `AGE` (400d, 57w, 9600h); older runs keep only each ISO week's last")
	dryRun := fs.Bool("dry-run", false, "say what would be removed, remove nothing")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return cmdline.Usagef("prune: unexpected arguments %q", pos)
	}
	age, err := parseKeep(*keep)
	if err != nil {
		return cmdline.Usagef("prune: --keep: %v", err)
	}
	db, err := openStore(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Prune deletes listings no run shows any more, and a crawl in progress
	// keeps its competitor's listings cached: hold every competitor's
	// crawl lock, so prune and a crawl never overlap.
	comps, err := db.Competitors(ctx)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	for _, c := range comps {
		lock, err := db.LockCompetitor(ctx, c, store.Holder{Host: host, PID: os.Getpid()})
		if err != nil {
			return fmt.Errorf("prune: %s: %w; nothing was pruned, try again when the crawl is done", c, err)
		}
		defer lock.Release(context.WithoutCancel(ctx))
	}
	cutoff := e.now().UTC().Add(-age)
	rep, err := db.Prune(ctx, cutoff, *dryRun)
	if err != nil {
		return err
	}
	verb := "removed"
	if rep.DryRun {
		verb = "would remove"
	}
	fmt.Fprintf(e.stdout, "prune: runs started before %s: %d pruned, %d kept as their ISO week's last\n",
		cutoff.Format(time.RFC3339), len(rep.Pruned), rep.KeptWeekly)
	fmt.Fprintf(e.stdout, "prune: %s %d observations, %d saved pages, %d listing versions, %d listings no run shows any more, %d matches of them\n",
		verb, rep.Observations, rep.RunPages, rep.Versions, rep.Listings, rep.Matches)
	if len(rep.Partitions) > 0 {
		months := make([]string, len(rep.Partitions))
		for i, m := range rep.Partitions {
			months[i] = m.Format("2006-01")
		}
		fmt.Fprintf(e.stdout, "prune: %s the observation partitions of %s\n", strings.Replace(verb, "remove", "drop", 1), strings.Join(months, ", "))
	}
	perComp := map[string]int{}
	var order []string
	for _, r := range rep.Pruned {
		if perComp[r.Competitor] == 0 {
			order = append(order, r.Competitor)
		}
		perComp[r.Competitor]++
	}
	for _, c := range order {
		fmt.Fprintf(e.stdout, "prune: %s: %d runs\n", c, perComp[c])
	}
	return nil
}

// parseKeep parses an age: whole days ("400d"), weeks ("57w") or a Go
// duration ("9600h"); at least minKeep.
func parseKeep(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("required (e.g. --keep 400d)")
	}
	var d time.Duration
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if unit, ok := units[s[len(s)-1]]; ok {
		n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("%q is not an age like 400d or 57w", s)
		}
		d = time.Duration(n) * unit
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not an age like 400d, 57w or 9600h", s)
		}
	}
	if d < minKeep {
		return 0, fmt.Errorf("%s is less than 7 days: refusing to prune so much", s)
	}
	return d, nil
}
