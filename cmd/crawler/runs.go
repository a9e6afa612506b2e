package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/store"
)

const runsUsage = `usage: crawler runs <list|accept|discard> [flags]

  list     the latest runs: id, competitor, status, reason, pages, items, price coverage, started, duration
  accept   make a suspect run its competitor's baseline: later runs are compared with it, reports use it
  discard  exclude a run from every analysis (its rows are kept for audit)
`

// cmdRuns dispatches the runs subcommands.
func cmdRuns(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, runsUsage)
		return cmdline.Usagef("runs: no subcommand given")
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "list":
		return cmdRunsList(ctx, e, rest)
	case "accept", "discard":
		return cmdRunsDecide(ctx, e, sub, rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(e.stdout, runsUsage)
		return nil
	default:
		fmt.Fprint(e.stderr, runsUsage)
		return cmdline.Usagef("runs: unknown subcommand %q", sub)
	}
}

// openStore loads the config at path and opens its database.
func openStore(ctx context.Context, e *env, path string) (*store.DB, error) {
	cfg, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, dsn(e, cfg.Config))
}

func cmdRunsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "runs list", "runs list [--config F] [--competitor NAME] [--limit N]")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	competitor := fs.String("competitor", "", "only this competitor's runs")
	limit := fs.Int("limit", 20, "show the latest `N` runs (0 for all)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return cmdline.Usagef("runs list: unexpected arguments %q", pos)
	}
	if *limit < 0 {
		return cmdline.Usagef("runs list: --limit must be 0 or more, got %d", *limit)
	}
	db, err := openStore(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	runs, err := db.LatestRuns(ctx, *competitor, "", *limit)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintln(e.stdout, "no runs")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOMPETITOR\tSTATUS\tREASON\tPAGES\tITEMS\tWITH PRICE\tSTARTED\tDURATION")
	for _, r := range runs {
		coverage := "-"
		if r.Items > 0 {
			coverage = fmt.Sprintf("%d%%", r.WithPrice*100/r.Items)
		}
		duration := "-"
		if !r.FinishedAt.IsZero() {
			duration = r.FinishedAt.Sub(r.StartedAt).Round(time.Second).String()
		}
		reason := r.Reason
		if reason == "" {
			reason = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", r.ID, r.Competitor, r.Status, shorten(reason, 70),
			r.Pages, r.Items, coverage, r.StartedAt.Format("2006-01-02 15:04Z"), duration)
	}
	return tw.Flush()
}

// shorten cuts s to n runes with an ellipsis, so one long reason does not
// push the table off the screen.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func cmdRunsDecide(ctx context.Context, e *env, action string, args []string) error {
	fs := newFlags(e, "runs "+action, "runs "+action+" [--config F] [--by NAME] RUN_ID")
	configPath := fs.String("config", defaultConfig, "config `file` (for the database)")
	by := fs.String("by", "", "who decides (default $USER)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cmdline.Usagef("runs %s: want exactly one RUN_ID, got %d arguments", action, len(pos))
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return cmdline.Usagef("runs %s: RUN_ID %q is not a run id (see crawler runs list)", action, pos[0])
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		who = strings.TrimSpace(e.getenv("USER"))
	}
	if who == "" {
		return cmdline.Usagef("runs %s: say who decides with --by NAME ($USER is not set)", action)
	}
	db, err := openStore(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var r store.Run
	if action == "accept" {
		r, err = db.AcceptRun(ctx, id, who, e.now())
	} else {
		r, err = db.DiscardRun(ctx, id, who, e.now())
	}
	if err != nil {
		return err
	}
	if action == "accept" {
		fmt.Fprintf(e.stdout, "run %d of %s accepted by %s: it is %s's baseline; later runs are compared with it (%d items, %d with a price)\n",
			r.ID, r.Competitor, who, r.Competitor, r.Items, r.WithPrice)
	} else {
		fmt.Fprintf(e.stdout, "run %d of %s discarded by %s: no report, alarm or match uses it; its rows are kept\n", r.ID, r.Competitor, who)
	}
	return nil
}
