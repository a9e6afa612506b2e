// Package cmdline is the command-line plumbing shared by shelfwatch's
// commands: usage errors and the exit status they map to, and flag sets that
// report problems instead of exiting the process.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// ErrHelp ends a run whose user asked for help; the usage was printed.
var ErrHelp = errors.New("help requested")

// UsageError is a bad command line: exit status 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, a ...any) error { return UsageError{fmt.Errorf(format, a...)} }

// IsUsage reports whether err is the user's to fix before running again: a
// bad command line, config file (yamlconf.ErrConfig) or database DSN
// (store.ErrBadDSN).
func IsUsage(err error) bool {
	var u UsageError
	return errors.As(err, &u) || errors.Is(err, yamlconf.ErrConfig) || errors.Is(err, store.ErrBadDSN)
}

// ExitCode reports err on stderr as "prog: err" and returns the exit status:
// 0 for success or help, 2 for usage errors, 1 for any other failure.
func ExitCode(prog string, err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, ErrHelp):
		return 0
	case IsUsage(err):
		fmt.Fprintln(stderr, prog+":", err)
		return 2
	default:
		fmt.Fprintln(stderr, prog+":", err)
		return 1
	}
}

// NewFlagSet returns a flag set for the subcommand "prog name" that writes
// its usage, headed by the synopsis, to stderr and returns parse errors.
func NewFlagSet(stderr io.Writer, prog, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s %s\n\nFlags:\n", prog, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args and returns the positional arguments; flags may come
// before or after them, and "--" ends the flags. A parse error is a
// UsageError; -h or --help gives ErrHelp.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ErrHelp
			}
			return nil, UsageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// ParseNoArgs is Parse for subcommands that take no positional arguments.
func ParseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("%s: unexpected argument %q", fs.Name(), pos[0])
	}
	return nil
}
