package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

const defaultConfig = "configs/shelfwatch.yaml"

type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

const usage = `usage: report <command> [flags]

Commands:
  digest        the weekly competitor digest: tiers, our positions, gaps, changes
  positioning   the feed for planning tools: one row per our item and per category tier
  matches       match candidates for people to review (--review)
  plan          a sales target as monthly/daily targets, orders and visitors per day

Run 'report <command> --help' for a command's flags.
Environment: SHELFWATCH_DB overrides the config's database DSN.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr, now: time.Now}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "digest":
		return cmdDigest(ctx, e, rest)
	case "positioning":
		return cmdPositioning(ctx, e, rest)
	case "matches":
		return cmdMatches(ctx, e, rest)
	case "plan":
		return cmdPlan(ctx, e, rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("unknown command %q", cmd)
	}
}

// newFlags returns the flag set of a report subcommand.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	return cmdline.NewFlagSet(e.stderr, "report", name, synopsis)
}

// openDB loads the config and opens its database (SHELFWATCH_DB wins).
func openDB(ctx context.Context, e *env, configPath string) (*scraper.Config, *store.DB, error) {
	cfg, err := scraper.LoadConfig(configPath)
	if err != nil {
		return nil, nil, err
	}
	dsn := cfg.Database
	if v := strings.TrimSpace(e.getenv("SHELFWATCH_DB")); v != "" {
		dsn = v
	}
	// Reports only read: opening a mistyped SQLite path would create an
	// empty database and print an empty digest instead of saying so.
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok && path != ":memory:" {
		path, _, _ = strings.Cut(path, "?")
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("no database at %s: run 'crawler run' first, or set SHELFWATCH_DB or the config's database", path)
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return cfg, db, nil
}

// output returns where a report goes: stdout, or a file written atomically so
// a failed report never leaves half a file where the last good one was.
func output(e *env, path string) (w io.Writer, commit func() error, err error) {
	if path == "" || path == "-" {
		return e.stdout, func() error { return nil }, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, err
	}
	return f, func() error {
		// CreateTemp makes the file private; a report is meant to be shared.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return err
		}
		if err := f.Close(); err != nil {
			os.Remove(f.Name())
			return err
		}
		return os.Rename(f.Name(), path)
	}, nil
}

// discard removes an unfinished output file.
func discard(w io.Writer) {
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		name := f.Name()
		f.Close()
		os.Remove(name)
	}
}

// checkFormat returns a usage error unless format is one of allowed.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return cmdline.Usagef("--format %q: want one of %s", format, strings.Join(allowed, ", "))
}
