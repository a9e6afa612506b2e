package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/progress"
	"github.com/shelfwatch/shelfwatch/scraper"
)

const defaultConfig = "configs/shelfwatch.yaml"

// env is what every subcommand gets from main: its I/O and environment.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	now    func() time.Time
}

const usage = `usage: crawler <command> [flags]

Commands:
  run              crawl competitors (all, or --competitor NAME) into the database
  schedule         the daemon: crawl at each competitor's cron schedule, serve /healthz and /metrics
  worker           take crawls from a Redis queue (run and schedule with --redis queue them)
  queue            print the Redis queue's tasks per competitor
  catalog import   load our catalog from a CSV file (--replace retires SKUs missing from it)
  matches import   load reviewed match decisions from a CSV file
  extract          print the offers found on pages (URLs or files) as JSON lines
  price            parse price texts from stdin, one per line, as JSON lines
  check            fetch one page per competitor and report which fields were found
  runs             list runs; accept a suspect run as the new baseline; discard a run
  prune            delete old runs' observations, keeping each ISO week's last run

Run 'crawler <command> --help' for a command's flags.
Environment: SHELFWATCH_DB overrides the config's database DSN.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{
		getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		now: time.Now,
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("no command given")
	}
	if cmdline.IsVersionRequest(args) {
		fmt.Fprintln(stdout, cmdline.Version("crawler"))
		return nil
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		return cmdRun(ctx, e, rest)
	case "schedule":
		return cmdSchedule(ctx, e, rest)
	case "worker":
		return cmdWorker(ctx, e, rest)
	case "queue":
		return cmdQueue(ctx, e, rest)
	case "catalog", "matches":
		if len(rest) == 0 || rest[0] != "import" {
			return cmdline.Usagef("usage: crawler %s import [--config F] FILE.csv", cmd)
		}
		if cmd == "catalog" {
			return cmdCatalogImport(ctx, e, rest[1:])
		}
		return cmdMatchesImport(ctx, e, rest[1:])
	case "runs":
		return cmdRuns(ctx, e, rest)
	case "prune":
		return cmdPrune(ctx, e, rest)
	case "extract":
		return cmdExtract(ctx, e, rest)
	case "price":
		return cmdPrice(ctx, e, rest)
	case "check":
		return cmdCheck(ctx, e, rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("unknown command %q", cmd)
	}
}

// newFlags returns the flag set of a crawler subcommand.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	return cmdline.NewFlagSet(e.stderr, "crawler", name, synopsis)
}

// loaded is the config file as the crawler reads it: the whole file
// (package config) and its competitors (package scraper).
type loaded struct {
	*config.Config
	Comps []scraper.Competitor
}

// loadConfig loads the config file at path with its competitors.
func loadConfig(path string) (*loaded, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	d, n := cfg.CompetitorSection()
	comps, err := scraper.DecodeCompetitors(d, n, "competitors", scraper.Section{
		Tree: cfg.Categories, ContactURL: cfg.ContactURL, Owned: config.CompetitorKeys,
	})
	if err != nil {
		return nil, err
	}
	return &loaded{Config: cfg, Comps: comps}, nil
}

// competitor returns the competitor called name, or an error listing the
// known names.
func (l *loaded) competitor(name string) (scraper.Competitor, error) {
	if _, err := l.Competitor(name); err != nil {
		return scraper.Competitor{}, err
	}
	for _, c := range l.Comps {
		if c.Name == name {
			return c, nil
		}
	}
	return scraper.Competitor{}, fmt.Errorf("unknown competitor %q", name)
}

// dsn picks the database: SHELFWATCH_DB wins over the config file.
func dsn(e *env, cfg *config.Config) string {
	if v := strings.TrimSpace(e.getenv("SHELFWATCH_DB")); v != "" {
		return v
	}
	return cfg.Database
}

// logging returns the command's logger as the logging flags ask, and the
// progress display (nil under -q): bars on a terminal, with log lines
// written above them, or a log line per competitor every 10 s elsewhere.
func (e *env) logging(lf *cmdline.LogFlags) (*slog.Logger, *progress.Progress) {
	log := lf.Logger(e.stderr)
	if !lf.ShowProgress() {
		return log, nil
	}
	term := cmdline.IsTerminal(e.stderr)
	prog := progress.New(e.stderr, term, log, 0, progress.WithClock(e.now))
	if term {
		log = lf.Logger(prog)
	}
	return log, prog
}
