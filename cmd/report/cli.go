package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

const defaultConfig = "configs/shelfwatch.yaml"

type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
	// logFlags are the subcommand's --log-format, --log-level and -q,
	// registered by newFlags (each run parses one subcommand).
	logFlags *cmdline.LogFlags
}

const usage = `usage: report <command> [flags]

Commands:
  digest        the weekly competitor digest: tiers, our positions, gaps, changes
  positioning   the feed for planning tools: one row per our item and per category tier
  matches       match candidates for people to review (--review)
  plan          a sales target as monthly/daily targets, orders and visitors per day
  serve         a read-only web server: the digest, tier maps, item histories, and the API
  history       price history of one of our items, one listing, or a category's tier cuts

Every command takes --log-format text|json, --log-level debug|info|warn|error
and -q (errors only). 'report --version' prints the version.
Run 'report <command> --help' for a command's flags.
Environment: SHELFWATCH_DB overrides the config's database DSN.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr, now: time.Now}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("no command given")
	}
	if cmdline.IsVersionRequest(args) {
		fmt.Fprintln(stdout, cmdline.Version("report"))
		return nil
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
	case "serve":
		return cmdServe(ctx, e, rest)
	case "history":
		return cmdHistory(ctx, e, rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return cmdline.Usagef("unknown command %q", cmd)
	}
}

// newFlags returns the flag set of a report subcommand, with the logging
// flags every subcommand takes (see env.log).
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := cmdline.NewFlagSet(e.stderr, "report", name, synopsis)
	e.logFlags = cmdline.AddLogFlags(fs)
	return fs
}

// log returns the logger on stderr that the logging flags ask for: what
// the command tells besides its output (serve's requests, delivery
// retries, how a plan found its AOV); -q keeps errors only.
func (e *env) log() *slog.Logger {
	if e.logFlags == nil {
		return slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	return e.logFlags.Logger(e.stderr)
}

// logAtLeast is log, but showing nothing less severe than min: for
// libraries whose info lines repeat what the command prints itself
// (notify's "digest delivered" next to "sent the digest to …").
func (e *env) logAtLeast(min slog.Level) *slog.Logger {
	lf := cmdline.LogFlags{Format: "text", Level: min}
	if e.logFlags != nil {
		lf = *e.logFlags
		lf.Level = max(lf.Level, min)
	}
	return lf.Logger(e.stderr)
}

// openDB loads the config and opens its database (see openStore).
func openDB(ctx context.Context, e *env, configPath string) (*config.Config, *store.DB, error) {
	cfg, err := config.Load(configPath)
	if err != nil {
		return nil, nil, err
	}
	db, err := openStore(ctx, e, cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, db, nil
}

// openStore opens the config's database (SHELFWATCH_DB wins), refusing a
// SQLite file that does not exist.
func openStore(ctx context.Context, e *env, cfg *config.Config) (*store.DB, error) {
	dsn := cfg.Database
	if v := strings.TrimSpace(e.getenv("SHELFWATCH_DB")); v != "" {
		dsn = v
	}
	// Reports only read: opening a mistyped SQLite path would create an
	// empty database and print an empty digest instead of saying so.
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok && path != ":memory:" {
		path, _, _ = strings.Cut(path, "?")
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s: run 'crawler run' first, or set SHELFWATCH_DB or the config's database", path)
		}
	}
	return store.Open(ctx, dsn)
}

// write renders into the --out destination: stdout for "" or "-", else
// the file, replaced only when fn succeeds (digest.WriteFile), so a failed
// report never leaves half a file where the last good one was.
func write(e *env, path string, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(e.stdout)
	}
	return digest.WriteFile(path, fn)
}

// outFlag declares --out, the same on every subcommand that writes a
// report (see write).
func outFlag(fs *flag.FlagSet) *string {
	return fs.String("out", "", "write to this `file` instead of stdout")
}

// excelFlag is --excel of the commands that write CSV.
func excelFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("excel", false, "for csv: a UTF-8 byte-order mark and CRLF line ends, so Excel on Windows reads Chinese text right")
}

// forExcel returns w, written for Excel on Windows (render.ExcelCSV) when
// excel is set.
func forExcel(w io.Writer, excel bool) io.Writer {
	if excel {
		return render.ExcelCSV(w)
	}
	return w
}

// parseFormat parses args, which must be flags only, and then checks
// --format against allowed: every report subcommand starts so.
func parseFormat(fs *flag.FlagSet, args []string, format *string, allowed ...string) error {
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	return checkFormat(*format, allowed...)
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
