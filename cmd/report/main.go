// Command report turns shelfwatch's crawl history into what the operations
// team reads each week and what its planning tools import.
//
//	report digest      [--since 168h] [--format text|markdown|json|html] [--out FILE]
//	report positioning [--format csv|json|xlsx] [--out FILE]
//	report matches     --review [--format csv|json] [--out FILE]
//	report plan        --target AMOUNT --per year|month|day [--conversion 0.02] [--aov 45 | --tier mid --category C]
//
// Exit status: 0 on success, 1 on failure, 2 for a bad command line or
// configuration.
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
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(cmdline.ExitCode("report", err, os.Stderr))
}
