package cmdline

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
)

// LogFlags are the logging flags of every shelfwatch command:
//
//	--log-format text|json   the log's encoding (text)
//	--log-level LEVEL        debug, info, warn or error (info)
//	-q, --quiet              only errors in the log and no progress display:
//	                         what remains is the command's summary and errors
//
// Register them with AddLogFlags before parsing; bad values are parse
// errors, so Parse reports them as usage errors.
type LogFlags struct {
	Format string // "text" or "json"
	Level  slog.Level
	Quiet  bool
}

// AddLogFlags registers the logging flags on fs and returns their values,
// filled in when fs is parsed.
func AddLogFlags(fs *flag.FlagSet) *LogFlags {
	f := &LogFlags{Format: "text", Level: slog.LevelInfo}
	fs.Func("log-format", "log encoding: text or json (default text)", func(s string) error {
		switch v := strings.ToLower(s); v {
		case "text", "json":
			f.Format = v
			return nil
		}
		return fmt.Errorf("want text or json")
	})
	fs.Func("log-level", "least severe log level shown: debug, info, warn or error (default info)", func(s string) error {
		l, err := ParseLevel(s)
		if err == nil {
			f.Level = l
		}
		return err
	})
	fs.BoolVar(&f.Quiet, "q", false, "quiet: only the summary and errors (log level error, no progress)")
	fs.BoolVar(&f.Quiet, "quiet", false, "same as -q")
	return f
}

// ParseLevel parses debug, info, warn (or warning) and error, in any case.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("want debug, info, warn or error")
}

// EffectiveLevel is the level the logger filters at: error under -q, which
// beats --log-level, else the --log-level value.
func (f *LogFlags) EffectiveLevel() slog.Level {
	if f.Quiet {
		return slog.LevelError
	}
	return f.Level
}

// ShowProgress reports whether the command may show progress (bars or
// periodic progress lines): not under -q.
func (f *LogFlags) ShowProgress() bool { return !f.Quiet }

// Logger returns a logger writing to w (the command's stderr, or a
// progress.Progress while bars are drawn) in the chosen format, at
// EffectiveLevel.
func (f *LogFlags) Logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: f.EffectiveLevel()}
	if f.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// IsTerminal reports whether w is a terminal (an *os.File on a TTY, or a
// Cygwin/MSYS terminal), where live progress bars make sense.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}
