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
  catalog import   load our catalog from a CSV file
  matches import   load reviewed match decisions from a CSV file
  extract          print the offers found on pages (URLs or files) as JSON lines
  price            parse price texts from stdin, one per line, as JSON lines
  check            fetch one page per competitor and report which fields were found

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
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		return cmdRun(ctx, e, rest)
	case "catalog", "matches":
		if len(rest) == 0 || rest[0] != "import" {
			return cmdline.Usagef("usage: crawler %s import [--config F] FILE.csv", cmd)
		}
		if cmd == "catalog" {
			return cmdCatalogImport(ctx, e, rest[1:])
		}
		return cmdMatchesImport(ctx, e, rest[1:])
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

// dsn picks the database: SHELFWATCH_DB wins over the config file.
func dsn(e *env, cfg *scraper.Config) string {
	if v := strings.TrimSpace(e.getenv("SHELFWATCH_DB")); v != "" {
		return v
	}
	return cfg.Database
}
