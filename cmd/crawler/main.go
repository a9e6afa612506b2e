// Command crawler snapshots competitors' online shelves into shelfwatch's
// database and loads our own catalog and match decisions.
//
//	crawler run [--config F] [--competitor NAME]
//	crawler catalog import [--config F] FILE.csv
//	crawler matches import [--config F] FILE.csv
//	crawler extract [--config F --competitor NAME] URL|FILE...
//	crawler price [--currency C] [--decimal-separator S] < lines
//	crawler check [--config F] [--competitor NAME]
//
// Exit status: 0 on success, 1 when a crawl or import failed, 2 for a bad
// command line or configuration.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go stopOnSignals(sigs, cancel, os.Exit, os.Stderr)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	cancel()
	os.Exit(cmdline.ExitCode("crawler", err, os.Stderr))
}

// stopOnSignals turns the first signal into a clean stop (cancel: fetching
// stops, what was fetched is saved, runs are marked interrupted) and a
// second into exit(130) at once, for an operator who will not wait for
// the saving. It returns when sigs is closed.
func stopOnSignals(sigs <-chan os.Signal, cancel func(), exit func(int), stderr io.Writer) {
	if _, ok := <-sigs; !ok {
		return
	}
	fmt.Fprintln(stderr, "crawler: stopping: saving what was fetched (signal again to exit at once)")
	cancel()
	if _, ok := <-sigs; !ok {
		return
	}
	fmt.Fprintln(stderr, "crawler: second signal: exiting at once")
	exit(130)
}
