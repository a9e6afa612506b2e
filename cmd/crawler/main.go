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
	"os"
	"os/signal"
	"syscall"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(cmdline.ExitCode("crawler", err, os.Stderr))
}
